package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.EngineDatabases;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * New primary, one database: the application's old-shaped writes run on the new
 * table (rewritten through the transforms) and the old table is kept as the reverse image.
 */
class NewPrimaryMirrorIT {
  private static final EngineDatabases DBS = new EngineDatabases("newprimary", MirrorSchema::create);

  @TempDir Path dir;

  private static TestDatabase db(Engine engine) throws SQLException {
    TestDatabase db = DBS.get(engine);
    MirrorSchema.clear(db);
    return db;
  }

  @AfterAll static void dropDatabases() {
    DBS.close();
  }

  /** A Shunt connection whose toggle file puts the users migration in {@code phase} (a first load, so any phase). */
  private Connection openAt(TestDatabase db, String phase) throws Exception {
    Path file = MirrorSchema.toggleFile(dir, phase, "");
    return MirrorSchema.open(db, file);
  }

  private static List<String> oldRows(TestDatabase db) throws SQLException {
    return MirrorSchema.rows(db, "SELECT id, name, email, score FROM users ORDER BY id");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void writesLandOnTheNewTableAndTheOldOneKeepsTheReverseImage(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = openAt(db, "new-primary"); Statement s = c.createStatement()) {
      assertEquals(2, s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'ANN@x', 3), (2, 'Bob', 'Bob@X', 4)"));
      assertEquals(List.of("1|Ann|ann@x|30", "2|Bob|bob@x|40"), MirrorSchema.actualNew(db), "the new table took the write, transformed");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)")) {
        ps.setInt(1, 3);
        ps.setString(2, "Cy");
        ps.setString(3, "CY@x");
        ps.setInt(4, 5);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(1, s.executeUpdate("UPDATE users SET score = score + 1 WHERE name = 'Ann'"));
      try (PreparedStatement ps = c.prepareStatement("UPDATE users SET email = ?, name = ? WHERE id = ?")) {
        ps.setString(1, "NEW@X");
        ps.setString(2, "Robert");
        ps.setInt(3, 2);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(1, s.executeUpdate("DELETE FROM users WHERE score > 4 AND email LIKE 'cy%'"));
      c.setAutoCommit(false);
      s.executeUpdate("UPDATE users SET score = 99 WHERE id = 1");
      c.rollback();
      c.setAutoCommit(true);
    }
    assertEquals(List.of("1|Ann|ann@x|40", "2|Robert|new@x|40"), MirrorSchema.actualNew(db));
    assertEquals(List.of("1|Ann|ann@x|4", "2|Robert|new@x|4"), oldRows(db), "old holds the reverse image of new");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void batchesRunEntryByEntryOnTheNewTable(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = openAt(db, "new-primary")) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= 3; i++) {
          ps.setInt(1, i);
          ps.setString(2, "n" + i);
          ps.setString(3, "E" + i + "@X");
          ps.setInt(4, i);
          ps.addBatch();
        }
        assertEquals(3, ps.executeBatch().length);
      }
      try (Statement s = c.createStatement()) {
        s.addBatch("UPDATE users SET score = score + 10 WHERE id = 1");
        s.addBatch("DELETE FROM users WHERE id = 2");
        int[] counts = s.executeBatch();
        assertEquals(1, counts[0]);
        assertEquals(1, counts[1]);
      }
    }
    assertEquals(List.of("1|n1|e1@x|110", "3|n3|e3@x|30"), MirrorSchema.actualNew(db));
    assertEquals(List.of("1|n1|e1@x|11", "3|n3|e3@x|3"), oldRows(db));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void insertSelectReadsItsSourceAndWritesTheNewTable(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    db.exec("DROP TABLE IF EXISTS staging", "CREATE TABLE staging (sid INT, sname VARCHAR(50))",
        "INSERT INTO staging VALUES (7, 'Sev'), (8, 'Ate')");
    try (Connection c = openAt(db, "new-primary")) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, score) SELECT sid, sname, 'S@X', ? FROM staging")) {
        ps.setInt(1, 2);
        assertEquals(2, ps.executeUpdate());
      }
    }
    assertEquals(List.of("7|Sev|s@x|20", "8|Ate|s@x|20"), MirrorSchema.actualNew(db));
    assertEquals(List.of("7|Sev|s@x|2", "8|Ate|s@x|2"), oldRows(db));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void newOnlyLeavesTheOldTableAlone(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    db.exec("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'ann@x', 1)",
        "INSERT INTO users_v2 (id, display_name, email, score) VALUES (1, 'Ann', 'ann@x', 10)");
    try (Connection c = openAt(db, "new-only"); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE users SET score = 7 WHERE id = 1");
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (2, 'Bob', 'B@x', 2)");
    }
    assertEquals(List.of("1|Ann|ann@x|70", "2|Bob|b@x|20"), MirrorSchema.actualNew(db));
    assertEquals(List.of("1|Ann|ann@x|1"), oldRows(db));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void theNewTablesErrorsReachTheApplicationAsItsOwn(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = openAt(db, "new-primary"); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'ann@x', 1)");
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Dup', 'd@x', 1)"));
      assertTrue(e.getSQLState().startsWith("23"), e.getSQLState());
      assertTrue(c.getAutoCommit());
    }
    assertEquals(List.of("1|Ann|ann@x|1"), oldRows(db));
  }
}
