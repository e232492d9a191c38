package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.sql.StatementCache;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements that name no migrated table are never parsed, every distinct
 * text naming one is parsed once, and texts Shunt cannot mirror pass through (or fail under strict).
 */
class ClassificationIT {
  private static TestDatabase db;
  private static final StatementCache CACHE = StatementCache.shared();

  @TempDir Path dir;

  @BeforeAll static void createTables() throws SQLException {
    db = TestDatabases.create(Engine.MARIADB, "classify");
    db.exec("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))",
        "CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50))",
        "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT, note VARCHAR(50))");
  }

  @AfterAll static void dropDatabase() {
    db.close();
  }

  @BeforeEach void resetRows() throws SQLException {
    db.exec("DELETE FROM users", "DELETE FROM orders", "INSERT INTO users VALUES (1, 'ann'), (2, 'bob')");
  }

  private Connection open(String url, String phase, String extra) throws Exception {
    Properties p = new Properties();
    if (phase != null) {
      Path file = dir.resolve("shunt-" + phase + ".yaml");
      ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration(phase, extra));
      p.setProperty("shunt.config", file.toString());
    }
    return DriverManager.getConnection(url, p);
  }

  /** A workload of distinct statements, half of them naming the users table. */
  private static void workload(Connection c, String tag) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < 20; i++) {
        s.executeQuery("SELECT name FROM users WHERE id = " + (i % 3) + " /* " + tag + i + " */").close();
        s.executeUpdate("INSERT INTO orders VALUES (" + (i + 100) + ", 1, '" + tag + "')");
        s.executeUpdate("UPDATE users SET name = 'n" + i + "' WHERE id = 2 /* " + tag + " */");
      }
      s.executeUpdate("DELETE FROM orders WHERE note = '" + tag + "'");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM users WHERE name = ? /* " + tag + " */")) {
      ps.setString(1, "ann");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    }
  }

  @Test void withoutAConfigNothingIsParsed() throws Exception {
    long before = CACHE.parseCount();
    try (Connection c = open(db.shuntUrl(), null, "")) {
      workload(c, "noconfig");
    }
    assertEquals(before, CACHE.parseCount());
  }

  @Test void inPhaseOldNothingIsParsed() throws Exception {
    long before = CACHE.parseCount();
    try (Connection c = open(db.shuntUrl(), "old", "")) {
      workload(c, "phaseold");
    }
    assertEquals(before, CACHE.parseCount());
  }

  @Test void inAnActivePhaseOnlyStatementsNamingTheTableAreParsedAndOnlyOnce() throws Exception {
    try (Connection c = open(db.shuntUrl(), "shadow-write", "")) {
      long before = CACHE.parseCount();
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < 50; i++) {
          s.executeUpdate("INSERT INTO orders VALUES (" + (200 + i) + ", 1, 'x')");
          s.executeQuery("SELECT COUNT(*) FROM orders").close();
        }
      }
      assertEquals(before, CACHE.parseCount(), "orders is not migrated: no parse");

      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id IN (?, ?)")) {
        for (int i = 0; i < 50; i++) {
          ps.setInt(1, 1);
          ps.setInt(2, 2);
          ps.executeQuery().close();
        }
      }
      try (Statement s = c.createStatement()) {
        for (int i = 0; i < 50; i++) s.executeQuery("SELECT name FROM users WHERE id IN (?, ?)".replace("?", "1")).close();
      }
      assertEquals(before + 2, CACHE.parseCount(), "two distinct texts naming users: two parses");
    }
  }

  @Test void unparseableStatementsPassThroughWithAMarkAndStrictRefusesThem() throws Exception {
    String url = TestDatabase.withParam(db.shuntUrl(), "allowMultiQueries=true");
    MigrationCounters counters = ShuntMetrics.process().migration("users");
    long unparsed = counters.unparsedStatements();
    long unmirrored = counters.unmirroredWrites();
    try (Connection c = open(url, "shadow-write", ""); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 1 LOCK IN SHARE MODE")) {
        assertTrue(rs.next(), "a read JSqlParser rejects still runs on the primary");
        assertEquals("ann", rs.getString(1));
      }
      assertEquals(unparsed + 1, counters.unparsedStatements());
      assertEquals(unmirrored, counters.unmirroredWrites(), "a read cannot leave writes unmirrored");

      s.execute("UPDATE users SET name = 'multi' WHERE id = 1; SELECT 1");
      assertEquals(unmirrored + 1, counters.unmirroredWrites(), "a multi-statement write is marked");
    }
    try (Connection c = open(url, "shadow-write", "strict: true\n"); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.execute("UPDATE users SET name = 'strict' WHERE id = 2; SELECT 1"));
      assertEquals("HY000", e.getSQLState());
      assertTrue(e.getMessage().contains("users"), e.getMessage());
      assertTrue(!e.getMessage().contains("strict'"), "no literal values in the message: " + e.getMessage());
      s.executeQuery("SELECT COUNT(*) FROM orders").close(); // statements not naming users still run
    }
    try (Connection c = db.openRaw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM users WHERE id = 2")) {
      assertTrue(rs.next());
      assertEquals("bob", rs.getString(1), "the refused statement did not run");
    }
  }
}
