package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.ConfigException;
import dev.shunt.config.ConfigHandle;
import dev.shunt.config.ConfigRegistry;
import dev.shunt.config.Phase;
import dev.shunt.config.ShuntConfig;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.jdbc.ShuntConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The toggle file is re-read within reload_ms, bad files keep the last good one. */
class HotReloadIT {
  private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(10);
  private static TestDatabase db;

  @TempDir Path dir;

  @BeforeAll static void createTables() throws SQLException {
    db = TestDatabases.create(Engine.MARIADB, "reload");
    db.exec("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))",
        "CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50))",
        "INSERT INTO users VALUES (1, 'ann')");
  }

  @AfterAll static void dropDatabase() {
    db.close();
  }

  interface Writer {
    void write(Path file, String content) throws Exception;
  }

  static Stream<Arguments> writers() {
    return Stream.of(
        Arguments.of("in place", (Writer) ToggleFiles::writeInPlace),
        Arguments.of("atomic rename", (Writer) ToggleFiles::writeByRename),
        Arguments.of("symlink swap", (Writer) ToggleFiles::writeBySymlinkSwap));
  }

  private Connection open(Path file) throws SQLException {
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    return DriverManager.getConnection(db.shuntUrl(), p);
  }

  private static Phase phaseSeenBy(Connection c) throws SQLException {
    return c.unwrap(ShuntConnection.class).currentConfig().migrations().get("users").phase();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writers")
  void aChangeTakesEffectWithinReloadMs(String how, Writer writer) throws Exception {
    Path file = dir.resolve("shunt.yaml");
    writer.write(file, ToggleFiles.usersMigration("old", ""));
    try (Connection c = open(file)) {
      assertEquals(Phase.OLD, phaseSeenBy(c));
      writer.write(file, ToggleFiles.usersMigration("shadow-write", ""));
      Await.until("phase shadow-write after " + how, RELOAD_DEADLINE, () -> phaseSeenBy(c) == Phase.SHADOW_WRITE);
      writer.write(file, ToggleFiles.usersMigration("shadow-read", ""));
      Await.until("phase shadow-read after " + how, RELOAD_DEADLINE, () -> phaseSeenBy(c) == Phase.SHADOW_READ);
      assertEquals(3, c.unwrap(ShuntConnection.class).currentConfig().version());
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals("ann", rs.getString(1));
      }
    }
  }

  static Stream<Arguments> badFiles() {
    String good = ToggleFiles.usersMigration("shadow-write", "");
    return Stream.of(
        Arguments.of("unknown key", good.replace("    phase:", "    phsae:"), 9, 5),
        Arguments.of("unknown phase", good.replace("phase: shadow-write", "phase: shadow-wrote"), 9, 12),
        Arguments.of("unsafe move", good.replace("phase: shadow-write", "phase: new-only"), 9, 12),
        Arguments.of("bad expression", good.replace("display_name: name }", "display_name: name; DROP TABLE users }"), 7, 38),
        Arguments.of("YAML syntax", good.replace("columns: { id: id,", "columns: { id: [id,"), 7, -1),
        Arguments.of("secret not set", "version: 1\nold:\n  url: jdbc:mariadb://h/app\n  password: ${env:SHUNT_IT_UNSET_SECRET}\n", 4, 13));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void aBadFileKeepsTheLastGoodConfigAndReportsLineAndColumn(String kind, String bad, int line, int column) throws Exception {
    Path file = dir.resolve("shunt.yaml");
    ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-write", ""));
    try (Connection c = open(file)) {
      ConfigHandle handle = ConfigRegistry.process().find(file);
      ShuntConfig good = handle.current();
      ToggleFiles.writeInPlace(file, bad);
      Await.until("the " + kind + " error to be recorded", RELOAD_DEADLINE, () -> handle.lastError() != null);
      ConfigException error = handle.lastError();
      assertEquals(line, error.line(), error.getMessage());
      if (column > 0) assertEquals(column, error.column(), error.getMessage());
      assertTrue(error.getMessage().startsWith(file.toAbsolutePath() + ":" + line + ":" + error.column() + ": "), error.getMessage());
      assertSame(good, handle.current(), "the last good configuration stays in force");
      assertEquals(Phase.SHADOW_WRITE, phaseSeenBy(c));

      ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-read", ""));
      Await.until("the fixed file to load", RELOAD_DEADLINE, () -> phaseSeenBy(c) == Phase.SHADOW_READ);
      assertNull(handle.lastError());
    }
  }

  @Test void aTransactionNeverSeesTwoPhases() throws Exception {
    Path file = dir.resolve("shunt.yaml");
    ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-write", ""));
    try (Connection c = open(file)) {
      ConfigHandle handle = ConfigRegistry.process().find(file);
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE users SET name = 'bob' WHERE id = 1");
        ShuntConfig pinned = c.unwrap(ShuntConnection.class).currentConfig();
        ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-read", ""));
        Await.until("the reload", RELOAD_DEADLINE, () -> handle.current().version() > pinned.version());
        s.executeQuery("SELECT * FROM users").close();
        assertSame(pinned, c.unwrap(ShuntConnection.class).currentConfig(), "pinned until the transaction ends");
        c.rollback();
        assertEquals(Phase.SHADOW_READ, phaseSeenBy(c), "the next transaction takes the new snapshot");
        s.executeUpdate("UPDATE users SET name = 'ann' WHERE id = 1");
        c.commit();
      }
    }
  }

  @Test void autocommitTakesTheNewSnapshotAtTheNextStatement() throws Exception {
    Path file = dir.resolve("shunt.yaml");
    ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("old", ""));
    try (Connection c = open(file)) {
      ConfigHandle handle = ConfigRegistry.process().find(file);
      ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-write", ""));
      Await.until("the reload", RELOAD_DEADLINE, () -> handle.current().version() == 2);
      assertEquals(Phase.SHADOW_WRITE, phaseSeenBy(c));
    }
  }

  @Test void theReloadThreadIsADaemonAndStopsWithTheLastConnection() throws Exception {
    Path file = dir.resolve("lifecycle.yaml");
    ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("old", ""));
    String name = "shunt-config-reload-lifecycle.yaml";
    Connection first = open(file);
    Connection second = open(file);
    Await.until("the reload thread to start", RELOAD_DEADLINE, () -> reloadThread(name) != null);
    assertTrue(reloadThread(name).isDaemon());
    first.close();
    assertNotNull(reloadThread(name), "one connection is still open");
    second.close();
    Await.until("the reload thread to stop", RELOAD_DEADLINE, () -> reloadThread(name) == null);
    assertEquals(0, ConfigRegistry.process().find(file).users());

    // a change made while nobody watched is seen by the next connection, and checked as a move
    ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-write", ""));
    try (Connection again = open(file)) {
      assertEquals(Phase.SHADOW_WRITE, phaseSeenBy(again));
    }
  }

  @Test void aConnectionIsRefusedWhenTheFirstLoadFails() throws Exception {
    Path file = dir.resolve("broken.yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nmigrations:\n  users:\n    old: { table: users }\n");
    SQLException e = assertThrows(SQLException.class, () -> open(file));
    assertTrue(e.getMessage().contains("broken.yaml:4:10"), e.getMessage());
    assertTrue(e.getMessage().contains("missing key 'key'"), e.getMessage());
    assertThrows(SQLException.class, () -> open(dir.resolve("missing.yaml")));
    Files.deleteIfExists(file);
  }

  private static Thread reloadThread(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).findFirst().orElse(null);
  }
}
