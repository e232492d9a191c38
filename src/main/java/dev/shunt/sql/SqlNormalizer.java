package dev.shunt.sql;

/**
 * Folds SQL texts that differ only in the length of a bound IN-list or of a VALUES list of
 * identical rows into one text, so that they share one parse-cache entry:
 * {@code IN (?, ?, ?)} becomes {@code IN (?)} and {@code VALUES (?, ?), (?, ?)} becomes
 * {@code VALUES (?, ?)}. The result is still valid SQL with the same tables and statement kind.
 */
public final class SqlNormalizer {
  private SqlNormalizer() {}

  public static String normalize(String sql) {
    if (sql.indexOf('?') < 0 && !containsIgnoreCase(sql, "values")) return sql;
    StringBuilder out = new StringBuilder(sql.length());
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = SqlText.endOfQuoted(sql, i);
        if (end < 0) end = n;
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (SqlText.isIdentifierChar(c) && (i == 0 || !SqlText.isIdentifierChar(sql.charAt(i - 1)))) {
        int end = i;
        while (end < n && SqlText.isIdentifierChar(sql.charAt(end))) end++;
        out.append(sql, i, end);
        if (end - i == 2 && sql.regionMatches(true, i, "in", 0, 2)) {
          i = foldInList(sql, end, out);
        } else if (end - i == 6 && sql.regionMatches(true, i, "values", 0, 6)) {
          i = foldValues(sql, end, out);
        } else {
          i = end;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** After IN: {@code (?, ?, …)} becomes {@code (?)}; anything else is left for the main loop. */
  private static int foldInList(String sql, int from, StringBuilder out) {
    int i = skipSpace(sql, from);
    if (i >= sql.length() || sql.charAt(i) != '(') return from;
    int j = skipSpace(sql, i + 1);
    int params = 0;
    while (j < sql.length() && sql.charAt(j) == '?') {
      params++;
      j = skipSpace(sql, j + 1);
      if (j < sql.length() && sql.charAt(j) == ',') j = skipSpace(sql, j + 1);
      else break;
    }
    if (params == 0 || j >= sql.length() || sql.charAt(j) != ')') return from;
    out.append(sql, from, i).append("(?)");
    return j + 1;
  }

  /** After VALUES: drops every row that is textually the same as the first one. */
  private static int foldValues(String sql, int from, StringBuilder out) {
    int i = skipSpace(sql, from);
    int firstEnd = endOfGroup(sql, i);
    if (firstEnd < 0) return from;
    String first = sql.substring(i, firstEnd);
    out.append(sql, from, firstEnd);
    int pos = firstEnd;
    while (true) {
      int comma = skipSpace(sql, pos);
      if (comma >= sql.length() || sql.charAt(comma) != ',') return pos;
      int start = skipSpace(sql, comma + 1);
      int end = endOfGroup(sql, start);
      if (end < 0 || !sql.substring(start, end).equals(first)) return pos;
      pos = end;
    }
  }

  /** Index past the parenthesised group at {@code i}, honouring quotes; -1 if there is none. */
  private static int endOfGroup(String sql, int i) {
    if (i >= sql.length() || sql.charAt(i) != '(') return -1;
    int depth = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = SqlText.endOfQuoted(sql, i);
        if (i < 0) return -1;
        continue;
      }
      if (c == '(') depth++;
      if (c == ')' && --depth == 0) return i + 1;
      i++;
    }
    return -1;
  }

  private static int skipSpace(String sql, int i) {
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
    return i;
  }

  private static boolean containsIgnoreCase(String s, String word) {
    int n = word.length();
    for (int i = 0; i + n <= s.length(); i++) if (s.regionMatches(true, i, word, 0, n)) return true;
    return false;
  }
}
