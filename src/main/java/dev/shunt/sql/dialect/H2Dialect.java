package dev.shunt.sql.dialect;

import java.util.List;

/** H2 (embedded default for the demo and for users' own tests). */
final class H2Dialect extends Dialect {
  @Override public String name() { return "H2"; }

  @Override protected char quoteChar() { return '"'; }

  /** Unquoted names fold to upper case. */
  @Override public String fold(String identifier) { return identifier.toUpperCase(java.util.Locale.ROOT); }

  @Override public String sharedLock() { return " FOR UPDATE"; } // H2 has no shared row locks; exclusive is the safe side

  /** H2's MERGE … KEY replaces by key: the same effect as an upsert of every column. */
  @Override public String upsert(String insert, List<String> keyColumns, List<String> updateColumns) {
    String trimmed = insert.trim();
    if (!trimmed.regionMatches(true, 0, "INSERT INTO ", 0, 12)) {
      throw new IllegalArgumentException("not an INSERT INTO statement: " + insert);
    }
    int open = trimmed.indexOf('(');
    StringBuilder sb = new StringBuilder("MERGE INTO ").append(trimmed.substring(12, open).trim()).append(' ');
    int close = trimmed.indexOf(')', open);
    sb.append(trimmed, open, close + 1).append(" KEY (");
    for (int i = 0; i < keyColumns.size(); i++) sb.append(i > 0 ? ", " : "").append(quote(keyColumns.get(i)));
    return sb.append(')').append(trimmed.substring(close + 1)).toString();
  }
}
