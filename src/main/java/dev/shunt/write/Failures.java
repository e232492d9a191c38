package dev.shunt.write;

import java.sql.SQLException;

/**
 * A database error described without its message: drivers quote the offending values in their
 * texts ("Duplicate entry 'alice@example.com'"), and Shunt never logs or stores values unless
 * {@code log_values: true} (SPEC section 9).
 */
final class Failures {
  private Failures() {}

  static String describe(Throwable e, boolean logValues) {
    if (logValues || e instanceof KeyCapture.KeyCaptureException) return String.valueOf(e.getMessage());
    if (e instanceof SQLException) {
      SQLException s = (SQLException) e;
      return s.getClass().getSimpleName() + " (SQLState " + s.getSQLState() + ", vendor code " + s.getErrorCode() + ")";
    }
    return e.getClass().getSimpleName();
  }
}
