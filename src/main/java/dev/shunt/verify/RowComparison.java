package dev.shunt.verify;

import dev.shunt.backfill.KeyOrder;
import dev.shunt.config.Migration;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.Keys;
import dev.shunt.write.KeyCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares the old rows of given keys, transformed by {@code columns}, with the new rows, on the
 * new side's database so its own casts and comparison rules decide (a DECIMAL 1.50 equals 1.5;
 * text compares byte for byte, so a skipped {@code LOWER()} shows on MariaDB's case-insensitive
 * collations too). In one database the transform reads old directly; across two, the old rows go
 * over as parameters of a derived table, as the copy does.
 */
final class RowComparison {
  private final Migration m;
  private final Dialect oldDialect;
  private final Dialect newDialect;
  private final boolean twoDatabases;
  private final KeyOrder oldKey;
  private final KeyOrder newKey;
  private final String oldTable;
  private final String newTable;
  private Set<String> textColumns;

  RowComparison(Migration m, Dialect oldDialect, Dialect newDialect, boolean twoDatabases) {
    this.m = m;
    this.oldDialect = oldDialect;
    this.newDialect = newDialect;
    this.twoDatabases = twoDatabases;
    this.oldKey = new KeyOrder(m.oldKey(), oldDialect);
    this.newKey = new KeyOrder(m.newKey(), newDialect);
    this.oldTable = oldDialect.quote(m.oldTable());
    this.newTable = newDialect.quote(m.newTable());
  }

  /**
   * The differences among {@code keys}. With {@code lock}, the old rows are read under a shared
   * lock first, so no dual write is half done for them while new is read: what differs then
   * really differs.
   */
  List<Difference> compare(Connection old, Connection newSide, List<Object[]> keys, boolean lock) throws SQLException {
    if (keys.isEmpty()) return List.of();
    Rows oldRows = readOld(old, keys, lock);
    List<Difference> out = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    if (!oldRows.rows.isEmpty()) {
      for (Difference d : mismatches(old, newSide, oldRows)) {
        if (reported.add(KeyCodec.encode(normal(d.key)))) out.add(d);
      }
    }
    if (!m.sameTable()) {
      for (Object[] k : presentOnNew(newSide, keys)) {
        String id = KeyCodec.encode(normal(k));
        if (!oldRows.keys.contains(id) && reported.add(id)) out.add(new Difference(Difference.Kind.EXTRA, k));
      }
    }
    return out;
  }

  private static final class Rows {
    List<String> columns;
    List<Integer> types;
    final List<Object[]> rows = new ArrayList<>();
    final Set<String> keys = new HashSet<>();
  }

  private Rows readOld(Connection old, List<Object[]> keys, boolean lock) throws SQLException {
    String sql = "SELECT " + (twoDatabases ? "*" : oldKey.list(null)) + " FROM " + oldTable + " WHERE "
        + Keys.in(oldDialect, m.oldKey(), keys.size()) + (lock ? oldDialect.sharedLock() : "");
    Rows r = new Rows();
    try (PreparedStatement ps = old.prepareStatement(sql)) {
      Keys.bind(ps, keys);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        r.columns = new ArrayList<>();
        r.types = new ArrayList<>();
        for (int c = 1; c <= md.getColumnCount(); c++) {
          r.columns.add(md.getColumnLabel(c));
          r.types.add(md.getColumnType(c));
        }
        int[] keyAt = new int[m.oldKey().size()];
        for (int k = 0; k < keyAt.length; k++) keyAt[k] = indexOf(r.columns, m.oldKey().get(k));
        while (rs.next()) {
          Object[] row = new Object[r.columns.size()];
          for (int c = 0; c < row.length; c++) row[c] = Keys.portable(rs, c + 1);
          Object[] key = new Object[keyAt.length];
          for (int k = 0; k < key.length; k++) key[k] = row[keyAt[k]];
          r.rows.add(row);
          r.keys.add(KeyCodec.encode(normal(key)));
        }
      }
    }
    return r;
  }

  /** Keys whose transformed old row is missing on new or differs from it. */
  private List<Difference> mismatches(Connection old, Connection newSide, Rows oldRows) throws SQLException {
    Connection target = twoDatabases ? newSide : old;
    Set<String> text = textColumns(target);
    StringBuilder exprs = new StringBuilder();
    for (Map.Entry<String, String> e : m.columns().entrySet()) {
      if (exprs.length() > 0) exprs.append(", ");
      exprs.append('(').append(e.getValue()).append(") AS ").append(newDialect.quote(e.getKey()));
    }
    String source;
    if (twoDatabases) {
      source = "SELECT " + exprs + " FROM " + newDialect.derivedParameterRows(oldRows.columns, oldRows.rows.size(), "shunt_raw");
    } else {
      source = "SELECT " + exprs + " FROM " + oldTable + " WHERE " + Keys.in(oldDialect, m.oldKey(), oldRows.rows.size());
    }
    StringBuilder on = new StringBuilder();
    StringBuilder same = new StringBuilder();
    for (String k : m.newKey()) {
      if (on.length() > 0) on.append(" AND ");
      on.append("n.").append(newDialect.quote(k)).append(" = src.").append(newDialect.quote(k));
    }
    for (String c : m.columns().keySet()) {
      if (same.length() > 0) same.append(" AND ");
      same.append(equal(newDialect, "n." + newDialect.quote(c), "src." + newDialect.quote(c), text.contains(c.toLowerCase(Locale.ROOT))));
    }
    String sql = "SELECT " + newKey.list("src") + ", CASE WHEN n." + newDialect.quote(m.newKey().get(0))
        + " IS NULL THEN 1 ELSE 0 END FROM (" + source + ") src LEFT JOIN " + newTable + " n ON " + on
        + " WHERE n." + newDialect.quote(m.newKey().get(0)) + " IS NULL OR NOT (" + same + ")";
    List<Difference> out = new ArrayList<>();
    try (PreparedStatement ps = target.prepareStatement(sql)) {
      if (twoDatabases) {
        int i = 1;
        for (Object[] row : oldRows.rows) {
          for (int c = 0; c < row.length; c++) {
            int type = oldRows.types.get(c);
            if (row[c] == null) ps.setNull(i++, type == Types.OTHER ? Types.VARCHAR : type);
            else ps.setObject(i++, row[c]);
          }
        }
      } else {
        List<Object[]> keys = new ArrayList<>();
        for (Object[] row : oldRows.rows) keys.add(row); // same database: rows are the keys
        Keys.bind(ps, keys);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Object[] key = newKey.read(rs, 1);
          boolean missing = rs.getInt(m.newKey().size() + 1) == 1;
          out.add(new Difference(missing ? Difference.Kind.MISSING : Difference.Kind.DIFFERING, key));
        }
      }
    }
    return out;
  }

  private List<Object[]> presentOnNew(Connection newSide, List<Object[]> keys) throws SQLException {
    String sql = "SELECT " + newKey.list(null) + " FROM " + newTable + " WHERE " + Keys.in(newDialect, m.newKey(), keys.size());
    List<Object[]> out = new ArrayList<>();
    try (PreparedStatement ps = newSide.prepareStatement(sql)) {
      Keys.bind(ps, keys);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(newKey.read(rs, 1));
      }
    }
    return out;
  }

  /** Lower-cased names of the new table's text columns, which MariaDB must compare as bytes. */
  private Set<String> textColumns(Connection target) throws SQLException {
    if (textColumns != null) return textColumns;
    Set<String> out = new HashSet<>();
    try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + newTable + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int c = 1; c <= md.getColumnCount(); c++) {
        switch (md.getColumnType(c)) {
          case Types.CHAR: case Types.VARCHAR: case Types.LONGVARCHAR: case Types.NCHAR: case Types.NVARCHAR:
          case Types.LONGNVARCHAR: case Types.CLOB: case Types.NCLOB:
            out.add(md.getColumnLabel(c).toLowerCase(Locale.ROOT));
            break;
          default:
        }
      }
    }
    textColumns = out;
    return out;
  }

  static String equal(Dialect d, String a, String b, boolean text) {
    if (d == Dialect.MARIADB) return text ? "BINARY " + a + " <=> BINARY " + b : a + " <=> " + b;
    return a + " IS NOT DISTINCT FROM " + b;
  }

  /** Integers of any width as Long, so keys read from two drivers compare equal. */
  static Object[] normal(Object[] key) {
    Object[] out = key.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Number && !(out[i] instanceof java.math.BigDecimal) && !(out[i] instanceof Double)
          && !(out[i] instanceof Float) && !(out[i] instanceof java.math.BigInteger)) {
        out[i] = ((Number) out[i]).longValue();
      }
    }
    return out;
  }

  private static int indexOf(List<String> columns, String column) {
    for (int i = 0; i < columns.size(); i++) if (columns.get(i).equalsIgnoreCase(column)) return i;
    throw new IllegalStateException("the old table has no key column " + column);
  }

  static Map<Difference.Kind, List<Object[]>> byKind(List<Difference> diffs) {
    Map<Difference.Kind, List<Object[]>> out = new LinkedHashMap<>();
    for (Difference.Kind k : Difference.Kind.values()) out.put(k, new ArrayList<>());
    for (Difference d : diffs) out.get(d.kind).add(d.key);
    return out;
  }
}
