package dev.shunt.sql;

import java.util.List;
import java.util.Locale;

/**
 * The cheap test that keeps the parser off the hot path: does the SQL text contain one of the
 * migrated table names as a whole word, in any case? A false positive costs one parse (cached);
 * a false negative is impossible for any statement that names the table, quoted or not.
 */
public final class TableNameScanner {
  private final String[] names;
  private final char[] lower;
  private final char[] upper;

  public TableNameScanner(List<String> tableNames) {
    this.names = new String[tableNames.size()];
    this.lower = new char[names.length];
    this.upper = new char[names.length];
    for (int i = 0; i < names.length; i++) {
      String n = tableNames.get(i).toLowerCase(Locale.ROOT);
      names[i] = n;
      lower[i] = n.charAt(0);
      upper[i] = Character.toUpperCase(n.charAt(0));
    }
  }

  public boolean isEmpty() { return names.length == 0; }

  /** True when {@code sql} mentions any of the names as a whole identifier. */
  public boolean mentionsAny(String sql) {
    if (names.length == 0) return false;
    int n = sql.length();
    for (int i = 0; i < n; i++) {
      char c = sql.charAt(i);
      for (int k = 0; k < names.length; k++) {
        if ((c == lower[k] || c == upper[k]) && wordAt(sql, i, names[k])) return true;
      }
    }
    return false;
  }

  private static boolean wordAt(String sql, int i, String name) {
    int end = i + name.length();
    if (end > sql.length() || !sql.regionMatches(true, i, name, 0, name.length())) return false;
    if (i > 0 && SqlText.isIdentifierChar(sql.charAt(i - 1))) return false;
    return end == sql.length() || !SqlText.isIdentifierChar(sql.charAt(end));
  }
}
