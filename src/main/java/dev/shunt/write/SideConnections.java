package dev.shunt.write;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a physical connection to the application's (primary) database beside the application's
 * own, for Shunt's bookkeeping: the repair queue must be written outside the application's
 * transaction, and its table created without committing the application's work.
 */
@FunctionalInterface
public interface SideConnections {
  Connection open() throws SQLException;

  /**
   * Equal for side connections that reach the same database as the same user, so Shunt's
   * background readers may keep one open; null (the default) when each must be closed after use.
   */
  default Object reuseKey() { return null; }
}
