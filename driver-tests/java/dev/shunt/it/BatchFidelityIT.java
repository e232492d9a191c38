package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.EngineDatabases;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JDBC batches through Shunt behave entry by entry as the raw driver's do, compared with the same
 * batch on a raw twin table: the counts (MariaDB goes on after a failed entry, PostgreSQL stops),
 * what stays committed, and the generated keys of every entry; both sides end as the twin.
 */
class BatchFidelityIT {
  private static final EngineDatabases DBS = new EngineDatabases("batch", BatchFidelityIT::create);

  @TempDir Path dir;

  private static void create(TestDatabase db) throws SQLException {
    String auto = db.engine() == Engine.MARIADB ? "INT AUTO_INCREMENT PRIMARY KEY" : "SERIAL PRIMARY KEY";
    db.exec("CREATE TABLE b (id INT PRIMARY KEY, name VARCHAR(20), n INT)", "CREATE TABLE bt (id INT PRIMARY KEY, name VARCHAR(20), n INT)",
        "CREATE TABLE b_v2 (id INT PRIMARY KEY, label VARCHAR(20), n INT)",
        "CREATE TABLE g (id " + auto + ", name VARCHAR(20))", "CREATE TABLE g_v2 (id " + auto + ", name VARCHAR(20))");
  }

  private static TestDatabase db(Engine engine) throws SQLException {
    TestDatabase db = DBS.get(engine);
    db.exec("DELETE FROM b", "DELETE FROM bt", "DELETE FROM b_v2", "DELETE FROM g", "DELETE FROM g_v2");
    for (String t : new String[] {"b", "bt"}) db.exec("INSERT INTO " + t + " VALUES (1, 'one', 1), (960, 'old', 2)");
    db.exec("INSERT INTO b_v2 VALUES (1, 'one', 1), (960, 'old', 2)");
    return db;
  }

  @AfterAll static void drop() {
    DBS.close();
  }

  private Connection open(TestDatabase db, String phase) throws Exception {
    Path file = dir.resolve("batch-" + phase + ".yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nmigrations:\n"
        + "  batch_b:\n    old: { table: b, key: [id] }\n    new: { table: b_v2 }\n"
        + "    columns: { id: id, label: name, n: n }\n    reverse: { id: id, name: label, n: n }\n    phase: " + phase + "\n"
        + "  batch_g:\n    old: { table: g, key: [id] }\n    new: { table: g_v2 }\n"
        + "    columns: { id: id, name: name }\n    reverse: { id: id, name: name }\n    phase: " + phase + "\n");
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    return DriverManager.getConnection(db.shuntUrl(), p);
  }

  /** The counts a batch returned, or those its BatchUpdateException carried with its SQLState. */
  private static String run(Connection c, boolean autoCommit, String table, boolean prepared) throws SQLException {
    c.setAutoCommit(autoCommit);
    String outcome;
    if (prepared) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, name, n) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        Object[][] rows = {{961, "a", 1}, {960, "b", 2}, {962, "c", 3}};
        for (Object[] r : rows) {
          for (int i = 0; i < 3; i++) ps.setObject(i + 1, r[i]);
          ps.addBatch();
        }
        outcome = counts(ps);
      }
    } else {
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO " + table + " (id, name, n) VALUES (10, 'x', 1)");
        s.addBatch("INSERT INTO " + table + " (id, name, n) VALUES (1, 'dup', 1)");
        s.addBatch("UPDATE " + table + " SET n = n + 5 WHERE id = 960");
        s.addBatch("DELETE FROM " + table + " WHERE id = 1");
        outcome = counts(s);
      }
    }
    if (!autoCommit) c.commit();
    c.setAutoCommit(true);
    return outcome;
  }

  private static String counts(Statement s) {
    try {
      return Arrays.toString(s.executeBatch());
    } catch (BatchUpdateException e) {
      return Arrays.toString(e.getUpdateCounts()) + " " + e.getSQLState();
    } catch (SQLException e) {
      return "error " + e.getSQLState();
    }
  }

  @ParameterizedTest
  @CsvSource({"MARIADB, shadow-write, true, true", "MARIADB, shadow-write, false, true", "MARIADB, shadow-write, true, false",
      "MARIADB, new-primary, true, false", "MARIADB, new-primary, false, false", "MARIADB, new-primary, true, true",
      "POSTGRES, shadow-write, true, false", "POSTGRES, new-primary, true, false", "POSTGRES, new-primary, false, false",
      "POSTGRES, new-primary, true, true"})
  void aBatchWithAFailingEntryEndsAsTheRawDriversDoes(Engine engine, String phase, boolean autoCommit, boolean prepared) throws Exception {
    TestDatabase db = db(engine);
    String raw;
    try (Connection c = db.openRaw()) {
      raw = run(c, autoCommit, "bt", prepared);
    }
    String viaShunt;
    try (Connection c = open(db, phase)) {
      viaShunt = run(c, autoCommit, "b", prepared);
    }
    String what = engine + " " + phase + (autoCommit ? " autocommit" : " transaction") + (prepared ? " prepared" : " statement") + " batch";
    assertEquals(raw, viaShunt, "counts of the " + what);
    List<String> twin = MirrorSchema.rows(db, "SELECT id, name, n FROM bt ORDER BY id");
    assertEquals(twin, MirrorSchema.rows(db, "SELECT id, name, n FROM b ORDER BY id"), "old after the " + what);
    assertEquals(twin, MirrorSchema.rows(db, "SELECT id, label, n FROM b_v2 ORDER BY id"), "new after the " + what);
  }

  /** jOOQ's {@code insert … returning id}, run with executeQuery: the application gets its key, both sides the row. */
  @ParameterizedTest
  @CsvSource({"MARIADB, shadow-write", "POSTGRES, shadow-write", "MARIADB, new-primary", "POSTGRES, new-primary"})
  void insertReturningGivesTheApplicationItsKeyAndBothSidesTheRow(Engine engine, String phase) throws Exception {
    TestDatabase db = db(engine);
    List<String> got = new ArrayList<>();
    try (Connection c = open(db, phase)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO g (name) VALUES (?) RETURNING id")) {
        ps.setString(1, "r1");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) got.add(rs.getString(1));
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("INSERT INTO g (name) VALUES ('r2') RETURNING id, name")) {
        while (rs.next()) got.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    String primary = phase.equals("new-primary") ? "g_v2" : "g";
    List<String> ids = MirrorSchema.rows(db, "SELECT id FROM " + primary + " ORDER BY id");
    assertEquals(2, ids.size(), "two rows on the primary, " + engine + " " + phase);
    assertEquals(List.of(ids.get(0), ids.get(1) + "|r2"), got, "the application read the keys the primary generated");
    assertEquals(MirrorSchema.rows(db, "SELECT id, name FROM g ORDER BY id"), MirrorSchema.rows(db, "SELECT id, name FROM g_v2 ORDER BY id"),
        "both sides hold the rows, " + engine + " " + phase);
  }

  /** jOOQ's batch(…) of literal SQL: an INSERT that leaves its key to the database, between an UPDATE and a DELETE. */
  @ParameterizedTest
  @CsvSource({"MARIADB, shadow-write", "MARIADB, new-primary", "POSTGRES, shadow-write", "POSTGRES, new-primary"})
  void aStatementBatchMixingInsertsUpdatesAndDeletesIsMirroredEntryByEntry(Engine engine, String phase) throws Exception {
    TestDatabase db = db(engine);
    db.exec("INSERT INTO g (name) VALUES ('pre')");
    db.exec("INSERT INTO g_v2 SELECT id, name FROM g");
    try (Connection c = open(db, phase); Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO g (name) VALUES ('s1')");
      s.addBatch("UPDATE g SET name = 'upd' WHERE name = 'pre'");
      s.addBatch("INSERT INTO g (name) VALUES ('s2')");
      s.addBatch("DELETE FROM g WHERE name = 's1'");
      s.executeBatch();
    }
    List<String> primary = MirrorSchema.rows(db, "SELECT name FROM " + (phase.equals("new-primary") ? "g_v2" : "g") + " ORDER BY name");
    assertEquals(List.of("s2", "upd"), primary, engine + " " + phase);
    assertEquals(MirrorSchema.rows(db, "SELECT id, name FROM g ORDER BY id"), MirrorSchema.rows(db, "SELECT id, name FROM g_v2 ORDER BY id"),
        "both sides hold the same rows, " + engine + " " + phase);
  }

  @ParameterizedTest
  @CsvSource({"MARIADB, shadow-write", "MARIADB, new-primary", "POSTGRES, shadow-write", "POSTGRES, new-primary"})
  void everyEntryOfABatchReturnsItsGeneratedKey(Engine engine, String phase) throws Exception {
    TestDatabase db = db(engine);
    List<Long> keys = new ArrayList<>();
    try (Connection c = open(db, phase);
        PreparedStatement ps = c.prepareStatement("INSERT INTO g (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
      for (String n : new String[] {"k1", "k2", "k3"}) {
        ps.setString(1, n);
        ps.addBatch();
      }
      ps.executeBatch();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        while (rs.next()) keys.add(rs.getLong(1));
      }
    }
    String side = phase.equals("new-primary") ? "g_v2" : "g";
    List<String> ids = MirrorSchema.rows(db, "SELECT id FROM " + side + " ORDER BY id");
    assertEquals(3, ids.size(), "three rows on the primary");
    List<String> got = new ArrayList<>();
    for (long k : keys) got.add(Long.toString(k));
    assertEquals(ids, got, "the application got the key of every entry, " + engine + " " + phase);
    assertTrue(MirrorSchema.rows(db, "SELECT id, name FROM g ORDER BY id").equals(MirrorSchema.rows(db, "SELECT id, name FROM g_v2 ORDER BY id")),
        "both sides hold the rows");
  }
}
