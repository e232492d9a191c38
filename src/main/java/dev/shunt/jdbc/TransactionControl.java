package dev.shunt.jdbc;

/**
 * Transaction boundaries an application writes as SQL instead of calling the JDBC methods:
 * Shunt must see them to copy, queue or discard the keys of the transaction they end.
 */
enum TransactionControl {
  BEGIN, COMMIT, ROLLBACK,
  /** MariaDB's {@code SET autocommit = 0}: what {@code setAutoCommit(false)} does, as SQL. */
  AUTOCOMMIT_OFF,
  /** MariaDB's {@code SET autocommit = 1}: commits an open transaction, as {@code setAutoCommit(true)} does. */
  AUTOCOMMIT_ON;

  /** {@code SET [SESSION | LOCAL] autocommit = v}, {@code SET @@[session. | local.]autocommit = v}; not GLOBAL. */
  private static final java.util.regex.Pattern AUTOCOMMIT = java.util.regex.Pattern.compile(
      "SET (?:SESSION |LOCAL |@@SESSION\\.|@@LOCAL\\.|@@)?AUTOCOMMIT ?(?:=|:=|TO) ?(0|1|ON|OFF|TRUE|FALSE|'ON'|'OFF')");

  /** The boundary {@code sql} is, or null; a cheap look at its first words, no parsing. */
  static TransactionControl of(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n && Character.isWhitespace(sql.charAt(i))) i++;
    if (i == n || n - i > 40) return null; // every boundary statement is short: no work for the rest
    char c = Character.toUpperCase(sql.charAt(i));
    if (c != 'B' && c != 'C' && c != 'R' && c != 'S') return null;
    String rest = sql.substring(i).trim().replaceAll("\\s+", " ").toUpperCase(java.util.Locale.ROOT);
    if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).trim();
    if (rest.startsWith("SET ")) {
      java.util.regex.Matcher set = AUTOCOMMIT.matcher(rest);
      if (!set.matches()) return null;
      String v = set.group(1).replace("'", "");
      return v.equals("1") || v.equals("ON") || v.equals("TRUE") ? AUTOCOMMIT_ON : AUTOCOMMIT_OFF;
    }
    switch (rest) {
      case "BEGIN": case "BEGIN WORK": case "BEGIN TRANSACTION": case "START TRANSACTION": return BEGIN;
      case "COMMIT": case "COMMIT WORK": case "END": return COMMIT;
      case "ROLLBACK": case "ROLLBACK WORK": case "ABORT": return ROLLBACK;
      default: return null;
    }
  }
}
