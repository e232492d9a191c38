package dev.shunt.jdbc;

/**
 * Transaction boundaries an application writes as SQL instead of calling the JDBC methods:
 * Shunt must see them to copy, queue or discard the keys of the transaction they end.
 */
enum TransactionControl {
  BEGIN, COMMIT, ROLLBACK;

  /** The boundary {@code sql} is, or null; a cheap look at its first words, no parsing. */
  static TransactionControl of(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n && Character.isWhitespace(sql.charAt(i))) i++;
    if (i == n || n - i > 32) return null; // every boundary statement is short: no work for the rest
    char c = Character.toUpperCase(sql.charAt(i));
    if (c != 'B' && c != 'C' && c != 'R' && c != 'S') return null;
    String rest = sql.substring(i).trim().replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
    if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).trim();
    switch (rest) {
      case "BEGIN": case "BEGIN WORK": case "BEGIN TRANSACTION": case "START TRANSACTION": return BEGIN;
      case "COMMIT": case "COMMIT WORK": case "END": return COMMIT;
      case "ROLLBACK": case "ROLLBACK WORK": case "ABORT": return ROLLBACK;
      default: return null;
    }
  }
}
