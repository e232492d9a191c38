package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.sql.Identifiers;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The unique indexes of migrated tables, read from the database's metadata once per connection. */
final class UniqueIndexes {
  private final Dialect dialect;
  private final Map<String, List<List<String>>> byTable = new HashMap<>();
  private final Map<String, Map<String, String>> defaults = new HashMap<>();

  UniqueIndexes(Dialect dialect) { this.dialect = dialect; }

  /** Unique indexes of the migration's old table, each as its column list; read once per connection. */
  List<List<String>> of(Connection c, Migration m) throws SQLException {
    String table = m.oldTable().toString();
    List<List<String>> known = byTable.get(table);
    if (known != null) return known;
    Map<String, List<String>> byName = new LinkedHashMap<>();
    java.sql.DatabaseMetaData md = c.getMetaData();
    String name = dialect.fold(m.oldTable().name());
    String schema = m.oldTable().schema() == null ? null : dialect.fold(m.oldTable().schema());
    String catalog = dialect == Dialect.MARIADB ? (schema != null ? schema : c.getCatalog()) : null;
    String schemaPattern = dialect == Dialect.MARIADB ? null : (schema != null ? schema : c.getSchema());
    try (ResultSet rs = md.getIndexInfo(catalog, schemaPattern, name, true, true)) {
      while (rs.next()) {
        String column = rs.getString("COLUMN_NAME");
        if (column == null || rs.getShort("TYPE") == java.sql.DatabaseMetaData.tableIndexStatistic) continue;
        byName.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>()).add(column);
      }
    }
    List<List<String>> out = new ArrayList<>(byName.values());
    byTable.put(table, out);
    return out;
  }

  /**
   * The default of each column of the migration's old table that has one other than NULL, as the
   * database's metadata writes it (an SQL expression), by lower-case column name; read once per connection.
   */
  Map<String, String> defaults(Connection c, Migration m) throws SQLException {
    String table = m.oldTable().toString();
    Map<String, String> known = defaults.get(table);
    if (known != null) return known;
    Map<String, String> out = new HashMap<>();
    String name = dialect.fold(m.oldTable().name());
    String schema = m.oldTable().schema() == null ? null : dialect.fold(m.oldTable().schema());
    String catalog = dialect == Dialect.MARIADB ? (schema != null ? schema : c.getCatalog()) : null;
    String schemaPattern = dialect == Dialect.MARIADB ? null : (schema != null ? schema : c.getSchema());
    try (ResultSet rs = c.getMetaData().getColumns(catalog, schemaPattern, name, null)) {
      while (rs.next()) {
        String def = rs.getString("COLUMN_DEF");
        if (def == null || def.trim().isEmpty() || def.trim().equalsIgnoreCase("NULL") || def.trim().toUpperCase(java.util.Locale.ROOT).startsWith("NULL::")) continue;
        out.put(rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT), def.trim());
      }
    }
    defaults.put(table, out);
    return out;
  }

  /** Position of column {@code s} in {@code list}, ignoring case and qualification; -1 if absent. */
  static int indexOf(List<String> list, String s) {
    for (int i = 0; i < list.size(); i++) {
      String[] parts = Identifiers.splitQualified(list.get(i));
      if (parts[parts.length - 1].equalsIgnoreCase(s)) return i;
    }
    return -1;
  }
}
