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

  private final Cache<Migration, Map<String, ColumnType>> translated = Caffeine.newBuilder().weakKeys().build();

  /**
   * The old column types as the translation to PostgreSQL uses them: a case-insensitive text
   * column copied unchanged into a PostgreSQL column that compares without case too ({@code citext},
   * or a nondeterministic collation) compares as written.
   */
  public Map<String, ColumnType> forPostgres(Connection old, Connection neu, Migration m) throws SQLException {
    Map<String, ColumnType> known = translated.getIfPresent(m);
    if (known != null) return known;
    Map<String, ColumnType> out = new LinkedHashMap<>(of(old, Dialect.MARIADB, m));
    Map<String, Boolean> caseless = new java.util.HashMap<>(); // new column -> LIKE works there
    try (java.sql.PreparedStatement ps = neu.prepareStatement("SELECT a.attname, t.typname, COALESCE(c.collisdeterministic, true)"
        + " FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid JOIN pg_namespace n ON n.oid = r.relnamespace"
        + " JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation c ON c.oid = a.attcollation"
        + " WHERE r.relname = ? AND n.nspname = COALESCE(?, current_schema()) AND a.attnum > 0 AND NOT a.attisdropped")) {
      ps.setString(1, Dialect.POSTGRESQL.fold(m.newTable().name()));
      ps.setString(2, m.newTable().schema() == null ? null : Dialect.POSTGRESQL.fold(m.newTable().schema()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          boolean citext = "citext".equals(rs.getString(2));
          if (citext || !rs.getBoolean(3)) caseless.put(rs.getString(1).toLowerCase(Locale.ROOT), citext);
        }
      }
    }
    for (Map.Entry<String, String> e : m.columns().entrySet()) {
      String source = e.getValue().trim().toLowerCase(Locale.ROOT);
      String target = e.getKey().toLowerCase(Locale.ROOT);
      ColumnType t = out.get(source);
      // both ways unchanged: a comparison of the old column becomes one of the new column itself
      if (t == null || t.family() != ColumnType.Family.TEXT_CASE_INSENSITIVE || !caseless.containsKey(target)
          || !target.equalsIgnoreCase(reverseOf(m, source))) {
        continue;
      }
      out.put(source, ColumnType.caselessOnPostgres(caseless.get(target)));
    }
    out = Map.copyOf(out);
    translated.put(m, out);
    return out;
  }

  private static String reverseOf(Migration m, String oldColumn) {
    for (Map.Entry<String, String> e : m.reverse().entrySet()) {
      if (e.getKey().equalsIgnoreCase(oldColumn)) return e.getValue().trim();
    }
    return null;
  }

  private final Cache<Migration, Map<String, String>> targets = Caffeine.newBuilder().weakKeys().build();

  /**
   * For each old column copied unchanged into a new PostgreSQL column of a type no MariaDB value
   * is assigned to without a cast (boolean, json, jsonb, uuid): that type, by lower-case old column.
   */
  public Map<String, String> explicitTargets(Connection neu, Dialect newDialect, Migration m) throws SQLException {
    Map<String, String> known = targets.getIfPresent(m);
    if (known != null) return known;
    Map<String, String> byNewColumn = new java.util.HashMap<>();
    try (Statement s = neu.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + newDialect.quote(m.newTable()) + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String type = md.getColumnTypeName(i) == null ? "" : md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        String cast = type.equals("bool") || type.equals("boolean") ? "boolean"
            : type.equals("json") || type.equals("jsonb") || type.equals("uuid") ? type : null;
        if (cast != null) byNewColumn.put(md.getColumnName(i).toLowerCase(Locale.ROOT), cast);
      }
    }
    Map<String, String> out = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : m.columns().entrySet()) {
      String target = byNewColumn.get(e.getKey().toLowerCase(Locale.ROOT));
      String source = e.getValue().trim();
      if (target != null && dev.shunt.sql.Identifiers.isPlain(source)) out.put(source.toLowerCase(Locale.ROOT), target);
    }
    out = Map.copyOf(out);
    targets.put(m, out);
    return out;
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
