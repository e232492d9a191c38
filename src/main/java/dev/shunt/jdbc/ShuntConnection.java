package dev.shunt.jdbc;

import dev.shunt.config.ShuntConfig;
import java.sql.Connection;

/**
 * What a Shunt connection adds to {@link Connection}; reach it with
 * {@code connection.unwrap(ShuntConnection.class)}.
 */
public interface ShuntConnection extends Connection {
  /**
   * The configuration snapshot this connection's statements run under: inside a transaction the
   * one it started with (taking it now if the transaction has not yet run a statement), under
   * autocommit the one in force. Null when Shunt runs without a toggle file.
   */
  ShuntConfig currentConfig();
}
