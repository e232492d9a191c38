package dev.shunt.read;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.rowset.CachedRowSet;

/**
 * A merged or fallback result as the application reads it: the JDK's CachedRowSet, except that
 * numeric getters convert as drivers do ({@code getInt} on a DECIMAL 80.00 gives 80, where the
 * row set would fail to parse the text). Only routed reads build one; pass-through never does.
 */
final class NumericView {
  private NumericView() {}

  static ResultSet of(CachedRowSet rows) {
    return (ResultSet) Proxy.newProxyInstance(NumericView.class.getClassLoader(), new Class<?>[] {ResultSet.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if (rows.size() == 0 && EMPTY_MOVES.contains(name)) return emptyMove(rows, name);
          if (name.equals("absolute") && (Integer) args[0] == 0) { // JDBC: before the first row; the row set refuses
            rows.beforeFirst();
            return false;
          }
          if (args != null && args.length == 1 && isNumericGetter(name)) {
            Object v = args[0] instanceof Integer ? rows.getObject((Integer) args[0]) : rows.getObject((String) args[0]);
            if (v == null) return zero(name);
            BigDecimal d = decimal(v);
            if (d != null) return convert(name, d);
          }
          if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(rows)) return rows;
          if (name.equals("isWrapperFor")) return ((Class<?>) args[0]).isInstance(rows);
          try {
            return method.invoke(rows, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static final java.util.Set<String> EMPTY_MOVES = java.util.Set.of("next", "previous", "first", "last", "absolute",
      "relative", "beforeFirst", "afterLast", "isBeforeFirst", "isAfterLast", "isFirst", "isLast", "getRow");

  /**
   * Cursor moves on an empty result, as JDBC defines them: the JDK's row set indexes an empty
   * list there ({@code afterLast()} then {@code previous()} throws ArrayIndexOutOfBoundsException).
   */
  private static Object emptyMove(CachedRowSet rows, String name) throws SQLException {
    if (rows.getType() == ResultSet.TYPE_FORWARD_ONLY && !name.equals("next") && !name.startsWith("is") && !name.equals("getRow")) {
      throw new SQLException(name + "() on a forward-only result set", "HY000");
    }
    switch (name) {
      case "beforeFirst": case "afterLast": return null;
      case "getRow": return 0;
      default: return false;
    }
  }

  private static boolean isNumericGetter(String name) {
    switch (name) {
      case "getInt": case "getLong": case "getShort": case "getByte": case "getDouble": case "getFloat":
        return true;
      default:
        return false;
    }
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal) return (BigDecimal) v;
    if (v instanceof Boolean) return (Boolean) v ? BigDecimal.ONE : BigDecimal.ZERO;
    if (v instanceof Number || v instanceof String) {
      try {
        return new BigDecimal(v.toString().trim());
      } catch (NumberFormatException e) {
        return null; // the row set's own getter reports it
      }
    }
    return null;
  }

  private static Object zero(String getter) {
    switch (getter) {
      case "getInt": return 0;
      case "getLong": return 0L;
      case "getShort": return (short) 0;
      case "getByte": return (byte) 0;
      case "getDouble": return 0.0d;
      default: return 0.0f;
    }
  }

  private static Object convert(String getter, BigDecimal d) throws SQLException {
    try {
      switch (getter) {
        case "getInt": return d.intValue();
        case "getLong": return d.longValue();
        case "getShort": return d.shortValue();
        case "getByte": return d.byteValue();
        case "getDouble": return d.doubleValue();
        default: return d.floatValue();
      }
    } catch (ArithmeticException e) {
      throw new SQLException("value out of range for " + getter, "22003", e);
    }
  }
}
