package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.EngineDatabases;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.metrics.ShuntMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Upserts, REPLACE, INSERT … SELECT and the failure paths of same-database mirroring. The old
 * table has a unique e-mail besides its key, so an upsert can hit a row its values do not name.
 */
class UpsertMirrorIT {
  private static final EngineDatabases DBS = new EngineDatabases("upsert", UpsertMirrorIT::createTables);

  @TempDir Path dir;

  private static void createTables(TestDatabase db) throws SQLException {
    String autoId = db.engine() == Engine.POSTGRES ? "id SERIAL PRIMARY KEY" : "id INT AUTO_INCREMENT PRIMARY KEY";
    db.exec("CREATE TABLE accounts (" + autoId + ", email VARCHAR(100) NOT NULL UNIQUE, name VARCHAR(50), visits INT)",
        "CREATE TABLE accounts_v2 (id INT PRIMARY KEY, email VARCHAR(100), name VARCHAR(50), visits INT CHECK (visits < 1000))",
        "CREATE TABLE staging (id INT, email VARCHAR(100), name VARCHAR(50))");
  }

  private static TestDatabase db(Engine engine) throws SQLException {
    TestDatabase db = DBS.get(engine);
    db.exec("DELETE FROM accounts", "DELETE FROM accounts_v2", "DELETE FROM staging");
    return db;
  }

  @AfterAll static void dropDatabases() {
    DBS.close();
  }

  private Connection open(TestDatabase db, String extra, String migrationExtra) throws Exception {
    Path file = dir.resolve("accounts.yaml");
    ToggleFiles.writeInPlace(file, "version: 1\n" + extra + "migrations:\n  accounts:\n"
        + "    old: { table: accounts, key: [id] }\n    new: { table: accounts_v2 }\n"
        + "    columns: { id: id, email: email, name: UPPER(name), visits: visits }\n"
        + "    phase: shadow-write\n" + migrationExtra);
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    return DriverManager.getConnection(db.shuntUrl(), p);
  }

  private static void assertMirrored(TestDatabase db) throws SQLException {
    List<String> expected = MirrorSchema.rows(db, "SELECT id, email, UPPER(name), visits FROM accounts ORDER BY id");
    assertTrue(!expected.isEmpty());
    assertEquals(expected, MirrorSchema.rows(db, "SELECT id, email, name, visits FROM accounts_v2 ORDER BY id"));
  }

  private static String upsert(Engine engine, String values) {
    return engine == Engine.MARIADB
        ? "INSERT INTO accounts (email, name, visits) VALUES " + values + " ON DUPLICATE KEY UPDATE visits = visits + 1, name = VALUES(name)"
        : "INSERT INTO accounts (email, name, visits) VALUES " + values + " ON CONFLICT (email) DO UPDATE SET visits = accounts.visits + 1, name = EXCLUDED.name";
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void upsertsOnAnotherUniqueIndexMirrorTheRowTheyUpdate(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (email, name, visits) VALUES ('a@x', 'ann', 1), ('b@x', 'bob', 1)");
      s.executeUpdate(upsert(engine, "('a@x', 'anna', 1)"));
      try (PreparedStatement ps = c.prepareStatement(upsert(engine, "(?, ?, ?)"))) {
        for (String email : new String[] {"b@x", "c@x", "b@x"}) {
          ps.setString(1, email);
          ps.setString(2, "via " + email);
          ps.setInt(3, 1);
          ps.executeUpdate();
        }
      }
    }
    assertMirrored(db);
    assertEquals(List.of("a@x|ANNA|2", "b@x|VIA B@X|3", "c@x|VIA C@X|1"),
        MirrorSchema.rows(db, "SELECT email, name, visits FROM accounts_v2 ORDER BY email"));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void insertIgnoreAndDoNothingSkipConflictsOnBothSides(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    String ignore = engine == Engine.MARIADB
        ? "INSERT IGNORE INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'again', 9), (3, 'c@x', 'cy', 3)"
        : "INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'again', 9), (3, 'c@x', 'cy', 3) ON CONFLICT DO NOTHING";
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1)");
      assertEquals(1, s.executeUpdate(ignore));
    }
    assertMirrored(db);
    assertEquals(List.of("1|ANN|1", "3|CY|3"), MirrorSchema.rows(db, "SELECT id, name, visits FROM accounts_v2 ORDER BY id"));
  }

  @ParameterizedTest @EnumSource(value = Engine.class, names = "MARIADB")
  void replaceDeletesTheConflictingRowOnBothSides(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1), (2, 'b@x', 'bob', 1)");
      // conflicts with id 1 on the key and with id 2 on email: both old rows go, one new row stays
      s.executeUpdate("REPLACE INTO accounts (id, email, name, visits) VALUES (1, 'b@x', 'merged', 5)");
    }
    assertMirrored(db);
    assertEquals(List.of("1|b@x|MERGED|5"), MirrorSchema.rows(db, "SELECT id, email, name, visits FROM accounts_v2 ORDER BY id"));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void insertSelectCopiesTheRowsItInserted(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    db.exec("INSERT INTO staging VALUES (10, 'p@x', 'pat'), (11, 'q@x', 'quinn'), (12, 'r@x', 'rae')");
    try (Connection c = open(db, "", "")) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (id, email, name, visits) SELECT id, email, name, 0 FROM staging WHERE id > ?")) {
        ps.setInt(1, 10);
        assertEquals(2, ps.executeUpdate());
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO accounts (email, name, visits) SELECT CONCAT(email, '.gen'), name, 7 FROM staging WHERE id = 10");
      }
    }
    assertMirrored(db);
    assertEquals(3, MirrorSchema.rows(db, "SELECT id FROM accounts_v2").size());
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void multiTableUpdatesAndDeletesMirrorTheMigratedTablesRows(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    db.exec("INSERT INTO staging VALUES (1, 'a@x', 'renamed'), (3, 'c@x', 'gone')");
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1), (2, 'b@x', 'bob', 2), (3, 'c@x', 'cy', 3)");
      assertEquals(1, s.executeUpdate(engine == Engine.MARIADB
          ? "UPDATE accounts a JOIN staging st ON st.id = a.id SET a.name = st.name WHERE st.name = 'renamed'"
          : "UPDATE accounts SET name = st.name FROM staging st WHERE st.id = accounts.id AND st.name = 'renamed'"));
      assertEquals(1, s.executeUpdate(engine == Engine.MARIADB
          ? "DELETE a FROM accounts a JOIN staging st ON st.email = a.email WHERE st.name = 'gone'"
          : "DELETE FROM accounts USING staging st WHERE st.email = accounts.email AND st.name = 'gone'"));
    }
    assertMirrored(db);
    assertEquals(List.of("1|RENAMED", "2|BOB"), MirrorSchema.rows(db, "SELECT id, name FROM accounts_v2 ORDER BY id"));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void anUpdateThatSetsTheKeyToAValueMovesTheRowOnBothSides(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1)");
      try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET id = ?, visits = 5 WHERE email = ?")) {
        ps.setInt(1, 40);
        ps.setString(2, "a@x");
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertMirrored(db);
    assertEquals(List.of("40|5"), MirrorSchema.rows(db, "SELECT id, visits FROM accounts_v2"));
  }

  @ParameterizedTest @EnumSource(value = Engine.class, names = "POSTGRES")
  void mergeMirrorsTheRowsItUpdatesAndInserts(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    db.exec("INSERT INTO staging VALUES (1, 'a@x', 'merged'), (5, 'e@x', 'eve')");
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1), (2, 'b@x', 'bob', 2)");
      try (PreparedStatement ps = c.prepareStatement("MERGE INTO accounts a USING staging st ON a.id = st.id"
          + " WHEN MATCHED THEN UPDATE SET name = st.name, visits = a.visits + ?"
          + " WHEN NOT MATCHED THEN INSERT (id, email, name, visits) VALUES (st.id, st.email, st.name, ?)")) {
        ps.setInt(1, 10);
        ps.setInt(2, 0);
        assertEquals(2, ps.executeUpdate());
      }
    }
    assertMirrored(db);
    assertEquals(List.of("1|MERGED|11", "2|BOB|2", "5|EVE|0"), MirrorSchema.rows(db, "SELECT id, name, visits FROM accounts_v2 ORDER BY id"));
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void aFailedCopyNeverReachesTheApplicationAndQueuesTheKeys(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    long failures = ShuntMetrics.process().migration("accounts").secondaryFailures();
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1)");
      c.setAutoCommit(false);
      // accounts_v2 refuses visits >= 1000: the copy fails, the application's write must not
      assertEquals(1, s.executeUpdate("UPDATE accounts SET visits = 5000 WHERE id = 1"));
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (2, 'b@x', 'bob', 2)");
      c.commit();
    }
    assertEquals(failures + 1, ShuntMetrics.process().migration("accounts").secondaryFailures());
    assertEquals(List.of("1|5000", "2|2"), MirrorSchema.rows(db, "SELECT id, visits FROM accounts ORDER BY id"));
    assertEquals(List.of("1|1", "2|2"), MirrorSchema.rows(db, "SELECT id, visits FROM accounts_v2 ORDER BY id"),
        "the failed key keeps its old image until repaired; later writes still mirror");
    assertEquals(List.of("accounts|new|L1"), MirrorSchema.rows(db, "SELECT migration, toward, key_values FROM shunt.shunt_repair_queue"));
    assertTrue(MirrorSchema.rows(db, "SELECT reason FROM shunt.shunt_repair_queue").get(0).contains("SQLState"),
        "the reason names the error without the database's text, which quotes values");
    db.exec("DELETE FROM shunt.shunt_repair_queue");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void onSecondaryFailureFailRaisesTheCopyError(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    try (Connection c = open(db, "", "    on_secondary_failure: fail\n"); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1)");
      assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE accounts SET visits = 5000 WHERE id = 1"));
      assertTrue(c.getAutoCommit());
    }
    assertEquals(List.of("1|1"), MirrorSchema.rows(db, "SELECT id, visits FROM accounts"), "the statement was rolled back whole");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void writesShuntCannotMirrorAreMarkedOrRefusedUnderStrict(Engine engine) throws Exception {
    TestDatabase db = db(engine);
    String keyChange = "UPDATE accounts SET id = id + 100 WHERE id = 1";
    long marked = ShuntMetrics.process().migration("accounts").unmirroredWrites();
    try (Connection c = open(db, "", ""); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO accounts (id, email, name, visits) VALUES (1, 'a@x', 'ann', 1)");
      assertEquals(1, s.executeUpdate(keyChange));
    }
    assertEquals(marked + 1, ShuntMetrics.process().migration("accounts").unmirroredWrites());
    try (Connection c = open(db, "strict: true\n", ""); Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE accounts SET id = id + 100 WHERE id = 101"));
      assertEquals("HY000", e.getSQLState());
      assertTrue(e.getMessage().contains("changes the key"), e.getMessage());
    }
    assertEquals(List.of("101"), MirrorSchema.rows(db, "SELECT id FROM accounts"), "the refused statement did not run");
  }
}
