package dev.shunt.sql;

/**
 * SQL text fit for a log line: every literal form of the dialects ({@code '…'}, MariaDB's
 * {@code "…"}, PostgreSQL's {@code $$…$$}, numbers) becomes {@code ?}, so a statement can be
 * named without printing the values in it; where a backslash makes the end of a literal
 * uncertain, the rest of the text is masked.
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
      if (c == '\'' || c == '"') {
        // "…" is a string in MariaDB: masked too, at the price of PostgreSQL's quoted names
        int end = SqlText.endOfQuoted(sql, i);
        if (end < 0 || sql.indexOf('\\', i) >= 0 && sql.indexOf('\\', i) < end) {
          // a backslash: an escape to one server, a character to another; where the literal ends
          // is in doubt, so everything after its start is masked
          out.append("?...");
          return out.toString();
        }
        out.append('?');
        i = end;
      } else if (c == '$' && (i == 0 || !SqlText.isIdentifierChar(sql.charAt(i - 1))) && dollarTagEnd(sql, i) > 0) {
        int tagEnd = dollarTagEnd(sql, i);
        int close = sql.indexOf(sql.substring(i, tagEnd), tagEnd);
        out.append('?');
        i = close < 0 ? n : close + (tagEnd - i);
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

  /** Index past a PostgreSQL dollar-quote tag ({@code $$}, {@code $body$}) at {@code i}, or -1. */
  private static int dollarTagEnd(String sql, int i) {
    int j = i + 1;
    while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) j++;
    if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) return j + 1;
    return -1;
  }
}
