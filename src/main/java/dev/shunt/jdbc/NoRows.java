package dev.shunt.jdbc;

import java.lang.reflect.Proxy;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * A result set with the given columns and no rows: what PostgreSQL and H2 return from
 * getGeneratedKeys() when the application did not ask for keys. Built with a proxy because it
 * is rare (only when Shunt asked for keys the application did not); every getter fails as on
 * a result set positioned after its last row.
 */
final class NoRows {
  private NoRows() {}

  static ResultSet of(ResultSetMetaData columns) {
    boolean[] closed = {false};
    return (ResultSet) Proxy.newProxyInstance(NoRows.class.getClassLoader(), new Class<?>[] {ResultSet.class},
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "next": return false;
            case "close": closed[0] = true; return null;
            case "isClosed": return closed[0];
            case "getMetaData": return columns;
            case "getWarnings": return null;
            case "clearWarnings": return null;
            case "wasNull": return false;
            case "isBeforeFirst": return false;
            case "isAfterLast": return false;
            case "getType": return ResultSet.TYPE_FORWARD_ONLY;
            case "getConcurrency": return ResultSet.CONCUR_READ_ONLY;
            case "getFetchSize": return 0;
            case "setFetchSize": return null;
            case "hashCode": return System.identityHashCode(proxy);
            case "equals": return proxy == args[0];
            case "toString": return "NoRows";
            default: throw new SQLException("no current row: the result set is empty", "24000");
          }
        });
  }
}
