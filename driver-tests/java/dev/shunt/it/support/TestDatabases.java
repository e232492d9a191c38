package dev.shunt.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Finds a server for each engine, in this order: the environment URL
 * ({@code SHUNT_TEST_MARIADB_URL}, {@code SHUNT_TEST_POSTGRES_URL}), Testcontainers when Docker
 * runs, the local server on the standard port. No server is a test failure, never a skip.
 */
public final class TestDatabases {
  private static final Map<Engine, String> ADMIN_URLS = new EnumMap<>(Engine.class);

  private TestDatabases() {}

  /** A fresh, empty database on {@code engine}; drop it with {@link TestDatabase#close()}. */
  public static TestDatabase create(Engine engine, String purpose) {
    String admin = adminUrl(engine);
    String name = ("shunt_" + purpose + "_" + Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffL, 36))
        .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name + " on " + engine + ": " + e.getMessage(), e);
    }
    return new TestDatabase(engine, name, admin, withDatabase(admin, name));
  }

  static synchronized String adminUrl(Engine engine) {
    return ADMIN_URLS.computeIfAbsent(engine, TestDatabases::locate);
  }

  private static String locate(Engine engine) {
    String env = System.getenv(engine.envVariable);
    if (env != null && !env.isBlank()) return check(engine, env.trim(), engine.envVariable);
    if (dockerRunning()) return check(engine, startContainer(engine), "Testcontainers");
    return check(engine, engine.localUrl, "the local server");
  }

  private static String check(Engine engine, String url, String source) {
    try (Connection c = DriverManager.getConnection(url)) {
      if (!c.isValid(5)) throw new SQLException("connection not valid");
      return url;
    } catch (SQLException e) {
      throw new IllegalStateException("No " + engine + " reachable through " + source + " (" + url.replaceAll("password=[^&]*", "password=****")
          + "): " + e.getMessage() + ". Set " + engine.envVariable + ", run Docker, or start the local server (scripts/test does).", e);
    }
  }

  private static boolean dockerRunning() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // lives for the JVM; Testcontainers' reaper removes it
  private static String startContainer(Engine engine) {
    JdbcDatabaseContainer<?> c = engine == Engine.MARIADB
        ? new MariaDBContainer(engine.image).withUsername("root").withPassword("")
        : new PostgreSQLContainer(engine.image);
    c.start();
    String base = engine == Engine.MARIADB
        ? "jdbc:mariadb://" + c.getHost() + ":" + c.getMappedPort(3306) + "/?user=root"
        : "jdbc:postgresql://" + c.getHost() + ":" + c.getMappedPort(5432) + "/postgres?user=" + c.getUsername() + "&password=" + c.getPassword();
    return base;
  }

  /** The admin URL with its database part replaced by {@code database}. */
  static String withDatabase(String adminUrl, String database) {
    int q = adminUrl.indexOf('?');
    String base = q < 0 ? adminUrl : adminUrl.substring(0, q);
    String query = q < 0 ? "" : adminUrl.substring(q);
    int hostStart = base.indexOf("//") + 2;
    int slash = base.indexOf('/', hostStart);
    String hostPart = slash < 0 ? base : base.substring(0, slash);
    return hostPart + "/" + database + query;
  }
}
