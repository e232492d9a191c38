package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Statements a server reads differently from a generic SQL parser: Shunt either does what the
 * server does, on both sides, or runs the text as written on the primary and marks the table as
 * having unmirrored writes. It never acts on its own reading. Each statement also runs on a raw
 * twin table, whose rows the old table must equal afterwards.
 */
class MisreadingIT {
  private static final String ROWS = "(1, 'r1'), (2, 'r2'), (3, 'r3'), (4, 'r4'), (5, 'r5'), (6, 'r6')";
  private static final List<String> INITIAL = List.of("1|r1", "2|r2", "3|r3", "4|r4", "5|r5", "6|r6");
  private static TestDatabase maria;
  private static TestDatabase other;
  private static TestDatabase pg;

  @TempDir Path dir;

  private static synchronized TestDatabase db(Engine engine) throws SQLException {
    if (engine == Engine.MARIADB) {
      if (maria == null) maria = create(Engine.MARIADB);
      reset(maria);
      return maria;
    }
    if (pg == null) pg = create(Engine.POSTGRES);
    reset(pg);
    return pg;
  }

  private static TestDatabase create(Engine engine) throws SQLException {
    TestDatabase db = TestDatabases.create(engine, "misread");
    db.exec("CREATE TABLE acct (id INT PRIMARY KEY, name VARCHAR(50))",
        "CREATE TABLE acct_v2 (id INT PRIMARY KEY, name VARCHAR(50))",
        "CREATE TABLE twin (id INT PRIMARY KEY, name VARCHAR(50))");
    return db;
  }

  private static void reset(TestDatabase db) throws SQLException {
    for (String t : new String[] {"acct", "acct_v2", "twin"}) db.exec("DELETE FROM " + t, "INSERT INTO " + t + " VALUES " + ROWS);
  }

  @AfterAll static void drop() {
    for (TestDatabase db : new TestDatabase[] {maria, other, pg}) if (db != null) db.close();
  }

  private Connection open(TestDatabase db, String url, String phase, String extra) throws Exception {
    Path file = dir.resolve("acct-" + phase + ".yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n" + extra + "migrations:\n  acct:\n"
        + "    old: { table: acct, key: [id] }\n    new: { table: acct_v2 }\n"
        + "    columns: { id: id, name: name }\n    reverse: { id: id, name: name }\n    phase: " + phase + "\n");
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    return DriverManager.getConnection(url, p);
  }

  private static List<String> rows(TestDatabase db, String table) throws SQLException {
    return MirrorSchema.rows(db, "SELECT id, name FROM " + table + " ORDER BY id");
  }

  private static MigrationCounters counters() { return ShuntMetrics.process().migration("acct"); }

  /** Runs {@code sql} through Shunt and on the twin; old must equal the twin, new must be untouched, the table marked. */
  private void passedThroughAndMarked(TestDatabase db, String phase, String sql) throws Exception {
    reset(db);
    if (phase.equals("new-primary")) {
      // the new table is primary: the text run on old alone would be missing where the application
      // reads, and a repair from the primary would undo it; so it is refused before anything runs
      try (Connection c = open(db, db.shuntUrl(), phase, ""); Statement s = c.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
        assertEquals("HY000", e.getSQLState(), sql);
      }
      assertEquals(INITIAL, rows(db, "acct"), "a refused write never ran: " + sql);
      assertEquals(INITIAL, rows(db, "acct_v2"), "a refused write never ran: " + sql);
      return;
    }
    long marked = counters().unmirroredWrites();
    try (Connection c = open(db, db.shuntUrl(), phase, ""); Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
    db.exec(sql.replace("acct", "twin"));
    assertEquals(rows(db, "twin"), rows(db, "acct"), "old must hold what the server did with: " + sql);
    assertTrue(!rows(db, "twin").equals(INITIAL), "the statement changed something: " + sql);
    assertEquals(INITIAL, rows(db, "acct_v2"), "Shunt must not act on its own reading of: " + sql);
    assertEquals(marked + 1, counters().unmirroredWrites(), "the table is marked as having unmirrored writes: " + sql);
  }

  @ParameterizedTest @ValueSource(strings = {"shadow-write", "new-primary"})
  void mariaDbLexicalConstructsAreNeverActedOn(String phase) throws Exception {
    TestDatabase db = db(Engine.MARIADB);
    passedThroughAndMarked(db, phase, "UPDATE acct SET name = 'x\\' WHERE id = 1 -- ' WHERE id = 2");
    passedThroughAndMarked(db, phase, "DELETE FROM acct WHERE id = 3--1");
    passedThroughAndMarked(db, phase, "DELETE FROM acct WHERE id = 5 /*! OR id = 6 */");
    passedThroughAndMarked(db, phase, "UPDATE acct SET name = 'O\\'Brien' WHERE id = 2");
    passedThroughAndMarked(db, phase, "UPDATE acct SET name = \"dq\" WHERE id = 3");
    passedThroughAndMarked(db, phase, "DELETE FROM acct WHERE id = 1 # AND id = 2");
  }

  @Test void postgresLexicalConstructsAreNeverActedOn() throws Exception {
    TestDatabase db = db(Engine.POSTGRES);
    passedThroughAndMarked(db, "shadow-write", "UPDATE acct SET name = E'a\\'b' WHERE id = 1");
    passedThroughAndMarked(db, "shadow-write", "UPDATE acct SET name = $$dollar$$ WHERE id = 2");
    passedThroughAndMarked(db, "new-primary", "UPDATE acct SET name = 'x' WHERE id = 3 /* a /* nested */ comment */");
  }

  @Test void strictRefusesBeforeAnythingRuns() throws Exception {
    TestDatabase db = db(Engine.MARIADB);
    try (Connection c = open(db, db.shuntUrl(), "shadow-write", "strict: true\n"); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM acct WHERE id = 3--1"));
      assertEquals("HY000", e.getSQLState());
      c.commit();
    }
    assertEquals(INITIAL, rows(db, "acct"), "the refused statement never ran");
  }

  @Test void severalStatementsInOneTextAreMarkedEvenWhenTheFirstIsASelect() throws Exception {
    TestDatabase db = db(Engine.MARIADB);
    long marked = counters().unmirroredWrites();
    String url = TestDatabase.withParam(db.shuntUrl(), "allowMultiQueries=true");
    try (Connection c = open(db, url, "shadow-write", ""); Statement s = c.createStatement()) {
      s.execute("SELECT 1; UPDATE acct SET name = 'multi' WHERE id = 1");
    }
    assertEquals(marked + 1, counters().unmirroredWrites());
  }

  @Test void aTableOfAnotherSchemaIsNotTheMigratedOne() throws Exception {
    TestDatabase db = db(Engine.MARIADB);
    synchronized (MisreadingIT.class) {
      if (other == null) {
        other = TestDatabases.create(Engine.MARIADB, "misread_other");
        other.exec("CREATE TABLE acct (id INT PRIMARY KEY, name VARCHAR(50))");
      }
    }
    other.exec("DELETE FROM acct", "INSERT INTO acct VALUES " + ROWS);
    try (Connection c = open(db, db.shuntUrl(), "new-primary", ""); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("UPDATE " + other.name() + ".acct SET name = 'other' WHERE id = 1"));
      assertEquals(1, s.executeUpdate("UPDATE " + db.name() + ".acct SET name = 'home' WHERE id = 2"));
      s.execute("USE " + other.name());
      assertEquals(1, s.executeUpdate("UPDATE acct SET name = 'used' WHERE id = 3"));
    }
    try (Connection c = open(db, db.shuntUrl(), "new-primary", ""); Statement s = c.createStatement()) {
      // both tables named acct in one statement: matched by name downstream, so never acted on; in
      // new-primary a write that cannot reach the new table is refused
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeUpdate("UPDATE acct a JOIN " + other.name() + ".acct o ON o.id = a.id SET a.name = o.name WHERE a.id = 4"));
      assertEquals("HY000", e.getSQLState());
    }
    assertEquals(List.of("1|other", "2|r2", "3|used", "4|r4", "5|r5", "6|r6"), rows(other, "acct"));
    List<String> migrated = List.of("1|r1", "2|home", "3|r3", "4|r4", "5|r5", "6|r6");
    assertEquals(migrated, rows(db, "acct_v2"), "new-primary: the qualified home table is the migrated one");
    assertEquals(migrated, rows(db, "acct"), "and old got the reverse image");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void aRollbackUndoesATransactionOpenedWithAnyBeginForm(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    String[] begins = engine == Engine.MARIADB
        ? new String[] {"START TRANSACTION READ WRITE", "BEGIN WORK", "START TRANSACTION WITH CONSISTENT SNAPSHOT"}
        : new String[] {"BEGIN ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION READ WRITE", "BEGIN TRANSACTION"};
    for (String phase : new String[] {"shadow-write", "new-primary"}) {
      for (String begin : begins) {
        try (Connection c = open(db, db.shuntUrl(), phase, ""); Statement s = c.createStatement()) {
          s.execute(begin);
          assertEquals(1, s.executeUpdate("UPDATE acct SET name = 'tx' WHERE id = 1"));
          s.execute("ROLLBACK");
        }
        assertEquals(INITIAL, rows(db, "acct"), phase + ", " + begin + ": the application's ROLLBACK undid old");
        assertEquals(INITIAL, rows(db, "acct_v2"), phase + ", " + begin + ": and new");
      }
    }
  }

  @Test void aPreparedBeginIsABoundaryAndXaIsRefusedWhileTheNewSideIsWritten() throws Exception {
    TestDatabase db = db(Engine.MARIADB);
    try (Connection c = open(db, db.shuntUrl(), "shadow-write", "")) {
      try (java.sql.PreparedStatement begin = c.prepareStatement("START TRANSACTION READ WRITE")) {
        begin.execute();
      }
      try (Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("UPDATE acct SET name = 'tx' WHERE id = 2"));
        s.execute("ROLLBACK AND CHAIN");
        assertEquals(1, s.executeUpdate("UPDATE acct SET name = 'chained' WHERE id = 3"));
        s.execute("ROLLBACK");
        SQLException xa = assertThrows(SQLException.class, () -> s.execute("XA START 'shunt-x1'"));
        assertEquals("HY000", xa.getSQLState());
      }
    }
    assertEquals(INITIAL, rows(db, "acct"), "both rollbacks undid old");
    assertEquals(INITIAL, rows(db, "acct_v2"), "and new");
  }

  @Test @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aTextThatStallsTheParserFailsAsTheRawDriverSays() throws Exception {
    TestDatabase db = db(Engine.MARIADB);
    String sql = "SELECT id FROM acct WHERE " + "(".repeat(12) + "name = 'a' +" + ")".repeat(12);
    SQLException raw;
    try (Connection c = db.openRaw(); Statement s = c.createStatement()) {
      raw = assertThrows(SQLException.class, () -> s.executeQuery(sql));
    }
    try (Connection c = open(db, db.shuntUrl(), "new-primary", ""); Statement s = c.createStatement()) {
      SQLException viaShunt = assertThrows(SQLException.class, () -> s.executeQuery(sql));
      assertEquals(raw.getSQLState(), viaShunt.getSQLState());
      assertEquals(raw.getErrorCode(), viaShunt.getErrorCode());
    }
  }

  @Test void newOnlyAcrossEnginesNeverTurnsAnEscapedLiteralIntoAnInjection() throws Exception {
    TestDatabase db = db(Engine.MARIADB);
    TestDatabase newDb = db(Engine.POSTGRES);
    Path file = dir.resolve("acct-cross.yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nold:\n" + ToggleFiles.databaseSection(db)
        + "new:\n" + ToggleFiles.databaseSection(newDb) + "migrations:\n  acct:\n"
        + "    old: { table: acct, key: [id] }\n    new: { table: acct_v2 }\n"
        + "    columns: { id: id, name: name }\n    reverse: { id: id, name: name }\n    phase: new-only\n");
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    String sql = "SELECT id, name FROM acct WHERE name = 'nomatch\\' OR 1=1 -- '";
    try (Connection c = DriverManager.getConnection(db.shuntUrl(), p); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(sql),
          "in new-only the old table is stale: a text Shunt cannot read is refused, never misread");
      assertEquals("HY000", e.getSQLState());
      assertFalse(e.getMessage().contains("nomatch"), "no literal in the message: " + e.getMessage());
      // (by key: a name compared under MariaDB's case-insensitive collation has no faithful translation)
      try (ResultSet rs = s.executeQuery("SELECT id, name FROM acct WHERE id = 1")) {
        assertTrue(rs.next(), "an ordinary read is served by the new database");
        assertEquals(1, rs.getInt(1));
        assertFalse(rs.next());
      }
    }
  }
}
