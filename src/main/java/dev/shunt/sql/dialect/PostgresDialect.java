package dev.shunt.sql.dialect;

import java.util.List;

/** PostgreSQL. */
final class PostgresDialect extends Dialect {
  @Override public String name() { return "PostgreSQL"; }

  @Override protected char quoteChar() { return '"'; }

  /** Unquoted names fold to lower case. */
  @Override public String fold(String identifier) { return identifier.toLowerCase(java.util.Locale.ROOT); }

  @Override public String sharedLock() { return " FOR SHARE"; }

  @Override public String upsert(String insert, List<String> keyColumns, List<String> updateColumns) {
    StringBuilder sb = new StringBuilder(insert).append(" ON CONFLICT (");
    for (int i = 0; i < keyColumns.size(); i++) sb.append(i > 0 ? ", " : "").append(quote(keyColumns.get(i)));
    if (updateColumns.isEmpty()) return sb.append(") DO NOTHING").toString();
    sb.append(") DO UPDATE SET ");
    for (int i = 0; i < updateColumns.size(); i++) {
      String c = quote(updateColumns.get(i));
      sb.append(i > 0 ? ", " : "").append(c).append(" = EXCLUDED.").append(c);
    }
    return sb.toString();
  }

  @Override public boolean batchContinuesAfterFailure() { return false; }
}
