package dev.shunt.write;

import dev.shunt.sql.dialect.Dialect;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Key tuples compared by value, whatever Java type a driver or a parameter gave them. */
public final class Keys {
  private Keys() {}

  public static List<String> id(Object[] key) {
    List<String> id = new ArrayList<>(key.length);
    for (Object v : key) {
      if (v == null) id.add(null);
      else if (v instanceof Number) id.add(new BigDecimal(v.toString()).stripTrailingZeros().toPlainString());
      else id.add(v.toString());
    }
    return id;
  }

  /** {@code k IN (?, ?)} or {@code (k1, k2) IN ((?, ?), (?, ?))} for {@code keyCount} keys. */
  public static String in(Dialect d, List<String> keyColumns, int keyCount) {
    StringBuilder sb = new StringBuilder();
    boolean composite = keyColumns.size() > 1;
    if (composite) sb.append('(');
    for (int i = 0; i < keyColumns.size(); i++) sb.append(i > 0 ? ", " : "").append(d.quote(keyColumns.get(i)));
    if (composite) sb.append(')');
    sb.append(" IN (");
    for (int k = 0; k < keyCount; k++) {
      if (k > 0) sb.append(", ");
      if (composite) sb.append('(');
      for (int i = 0; i < keyColumns.size(); i++) sb.append(i > 0 ? ", ?" : "?");
      if (composite) sb.append(')');
    }
    return sb.append(')').toString();
  }

  /** Binds the values of {@code keys}, in order, from parameter 1 on: the parameters of {@link #in}. */
  public static void bind(PreparedStatement ps, List<Object[]> keys) throws SQLException {
    int i = 1;
    for (Object[] key : keys) for (Object v : key) ps.setObject(i++, v);
  }

  /**
   * Column {@code column} of the current row as a value another engine's driver can bind: a
   * driver's own type (PostgreSQL's {@code PGobject} for citext, json, enums) becomes its text.
   */
  public static Object portable(java.sql.ResultSet rs, int column) throws SQLException {
    Object v = rs.getObject(column);
    if (v == null || v.getClass().isArray() || v.getClass().getName().startsWith("java.")) return v;
    return rs.getString(column);
  }
}
