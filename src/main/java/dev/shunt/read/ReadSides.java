package dev.shunt.read;

import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;

/** Where one application connection's reads of each side run. Implemented by the JDBC connection. */
public interface ReadSides {
  /** The application's own connection: the old table always lives in its database. */
  Connection oldConnection();

  /** The connection that reads the new table: the application's in one database, Shunt's link otherwise. */
  Connection newConnection() throws SQLException;

  Dialect oldDialect() throws SQLException;

  Dialect newDialect() throws SQLException;

  /** True when the new table lives in the application's database. */
  boolean sameDatabase();

  /** True inside an application transaction (a failed read must not spoil it). */
  boolean inTransaction() throws SQLException;

  /**
   * True while the application's open transaction wrote {@code m}'s table and the secondary has
   * not received those writes yet (two databases copy at commit): the secondary would show this
   * transaction stale rows, so its reads stay on the primary.
   */
  boolean secondaryBehind(dev.shunt.config.Migration m);

  /** Connections for background compares, away from the application's. */
  CompareReads.Source compareSource() throws SQLException;
}
