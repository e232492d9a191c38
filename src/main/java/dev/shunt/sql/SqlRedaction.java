package dev.shunt.sql;

/**
 * SQL text fit for a log line: string and number literals become {@code ?}, so a statement can be
 * named without printing the values in it (SPEC section 9).
 */
public final class SqlRedaction {
  private static final int MAX = 500;

  private SqlRedaction() {}

  public static String redact(String sql) {
    StringBuilder out = new StringBuilder(Math.min(sql.length(), MAX + 3));
    int n = sql.length();
    int i = 0;
    while (i < n && out.length() < MAX) {
      char c = sql.charAt(i);
      if (c == '\'') {
        int end = SqlText.endOfQuoted(sql, i);
        out.append('?');
        i = end < 0 ? n : end;
      } else if (Character.isDigit(c) && (i == 0 || !SqlText.isIdentifierChar(sql.charAt(i - 1)))) {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) i++;
        out.append('?');
      } else if (SqlText.isIdentifierChar(c)) {
        while (i < n && SqlText.isIdentifierChar(sql.charAt(i))) out.append(sql.charAt(i++));
      } else {
        out.append(Character.isWhitespace(c) ? ' ' : c);
        i++;
      }
    }
    if (i < n) out.append("...");
    return out.toString();
  }
}
