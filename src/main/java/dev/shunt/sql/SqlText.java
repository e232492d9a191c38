package dev.shunt.sql;

/** Small lexical helpers over SQL text that respect quotes and comments. */
final class SqlText {
  private SqlText() {}

  static boolean isIdentifierChar(char c) {
    return c == '_' || c == '$' || Character.isLetterOrDigit(c);
  }

  /**
   * The text with every quoted literal or identifier replaced by spaces, or null when a quote
   * is not closed. Used for checks such as "no semicolon outside a string".
   */
  static String outsideLiterals(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = endOfQuoted(sql, i);
        if (end < 0) return null;
        for (int k = i; k < end; k++) out.append(' ');
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Index just past the quoted section that starts at {@code start}, or -1 if unterminated. */
  static int endOfQuoted(String sql, int start) {
    char q = sql.charAt(start);
    int i = start + 1;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\\' && q == '\'') {
        i += 2; // MariaDB backslash escape; harmless for the others' cache keys
        continue;
      }
      if (c == q) {
        if (i + 1 < n && sql.charAt(i + 1) == q) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return -1;
  }
}
