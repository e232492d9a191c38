package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.EngineDatabases;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Same database, old primary: after every write form, the new table holds the
 * transformed image of every old row, and the application sees what the raw driver shows.
 */
class WriteMirrorIT {
  private static final EngineDatabases DBS = new EngineDatabases("mirror", MirrorSchema::create);

  @TempDir Path dir;

  private static TestDatabase db(Engine engine) throws SQLException {
    TestDatabase db = DBS.get(engine);
    MirrorSchema.clear(db);
    return db;
  }

  @AfterAll static void dropDatabases() {
    DBS.close();
  }

  private Connection open(TestDatabase db) throws Exception {
    return MirrorSchema.open(db, MirrorSchema.toggleFile(dir, "shadow-write", ""));
  }

  private static void assertMirrored(TestDatabase db) throws SQLException {
    List<String> expected = MirrorSchema.expectedNew(db);
    assertFalse(expected.isEmpty(), "the scenario left rows to compare");
    assertEquals(expected, MirrorSchema.actualNew(db), "users_v2 must equal the transformed users");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void insertsWithExplicitKeys(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'Ann@X.org', 3)"));
      assertEquals(2, s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (2, 'Bob', 'BOB@x', 1), (3, 'Cy', 'cy@X', 2)"));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?), (?, ?, ?, ?)")) {
        Object[] v = {10, "Dee", "DEE@x", 4, 11, "Eve", "Eve@X", 5};
        for (int i = 0; i < v.length; i++) ps.setObject(i + 1, v[i]);
        assertEquals(2, ps.executeUpdate());
      }
    }
    assertMirrored(db);
    assertEquals(5, MirrorSchema.actualNew(db).size());
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void insertsWithGeneratedKeysTheApplicationDidNotAskFor(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("INSERT INTO users (name, email, score) VALUES ('Ann', 'A@x', 1)"));
      if (engine == Engine.MARIADB) {
        SQLException e = assertThrows(SQLException.class, s::getGeneratedKeys, "as the raw driver: keys were not requested");
        assertTrue(e.getMessage().contains("RETURN_GENERATED_KEYS"));
      } else {
        try (ResultSet keys = s.getGeneratedKeys()) {
          assertFalse(keys.next(), "as the raw driver: no keys when none were requested");
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, email, score) VALUES (?, ?, ?)")) {
        for (int i = 0; i < 3; i++) {
          ps.setString(1, "p" + i);
          ps.setString(2, "P" + i + "@X");
          ps.setInt(3, i);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        assertEquals(3, counts.length);
      }
    }
    assertMirrored(db);
    assertEquals(4, MirrorSchema.actualNew(db).size());
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void generatedKeysTheApplicationAskedForStillReachIt(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, email, score) VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, "Ann");
        ps.setString(2, "ANN@x");
        ps.setInt(3, 7);
        assertEquals(1, ps.executeUpdate());
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertTrue(keys.next());
          long id = keys.getLong(1);
          assertTrue(id > 0);
          assertEquals(List.of(id + "|Ann|ann@x|70"), MirrorSchema.actualNew(db));
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO users (name, email, score) VALUES ('Bob', 'b@X', 2)", Statement.RETURN_GENERATED_KEYS);
        try (ResultSet keys = s.getGeneratedKeys()) {
          assertTrue(keys.next());
          assertTrue(keys.getLong(1) > 0);
          assertEquals(s, keys.getStatement());
        }
      }
    }
    assertMirrored(db);
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void updatesAndDeletesCopyTheImagesOfTheRowsTheyTouch(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A@a', 1), (2, 'b', 'B@b', 2), (3, 'c', 'C@c', 3), (4, 'd', 'D@d', 4)");
      assertEquals(2, s.executeUpdate("UPDATE users SET score = score + 5, email = UPPER(email) WHERE id IN (1, 3)"));
      try (PreparedStatement ps = c.prepareStatement("UPDATE users SET name = ? WHERE score < ? AND id <> ?")) {
        ps.setString(1, "renamed");
        ps.setInt(2, 5);
        ps.setInt(3, 4);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(1, s.executeUpdate("DELETE FROM users WHERE id = 4"));
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
        ps.setString(1, "nobody");
        assertEquals(0, ps.executeUpdate());
      }
    }
    assertMirrored(db);
    assertEquals(List.of("1|a|a@a|60", "2|renamed|b@b|20", "3|c|c@c|80"), MirrorSchema.actualNew(db));
  }

  @ParameterizedTest @EnumSource(value = Engine.class, names = "MARIADB")
  void mariaDbFormsOrderByLimitAndInsertSet(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users SET id = 1, name = 'a', email = 'A', score = 1");
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (2, 'b', 'B', 2), (3, 'c', 'C', 3)");
      assertEquals(2, s.executeUpdate("UPDATE users SET score = 100 ORDER BY id DESC LIMIT 2"));
      assertEquals(1, s.executeUpdate("DELETE FROM users ORDER BY id LIMIT 1"));
    }
    assertMirrored(db);
    assertEquals(List.of("2|b|b|1000", "3|c|c|1000"), MirrorSchema.actualNew(db));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void batchesOfEveryKind(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db)) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 20; i++) {
          ps.setInt(1, i);
          ps.setString(2, "n" + i);
          ps.setString(3, "E" + i + "@X");
          ps.setInt(4, i);
          ps.addBatch();
        }
        assertEquals(20, ps.executeBatch().length);
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE users SET score = score * 2 WHERE id = ?")) {
        for (int i = 1; i <= 20; i += 3) {
          ps.setInt(1, i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (Statement s = c.createStatement()) {
        s.addBatch("DELETE FROM users WHERE id = 2");
        s.addBatch("UPDATE users SET name = 'x' WHERE id = 5");
        s.addBatch("INSERT INTO users (id, name, email, score) VALUES (99, 'z', 'Z', 9)");
        assertArrayEquals(new int[] {1, 1, 1}, s.executeBatch());
      }
    }
    assertMirrored(db);
    assertEquals(20, MirrorSchema.actualNew(db).size());
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void aRolledBackTransactionLeavesNoTraceAndACommittedOneAllOfIt(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'keep', 'K', 1)");
      c.setAutoCommit(false);
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (2, 'gone', 'G', 2)");
      s.executeUpdate("UPDATE users SET score = 50 WHERE id = 1");
      s.executeUpdate("DELETE FROM users WHERE id = 1");
      c.rollback();
      assertEquals(List.of("1|keep|k|10"), MirrorSchema.actualNew(db));
      s.executeUpdate("UPDATE users SET name = 'kept' WHERE id = 1");
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (3, 'new', 'N', 3)");
      assertEquals(List.of("1|keep|k|10"), MirrorSchema.actualNew(db), "not visible before commit");
      c.commit();
    }
    assertMirrored(db);
    assertEquals(List.of("1|kept|k|10", "3|new|n|30"), MirrorSchema.actualNew(db));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void theApplicationSeesItsOwnErrorsUnchanged(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    SQLException raw;
    try (Connection c = db.openRaw(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A', 1)");
      raw = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'dup', 'D', 1)"));
      s.executeUpdate("DELETE FROM users");
    }
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A', 1)");
      SQLException viaShunt = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'dup', 'D', 1)"));
      assertEquals(raw.getSQLState(), viaShunt.getSQLState());
      assertEquals(raw.getErrorCode(), viaShunt.getErrorCode());
      assertTrue(c.getAutoCommit(), "autocommit is restored after a failed mirrored write");
      s.executeUpdate("UPDATE users SET score = 2 WHERE id = 1");
    }
    assertMirrored(db);
    assertEquals(List.of("1|a|a|20"), MirrorSchema.actualNew(db));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void multiRowInsertsWithGeneratedKeysMirrorEveryRow(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      // MariaDB Connector/J returns only the first generated key of a multi-row INSERT
      assertEquals(3, s.executeUpdate("INSERT INTO users (name, email, score) VALUES ('a', 'A', 1), ('b', 'B', 2), ('c', 'C', 3)"));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, email, score) VALUES (?, ?, 1), (?, ?, 2)")) {
        ps.setString(1, "d");
        ps.setString(2, "D");
        ps.setString(3, "e");
        ps.setString(4, "E");
        assertEquals(2, ps.executeUpdate());
      }
    }
    assertMirrored(db);
    assertEquals(5, MirrorSchema.actualNew(db).size());
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void transactionsWrittenAsSqlAreHonoured(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A', 1)");
      s.execute(engine == Engine.MARIADB ? "START TRANSACTION" : "BEGIN");
      s.executeUpdate("UPDATE users SET score = 50 WHERE id = 1");
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (2, 'b', 'B', 2)");
      s.execute("ROLLBACK");
      s.execute("BEGIN");
      s.executeUpdate("UPDATE users SET score = 7 WHERE id = 1");
      s.execute("COMMIT");
    }
    assertMirrored(db);
    assertEquals(List.of("1|a|a|70"), MirrorSchema.actualNew(db));
  }

  /** MariaDB's SET autocommit as SQL is what setAutoCommit is: Shunt must not commit behind it. */
  @ParameterizedTest @EnumSource(value = Engine.class, names = "MARIADB")
  void setAutocommitWrittenAsSqlOpensAndEndsTransactions(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A', 1)");
      s.execute("SET autocommit = 0");
      assertFalse(c.getAutoCommit());
      s.executeUpdate("UPDATE users SET score = 50 WHERE id = 1");
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (2, 'b', 'B', 2)");
      s.execute("ROLLBACK");
      assertEquals(List.of("1|a|a|10"), MirrorSchema.actualNew(db), "the rolled-back writes left no trace");
      s.executeUpdate("UPDATE users SET score = 7 WHERE id = 1");
      s.executeUpdate("SET @@session.autocommit = 1"); // commits the open transaction
      assertTrue(c.getAutoCommit());
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (3, 'c', 'C', 3)");
    }
    assertMirrored(db);
    assertEquals(List.of("1|a|a|70", "3|c|c|30"), MirrorSchema.actualNew(db));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void writesThroughAnUpdatableResultSetAreMarked(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    long marked = dev.shunt.metrics.ShuntMetrics.process().migration("users").unmirroredWrites();
    try (Connection c = open(db)) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A', 1)");
      }
      try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE);
          ResultSet rs = s.executeQuery("SELECT id, name, email, score FROM users WHERE id = 1")) {
        assertTrue(rs.next());
        rs.updateInt("score", 9);
        rs.updateRow();
      }
    }
    assertEquals(marked + 1, dev.shunt.metrics.ShuntMetrics.process().migration("users").unmirroredWrites(),
        "Shunt cannot mirror it, so it says so and marks the table for verify");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void theRepairWorkerIsADaemonThatStopsWithTheLastConnection(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    java.nio.file.Path file = dir.resolve("repair-worker-" + engine + ".yaml");
    java.nio.file.Files.copy(MirrorSchema.toggleFile(dir, "shadow-write", ""), file);
    String name = "shunt-repair-" + file.getFileName();
    try (Connection c = MirrorSchema.open(db, file); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A', 1)");
      dev.shunt.it.support.Await.until("the repair worker to start", java.time.Duration.ofSeconds(10), () -> thread(name) != null);
      assertTrue(thread(name).isDaemon());
    }
    dev.shunt.it.support.Await.until("the repair worker to stop", java.time.Duration.ofSeconds(10), () -> thread(name) == null);
  }

  private static Thread thread(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).findFirst().orElse(null);
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void inPhaseOldNothingIsMirrored(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = MirrorSchema.open(db, MirrorSchema.toggleFile(dir, "old", "")); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A', 1)");
    }
    assertEquals(List.of(), MirrorSchema.actualNew(db));
  }
}
