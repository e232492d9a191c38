package dev.shunt.cli;

import dev.shunt.config.DatabaseSettings;
import dev.shunt.config.ShuntConfig;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The two databases of a toggle file as the CLI reaches them: {@code old} always, {@code new}
 * only when the file has a {@code new:} section (else the new tables live in old).
 */
final class Databases {
  private final ShuntConfig config;

  Databases(ShuntConfig config) {
    this.config = config;
    if (config.oldDatabase() == null || config.oldDatabase().url() == null) {
      throw CliException.usage(config.source() + ": the CLI needs old.url to reach the database");
    }
  }

  ShuntConfig config() { return config; }

  boolean twoDatabases() { return config.newDatabase() != null; }

  Dialect oldDialect() { return Dialect.forUrl(config.oldDatabase().url()); }

  Dialect newDialect() { return twoDatabases() ? Dialect.forUrl(config.newDatabase().url()) : oldDialect(); }

  Connection openOld() throws SQLException { return open(config.oldDatabase(), "old"); }

  /** The new database, or another connection to old when the new tables live there. */
  Connection openNew() throws SQLException {
    return twoDatabases() ? open(config.newDatabase(), "new") : openOld();
  }

  static Connection open(DatabaseSettings s, String side) throws SQLException {
    Properties p = new Properties();
    if (s.user() != null) p.setProperty("user", s.user());
    if (s.password() != null) p.setProperty("password", s.password());
    try {
      return dev.shunt.jdbc.RawConnections.open(() -> DriverManager.getConnection(s.url(), p));
    } catch (SQLException e) {
      throw new CliException(ShuntCli.FAILED, "cannot connect to the " + side + " database "
          + dev.shunt.log.Redact.secrets(s.url()) + ": " + dev.shunt.log.Redact.error(e, false));
    }
  }
}
