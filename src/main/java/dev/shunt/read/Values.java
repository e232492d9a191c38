package dev.shunt.read;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Arrays;

/**
 * Values from two engines made comparable: MariaDB and PostgreSQL give the same stored value as
 * different Java types (Boolean or Integer, BigDecimal with another scale, Timestamp or
 * LocalDateTime). Used to match rows by key, order merged rows and compare both sides.
 */
final class Values {
  private Values() {}

  /** A canonical form: numbers as scale-free BigDecimal, booleans as 0/1, times as java.time, bytes as hex. */
  static Object normal(Object v) {
    if (v == null) return null;
    if (v instanceof Boolean) return (Boolean) v ? BigDecimal.ONE : BigDecimal.ZERO;
    if (v instanceof BigDecimal) return strip((BigDecimal) v);
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? strip(BigDecimal.valueOf(d)) : v.toString();
    }
    if (v instanceof Number) return strip(new BigDecimal(v.toString()));
    if (v instanceof Timestamp) return ((Timestamp) v).toLocalDateTime();
    if (v instanceof java.sql.Date) return ((java.sql.Date) v).toLocalDate();
    if (v instanceof java.sql.Time) return ((java.sql.Time) v).toLocalTime();
    if (v instanceof java.time.OffsetDateTime) return ((java.time.OffsetDateTime) v).toInstant();
    if (v instanceof byte[]) return hex((byte[]) v);
    if (v instanceof Character) return v.toString();
    return v;
  }

  private static BigDecimal strip(BigDecimal d) {
    return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
  }

  static boolean same(Object a, Object b) {
    Object x = normal(a);
    Object y = normal(b);
    if (x == null || y == null) return x == y;
    if (x instanceof BigDecimal && y instanceof BigDecimal) return ((BigDecimal) x).compareTo((BigDecimal) y) == 0;
    return x.equals(y) || x.toString().equals(y.toString());
  }

  /** Orders two non-null values; values of unlike kinds by their text. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    Object x = normal(a);
    Object y = normal(b);
    if (x instanceof Comparable && y != null && x.getClass() == y.getClass()) return ((Comparable) x).compareTo(y);
    return String.valueOf(x).compareTo(String.valueOf(y));
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 2 + 2).append("0x");
    for (byte x : b) s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    return s.toString();
  }

  /** The key of a row as a list usable in maps. */
  static java.util.List<Object> key(Object[] row, int[] columns) {
    Object[] k = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) k[i] = normal(row[columns[i]]);
    return Arrays.asList(k);
  }
}
