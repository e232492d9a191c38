package dev.shunt.backfill;

import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the old table's key space into chunks of about {@code chunkRows} keys. A single integer
 * key whose values fill at least a quarter of their span is split arithmetically between its
 * minimum and maximum (two index dives, whatever the table's size; batches inside the chunks are
 * still cut by row count). Any other key, a sparse or skewed one included (equal ranges would
 * leave one worker with most of the rows), is split by walking the key index: each boundary is the key
 * {@code chunkRows} past the previous one. The last chunk is open above, so rows inserted during
 * the backfill (mirrored anyway) still fall into a chunk.
 */
final class ChunkPlanner {
  private ChunkPlanner() {}

  static long countRows(Connection c, Dialect d, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<Object[]> boundaries(Connection c, String table, KeyOrder key, long rows, long chunkRows) throws SQLException {
    if (key.columns().size() == 1) {
      String k = key.list(null);
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MIN(" + k + "), MAX(" + k + ") FROM " + table)) {
        rs.next();
        Object min = rs.getObject(1);
        Object max = rs.getObject(2);
        if (isInteger(min) && isInteger(max) && dense(rows, ((Number) min).longValue(), ((Number) max).longValue())) {
          List<Long> split = evenSplit(((Number) min).longValue(), ((Number) max).longValue(), (rows + chunkRows - 1) / chunkRows);
          if (split != null) {
            List<Object[]> out = new ArrayList<>(split.size());
            for (Long b : split) out.add(new Object[] {b});
            return out;
          }
        }
      }
    }
    return walk(c, table, key, chunkRows);
  }

  /** True when {@code rows} keys fill at least a quarter of {@code min..max}. */
  static boolean dense(long rows, long min, long max) {
    return max >= min && (max - min) >= 0 && (max - min) / 4 <= rows;
  }

  private static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  /**
   * The upper bounds (inclusive) of all but the last of {@code chunks} equal ranges covering
   * {@code min..max}; null when the span does not fit a long.
   */
  static List<Long> evenSplit(long min, long max, long chunks) {
    List<Long> out = new ArrayList<>();
    if (chunks <= 1 || max <= min) return out;
    long span;
    try {
      span = Math.addExact(Math.subtractExact(max, min), 1);
    } catch (ArithmeticException e) {
      return null;
    }
    long step = Math.max(1, span / chunks + (span % chunks == 0 ? 0 : 1));
    for (long hi = min - 1 + step; hi < max; hi += step) {
      out.add(hi);
      if (hi > Long.MAX_VALUE - step) break;
    }
    return out;
  }

  private static List<Object[]> walk(Connection c, String table, KeyOrder key, long chunkRows) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    String first = "SELECT " + key.list(null) + " FROM " + table + " ORDER BY " + key.list(null)
        + " LIMIT 1 OFFSET " + (chunkRows - 1);
    String next = "SELECT " + key.list(null) + " FROM " + table + " WHERE " + key.after(null) + " ORDER BY "
        + key.list(null) + " LIMIT 1 OFFSET " + (chunkRows - 1);
    Object[] previous = null;
    while (true) {
      try (PreparedStatement ps = c.prepareStatement(previous == null ? first : next)) {
        if (previous != null) key.bindAfter(ps, 1, previous);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return out;
          previous = key.read(rs, 1);
          out.add(previous);
        }
      }
    }
  }
}
