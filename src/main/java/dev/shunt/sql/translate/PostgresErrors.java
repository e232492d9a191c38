package dev.shunt.sql.translate;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;

/**
 * A PostgreSQL error as a MariaDB application expects it: the SQLState, vendor code and exception
 * class MariaDB Connector/J raises for the same failure, so that code which handles a duplicate
 * key as {@code SQLIntegrityConstraintViolationException} with code 1062 goes on working once its
 * statements run on PostgreSQL. PostgreSQL's own exception is the cause; its message is kept.
 */
public final class PostgresErrors {
  private PostgresErrors() {}

  /** {@code e} in MariaDB's terms, or {@code e} itself when MariaDB has no counterpart Shunt knows. */
  public static SQLException asMariaDb(SQLException e) {
    String state = e.getSQLState();
    if (state == null || e.getErrorCode() != 0) return e; // not PostgreSQL's, or already mapped
    String msg = e.getMessage() == null ? "" : e.getMessage();
    switch (state) {
      case "23505": return integrity("Duplicate entry: " + msg, 1062, e);
      case "23503": return integrity(msg, msg.contains("still referenced") ? 1451 : 1452, e);
      case "23502": return integrity(msg, 1048, e);
      case "23514": return integrity(msg, 4025, e);
      case "22001": return new SQLDataException("Data too long: " + msg, "22001", 1406, e);
      case "22003": return new SQLDataException("Out of range value: " + msg, "22003", 1264, e);
      case "22012": return new SQLDataException("Division by 0: " + msg, "22012", 1365, e);
      case "22007":
      case "22008": return new SQLDataException("Incorrect datetime value: " + msg, "22007", 1292, e);
      case "22P02": return new SQLException("Incorrect value: " + msg, "HY000", 1366, e);
      case "40P01":
      case "40001": return new SQLTransactionRollbackException("Deadlock found when trying to get lock: " + msg, "40001", 1213, e);
      case "55P03": return new SQLException("Lock wait timeout exceeded: " + msg, "HY000", 1205, e);
      case "57014": return new SQLTimeoutException("Query execution was interrupted: " + msg, "70100", 1969, e);
      case "42P01": return new SQLSyntaxErrorException(msg, "42S02", 1146, e);
      case "42703": return new SQLSyntaxErrorException(msg, "42S22", 1054, e);
      case "42601": return new SQLSyntaxErrorException(msg, "42000", 1064, e);
      default: return e;
    }
  }

  private static SQLException integrity(String msg, int code, SQLException cause) {
    return new SQLIntegrityConstraintViolationException(msg, "23000", code, cause);
  }
}
