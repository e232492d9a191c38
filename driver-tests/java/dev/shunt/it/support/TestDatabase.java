package dev.shunt.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** One throw-away database: its raw URL, the same URL through Shunt, and a drop on close. */
public final class TestDatabase implements AutoCloseable {
  private final Engine engine;
  private final String name;
  private final String adminUrl;
  private final String rawUrl;

  TestDatabase(Engine engine, String name, String adminUrl, String rawUrl) {
    this.engine = engine;
    this.name = name;
    this.adminUrl = adminUrl;
    this.rawUrl = rawUrl;
  }

  public Engine engine() { return engine; }
  public String name() { return name; }
  /** {@code jdbc:mariadb://…/name?…} */
  public String rawUrl() { return rawUrl; }
  /** {@code jdbc:shunt:mariadb://…/name?…} */
  public String shuntUrl() { return "jdbc:shunt:" + rawUrl.substring("jdbc:".length()); }

  /** {@code url} with an extra query parameter, for either URL form. */
  public static String withParam(String url, String param) {
    return url + (url.indexOf('?') < 0 ? "?" : "&") + param;
  }

  public Connection openRaw() throws SQLException { return DriverManager.getConnection(rawUrl); }

  public Connection openShunt() throws SQLException { return DriverManager.getConnection(shuntUrl()); }

  /** Runs statements on a raw connection (test setup behind Shunt's back). */
  public void exec(String... sql) throws SQLException {
    try (Connection c = openRaw(); Statement s = c.createStatement()) {
      for (String q : sql) s.execute(q);
    }
  }

  @Override public void close() {
    try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
      if (engine == Engine.POSTGRES) {
        s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "' AND pid <> pg_backend_pid()");
      }
      // FORCE also ends a session a background thread of Shunt opened after the terminate above
      s.execute("DROP DATABASE IF EXISTS " + name + (engine == Engine.POSTGRES ? " WITH (FORCE)" : ""));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
    }
  }
}
