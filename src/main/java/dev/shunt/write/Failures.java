package dev.shunt.write;

import java.sql.SQLException;

/**
 * A database error described without its message: drivers quote the offending values in their
 * texts ("Duplicate entry 'alice@example.com'"), and Shunt never logs or stores values unless
 * {@code log_values: true}.
 */
final class Failures {
  private Failures() {}

  static String describe(Throwable e, boolean logValues) {
    // Shunt's own key-capture messages name columns, never values
    if (e instanceof KeyCapture.KeyCaptureException) return String.valueOf(e.getMessage());
    return dev.shunt.log.Redact.error(e, logValues);
  }
}
