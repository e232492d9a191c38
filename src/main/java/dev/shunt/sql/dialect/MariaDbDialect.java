package dev.shunt.sql.dialect;

import java.util.List;

/** MariaDB and MySQL. */
final class MariaDbDialect extends Dialect {
  @Override public String name() { return "MariaDB"; }

  @Override protected char quoteChar() { return '`'; }

  /** MariaDB 10.11 rejects FOR SHARE; LOCK IN SHARE MODE works on every version. */
  @Override public String sharedLock() { return " LOCK IN SHARE MODE"; }

  @Override public String upsert(String insert, List<String> keyColumns, List<String> updateColumns) {
    StringBuilder sb = new StringBuilder(insert).append(" ON DUPLICATE KEY UPDATE ");
    List<String> cols = updateColumns.isEmpty() ? keyColumns : updateColumns;
    for (int i = 0; i < cols.size(); i++) {
      String c = quote(cols.get(i));
      if (i > 0) sb.append(", ");
      sb.append(c).append(" = VALUES(").append(c).append(')');
    }
    return sb.toString();
  }
}
