package dev.shunt.sql.translate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shunt.config.Migration;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The old table's column types, read once per migration snapshot from an empty selection of the
 * table (so no catalogue query of either engine's dialect is needed).
 */
public final class ColumnTypes {
  private final Cache<Migration, Map<String, ColumnType>> known = Caffeine.newBuilder().weakKeys().build();

  /** Lower-case old column name → its type. */
  public Map<String, ColumnType> of(Connection old, Dialect oldDialect, Migration m) throws SQLException {
    Map<String, ColumnType> types = known.getIfPresent(m);
    if (types != null) return types;
    types = new LinkedHashMap<>();
    Map<String, String> collations = collations(old, m);
    try (Statement s = old.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + oldDialect.quote(m.oldTable()) + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String name = md.getColumnName(i).toLowerCase(Locale.ROOT);
        types.put(name, ColumnType.of(md, i, collations.get(name)));
      }
    }
    types = Map.copyOf(types);
    known.put(m, types);
    return types;
  }

  /** MariaDB's collation of each text column of the old table, by lower-case name. */
  private static Map<String, String> collations(Connection old, Migration m) throws SQLException {
    Map<String, String> out = new java.util.HashMap<>();
    try (java.sql.PreparedStatement ps = old.prepareStatement("SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS"
        + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?")) {
      ps.setString(1, m.oldTable().schema());
      ps.setString(2, m.oldTable().name());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
      }
    }
    return out;
  }
}
