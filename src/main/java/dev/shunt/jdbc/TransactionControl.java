package dev.shunt.jdbc;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transaction boundaries an application writes as SQL instead of calling the JDBC methods:
 * Shunt must see them to copy, queue or discard the keys of the transaction they end, and must
 * never commit on its own inside a transaction the application opened this way. Every form of
 * MariaDB and PostgreSQL counts: {@code START TRANSACTION READ WRITE}, {@code BEGIN WORK},
 * {@code BEGIN ISOLATION LEVEL …}, {@code COMMIT AND CHAIN}, {@code END}, {@code ABORT}.
 */
enum TransactionControl {
  BEGIN, COMMIT, ROLLBACK,
  /** {@code COMMIT AND CHAIN}: commits, and a new transaction begins at once. */
  COMMIT_AND_CHAIN,
  /** {@code ROLLBACK AND CHAIN}. */
  ROLLBACK_AND_CHAIN,
  /** MariaDB's {@code SET autocommit = 0}: what {@code setAutoCommit(false)} does, as SQL. */
  AUTOCOMMIT_OFF,
  /** MariaDB's {@code SET autocommit = 1}: commits an open transaction, as {@code setAutoCommit(true)} does. */
  AUTOCOMMIT_ON,
  /**
   * A distributed transaction ({@code XA …}, PostgreSQL's {@code PREPARE TRANSACTION},
   * {@code COMMIT PREPARED}): its writes commit where Shunt cannot follow them.
   */
  DISTRIBUTED;

  /** {@code SET [SESSION | LOCAL] autocommit = v}, {@code SET @@[session. | local.]autocommit = v}; not GLOBAL. */
  private static final Pattern AUTOCOMMIT = Pattern.compile(
      "SET (?:SESSION |LOCAL |@@SESSION\\.|@@LOCAL\\.|@@)?AUTOCOMMIT ?(?:=|:=|TO) ?(0|1|ON|OFF|TRUE|FALSE|'ON'|'OFF')");
  private static final Pattern BEGIN_FORM = Pattern.compile("(?:BEGIN|START TRANSACTION)(?: WORK| TRANSACTION)?((?: [A-Z,]+)*)");
  private static final Pattern END_FORM = Pattern.compile(
      "(COMMIT|END|ROLLBACK|ABORT)(?: WORK| TRANSACTION)?(?: AND (NO )?CHAIN)?(?: (?:NO )?RELEASE)?");
  /** The words a BEGIN's transaction characteristics are made of (isolation, access mode, snapshot). */
  private static final Set<String> MODE_WORDS = Set.of("ISOLATION", "LEVEL", "READ", "WRITE", "ONLY", "COMMITTED",
      "UNCOMMITTED", "REPEATABLE", "SERIALIZABLE", "NOT", "DEFERRABLE", "WITH", "CONSISTENT", "SNAPSHOT");

  /** The boundary {@code sql} is, or null; a cheap look at its first words, no parsing. */
  static TransactionControl of(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n && Character.isWhitespace(sql.charAt(i))) i++;
    if (i == n || n - i > 200) return null; // every boundary statement is short: no work for the rest
    char c = Character.toUpperCase(sql.charAt(i));
    if (c != 'A' && c != 'B' && c != 'C' && c != 'E' && c != 'P' && c != 'R' && c != 'S' && c != 'X') return null;
    String rest = sql.substring(i).trim().replaceAll("\\s+", " ").replaceAll(" ?, ?", ",").toUpperCase(Locale.ROOT);
    if (rest.endsWith(";")) rest = rest.substring(0, rest.length() - 1).trim();
    if (rest.startsWith("XA ") || rest.startsWith("PREPARE TRANSACTION ") || rest.startsWith("COMMIT PREPARED ")
        || rest.startsWith("ROLLBACK PREPARED ")) {
      return DISTRIBUTED;
    }
    if (rest.startsWith("SET ")) {
      Matcher set = AUTOCOMMIT.matcher(rest);
      if (!set.matches()) return null;
      String v = set.group(1).replace("'", "");
      return v.equals("1") || v.equals("ON") || v.equals("TRUE") ? AUTOCOMMIT_ON : AUTOCOMMIT_OFF;
    }
    Matcher begin = BEGIN_FORM.matcher(rest);
    if (begin.matches() && modes(begin.group(1))) return BEGIN;
    Matcher end = END_FORM.matcher(rest);
    if (end.matches()) {
      boolean commit = end.group(1).equals("COMMIT") || end.group(1).equals("END");
      boolean chain = rest.contains(" AND CHAIN");
      if (commit) return chain ? COMMIT_AND_CHAIN : COMMIT;
      return chain ? ROLLBACK_AND_CHAIN : ROLLBACK;
    }
    return null;
  }

  /** True when every word after BEGIN is a transaction characteristic (MariaDB's BEGIN NOT ATOMIC is a block, not a transaction). */
  private static boolean modes(String words) {
    if (words.isBlank()) return true;
    if (words.contains("ATOMIC")) return false;
    for (String w : words.trim().split("[ ,]+")) if (!MODE_WORDS.contains(w)) return false;
    return true;
  }
}
