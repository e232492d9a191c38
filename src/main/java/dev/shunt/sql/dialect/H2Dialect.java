package dev.shunt.sql.dialect;

import java.util.List;

/** H2 (embedded default for the demo and for users' own tests). */
final class H2Dialect extends Dialect {
  @Override public String name() { return "H2"; }

  @Override protected char quoteChar() { return '"'; }

  /** Unquoted names fold to upper case. */
  @Override public String fold(String identifier) { return identifier.toUpperCase(java.util.Locale.ROOT); }

  @Override public String derivedRows(List<String> columns, List<List<String>> rows, String alias, String typedBy) {
    StringBuilder sb = new StringBuilder("(");
    if (typedBy != null) {
      sb.append("SELECT ");
      for (int c = 0; c < columns.size(); c++) sb.append(c > 0 ? ", " : "").append(quote(columns.get(c)));
      sb.append(" FROM ").append(typedBy).append(" WHERE 1 = 0 UNION ALL ");
    }
    sb.append("VALUES ");
    for (int r = 0; r < rows.size(); r++) sb.append(r > 0 ? ", (" : "(").append(String.join(", ", rows.get(r))).append(')');
    sb.append(") ").append(alias);
    if (typedBy != null) return sb.toString(); // the union's first branch names the columns
    sb.append('(');
    for (int c = 0; c < columns.size(); c++) sb.append(c > 0 ? ", " : "").append(quote(columns.get(c)));
    return sb.append(')').toString();
  }

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
