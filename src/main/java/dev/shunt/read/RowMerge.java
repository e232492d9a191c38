package dev.shunt.read;

import dev.shunt.write.BoundParameters;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the keyed reads of both sides: one row per key, the newer
 * {@code version_column} winning and the primary's row on a tie or without one; then ORDER BY,
 * OFFSET and LIMIT applied again to the merged rows.
 */
final class RowMerge {
  private RowMerge() {}

  /** Rows of {@code secondary} in the Java types of {@code primary}'s columns. */
  static List<Object[]> coerced(Rows primary, Rows secondary) throws SQLException {
    int n = Math.min(primary.columns(), secondary.columns());
    List<Object[]> out = new ArrayList<>(secondary.rows.size());
    for (Object[] row : secondary.rows) {
      Object[] c = row.clone();
      for (int i = 0; i < n; i++) c[i] = primary.coerce(i + 1, row[i]);
      out.add(c);
    }
    return out;
  }

  /** Positions of the hidden key columns in a keyed row. */
  static int[] keyColumns(int visible, RoutedSelect.Keyed k) {
    int[] key = new int[k.keyHidden.length];
    for (int i = 0; i < key.length; i++) key[i] = visible + k.keyHidden[i];
    return key;
  }

  /** The rows of {@code rows} whose key is not among {@code others}' keys. */
  static List<Object[]> without(List<Object[]> rows, List<Object[]> others, int[] key) {
    java.util.Set<List<Object>> seen = new java.util.HashSet<>();
    for (Object[] r : others) seen.add(Values.key(r, key));
    List<Object[]> out = new ArrayList<>();
    for (Object[] r : rows) if (!seen.contains(Values.key(r, key))) out.add(r);
    return out;
  }

  /**
   * One row per key. A key both sides returned: the newer version wins, else the primary's row.
   * A key only one side returned may still exist, outside the query's filter, on the other side:
   * {@code onPrimary}/{@code onSecondary} hold what a look-up by key found there (key → version,
   * or TRUE without a version column). If that row would win, the key is dropped, since the
   * winning row does not match the query.
   */
  static List<Object[]> merge(Rows primary, List<Object[]> secondary, RoutedSelect.Keyed k,
      Map<List<Object>, Object> onPrimary, Map<List<Object>, Object> onSecondary) throws SQLException {
    int visible = primary.columns() - k.hidden;
    int[] key = keyColumns(visible, k);
    int version = k.versionHidden < 0 ? -1 : visible + k.versionHidden;
    Map<List<Object>, Object[]> byKey = new LinkedHashMap<>();
    for (Object[] row : primary.rows) byKey.put(Values.key(row, key), row);
    java.util.Set<List<Object>> both = new java.util.HashSet<>();
    for (Object[] row : secondary) {
      List<Object> id = Values.key(row, key);
      Object[] mine = byKey.get(id);
      if (mine != null) {
        both.add(id);
        if (version >= 0 && newer(row[version], mine[version])) byKey.put(id, row);
        continue;
      }
      if (onPrimary.containsKey(id)) {
        // the primary holds this key outside the filter: it wins unless this row is newer
        if (version < 0 || !newer(row[version], onPrimary.get(id))) continue;
      }
      byKey.put(id, row);
      both.add(id);
    }
    if (version >= 0) {
      byKey.entrySet().removeIf(e -> !both.contains(e.getKey()) && onSecondary.containsKey(e.getKey())
          && newer(onSecondary.get(e.getKey()), e.getValue()[version]));
    }
    return new ArrayList<>(byKey.values());
  }

  /** True when version {@code a} is newer than {@code b} (a null version is the oldest). */
  private static boolean newer(Object a, Object b) {
    if (a == null || a == Boolean.TRUE) return false;
    return b == null || b == Boolean.TRUE || Values.compare(a, b) > 0;
  }

  /** Sorts by the query's ORDER BY (key last) and applies OFFSET and LIMIT. */
  static List<Object[]> window(List<Object[]> rows, int visible, RoutedSelect.Keyed k, boolean nullsFirstByDefault,
      BoundParameters params) throws SQLException {
    if (!k.order.isEmpty()) rows.sort(order(visible, k, nullsFirstByDefault));
    long offset = k.offset(params);
    long count = k.rowCount(params);
    int from = (int) Math.min(rows.size(), Math.max(0, offset));
    int to = count < 0 ? rows.size() : (int) Math.min(rows.size(), from + count);
    return new ArrayList<>(rows.subList(from, to));
  }

  private static Comparator<Object[]> order(int visible, RoutedSelect.Keyed k, boolean nullsFirstByDefault) {
    return (a, b) -> {
      for (RoutedSelect.SortKey s : k.order) {
        int i = s.hidden ? visible + s.index : s.index - 1;
        Object x = a[i];
        Object y = b[i];
        if (x == null || y == null) {
          if (x == y) continue;
          boolean nullsFirst = s.nullsFirst != null ? s.nullsFirst : (s.ascending == nullsFirstByDefault);
          return (x == null) == nullsFirst ? -1 : 1; // the null rule already accounts for the direction
        }
        int c = Values.compare(x, y);
        if (c != 0) return s.ascending ? c : -c;
      }
      return 0;
    };
  }
}
