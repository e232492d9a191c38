package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * New primary: upserts (ON DUPLICATE KEY UPDATE, ON CONFLICT, INSERT IGNORE, ON
 * CONFLICT DO NOTHING, REPLACE, MERGE) rewritten for the new table, in one database and across two.
 * Every statement also runs through the raw driver on a control table shaped like the old one
 * with the new table's unique indexes: the application must see the raw driver's update counts,
 * the control table must equal the old one (the application's view), and the old table must be
 * the reverse image of the new one, row by row.
 *
 * <p>The new table has a unique e-mail and a unique {@code tag} whose default is {@code 'none'}:
 * an upsert that leaves {@code tag} out can hit the row that holds the default.
 */
class NewPrimaryUpsertIT {
  /** Where the old and the new table live. */
  enum Topology {
    SAME_MARIADB(Engine.MARIADB, null),
    SAME_POSTGRES(Engine.POSTGRES, null),
    SECOND_MARIADB(Engine.MARIADB, Engine.MARIADB),
    MARIADB_TO_POSTGRES(Engine.MARIADB, Engine.POSTGRES),
    SECOND_POSTGRES(Engine.POSTGRES, Engine.POSTGRES);

    final Engine app;
    final Engine second; // null: the new table is in the old database

    Topology(Engine app, Engine second) {
      this.app = app;
      this.second = second;
    }

    Engine target() { return second == null ? app : second; }
  }

  @TempDir Path dir;

  private static final String OLD_SHAPE = "(id INT PRIMARY KEY, email VARCHAR(100) NOT NULL, name VARCHAR(50), visits INT,"
      + " tag VARCHAR(10) NOT NULL DEFAULT 'none'";

  /** The old database, the new one (the same object in one database), and the toggle file. */
  private final class Setup implements AutoCloseable {
    final Topology topology;
    final TestDatabase old;
    final TestDatabase neu;
    final Path file;

    Setup(Topology topology, String phase) throws Exception {
      this(topology, phase, true);
    }

    /** {@code uniques}: the e-mail and tag are unique on the new table; else only the key is. */
    Setup(Topology topology, String phase, boolean uniques) throws Exception {
      this.topology = topology;
      old = TestDatabases.create(topology.app, "npups");
      neu = topology.second == null ? old : TestDatabases.create(topology.second, "npups_new");
      old.exec("CREATE TABLE accounts " + OLD_SHAPE + ")",
          "CREATE TABLE accounts_ctl " + OLD_SHAPE + (uniques ? ", UNIQUE (email), UNIQUE (tag))" : ")"),
          "CREATE TABLE staging (id INT, email VARCHAR(100), name VARCHAR(50), tag VARCHAR(10))");
      String unique = uniques ? " UNIQUE" : "";
      neu.exec("CREATE TABLE accounts_v2 (id INT PRIMARY KEY, email VARCHAR(100) NOT NULL" + unique + ", display_name VARCHAR(50),"
          + " visits INT, tag VARCHAR(10) NOT NULL DEFAULT 'none'" + unique + ")");
      file = dir.resolve("upsert.yaml");
      String second = topology.second == null ? "" : "new:\n  url: \"" + neu.rawUrl() + "\"\n";
      ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n" + second + "migrations:\n  accounts:\n"
          + "    old: { table: accounts, key: [id] }\n    new: { table: accounts_v2 }\n"
          + "    columns: { id: id, email: LOWER(email), display_name: name, visits: visits * 10, tag: tag }\n"
          + "    reverse: { id: id, email: email, name: display_name, visits: visits / 10, tag: tag }\n"
          + "    phase: " + phase + "\n");
    }

    Connection open() throws SQLException {
      Properties p = new Properties();
      p.setProperty("shunt.config", file.toString());
      return DriverManager.getConnection(old.shuntUrl(), p);
    }

    /** The new rows, as the old table must hold them through {@code reverse}. */
    List<String> reverseOfNew() throws SQLException {
      return MirrorSchema.rows(neu, "SELECT id, email, display_name, visits, tag FROM accounts_v2 ORDER BY id");
    }

    List<String> oldRows() throws SQLException {
      return MirrorSchema.rows(old, "SELECT id, email, name, visits * 10, tag FROM accounts ORDER BY id");
    }

    /** What the application would see without the migration: the control table, e-mails folded as the new table folds them. */
    List<String> control() throws SQLException {
      return MirrorSchema.rows(old, "SELECT id, LOWER(email), name, visits * 10, tag FROM accounts_ctl ORDER BY id");
    }

    void assertMirrored() throws SQLException {
      List<String> neu = reverseOfNew();
      assertFalse(neu.isEmpty());
      assertEquals(control(), neu, "the new table holds what the raw driver's table holds");
      assertEquals(neu, oldRows(), "old is the reverse image of new, row by row");
    }

    @Override public void close() {
      if (neu != old) neu.close();
      old.close();
    }
  }

  /** Runs {@code sql} through Shunt and, on the control table, through the raw driver; the counts must agree. */
  private static int both(Connection shunt, Connection raw, String sql, Object... params) throws SQLException {
    int expected;
    try (PreparedStatement ps = raw.prepareStatement(sql.replace("accounts", "accounts_ctl"))) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      expected = ps.executeUpdate();
    }
    int got;
    if (params.length == 0) {
      try (Statement s = shunt.createStatement()) {
        got = s.executeUpdate(sql);
      }
    } else {
      try (PreparedStatement ps = shunt.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        got = ps.executeUpdate();
      }
    }
    assertEquals(expected, got, "update count of " + sql);
    return got;
  }

  private static final String COLUMNS = "INSERT INTO accounts (id, email, name, visits, tag) VALUES ";

  @ParameterizedTest @EnumSource(value = Topology.class, names = {"SAME_MARIADB", "SECOND_MARIADB"})
  void onDuplicateKeyUpdate(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary"); Connection c = s.open(); Connection raw = s.old.openRaw()) {
      long unmirrored = ShuntMetrics.process().migration("accounts").unmirroredWrites();
      both(c, raw, COLUMNS + "(1, 'a@x', 'ann', 1, 't1'), (2, 'B@x', 'bob', 1, 't2')");
      String odku = " ON DUPLICATE KEY UPDATE visits = visits + 1, name = VALUES(name)";
      assertEquals(2, both(c, raw, COLUMNS + "(1, 'a@x', 'anna', 1, 't1')" + odku), "an update by key counts 2");
      // conflicts on the e-mail, not the key: row 2 is updated, id 3 never exists
      both(c, raw, COLUMNS + "(?, ?, ?, ?, ?)" + odku, 3, "b@x", "via mail", 1, "t3");
      // leaves tag to its default 'none': first an insert, then a conflict with the row holding it
      String byDefault = "INSERT INTO accounts (id, email, name, visits) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE visits = visits + 5";
      assertEquals(1, both(c, raw, byDefault, 4, "d@x", "di", 1));
      assertEquals(2, both(c, raw, byDefault, 5, "e@x", "ed", 1), "the default tag conflicts with row 4");
      both(c, raw, COLUMNS + "(1, 'a@x', 'anna', 1, 't1') ON DUPLICATE KEY UPDATE name = VALUES(name)"); // no change
      both(c, raw, "INSERT INTO accounts SET id = 6, email = 'f@x', name = 'fay', visits = 2, tag = 't6' ON DUPLICATE KEY UPDATE visits = visits + 1");
      c.setAutoCommit(false);
      raw.setAutoCommit(false);
      both(c, raw, COLUMNS + "(6, 'f@x', 'fay', 2, 't6')" + odku);
      c.rollback();
      raw.rollback();
      both(c, raw, COLUMNS + "(7, 'g@x', 'gus', 1, 't7'), (6, 'f@x', 'faye', 9, 't6')" + odku);
      c.commit();
      raw.commit();
      c.setAutoCommit(true);
      raw.setAutoCommit(true);
      assertEquals(unmirrored, ShuntMetrics.process().migration("accounts").unmirroredWrites(), "every upsert was mirrored");
      s.assertMirrored();
      assertTrue(s.reverseOfNew().contains("4|d@x|di|60|none"), s.reverseOfNew().toString());
    }
  }

  @ParameterizedTest @EnumSource(value = Topology.class, names = {"SAME_MARIADB", "SECOND_MARIADB", "MARIADB_TO_POSTGRES"})
  void insertIgnore(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary"); Connection c = s.open(); Connection raw = s.old.openRaw()) {
      long unmirrored = ShuntMetrics.process().migration("accounts").unmirroredWrites();
      both(c, raw, COLUMNS + "(1, 'a@x', 'ann', 1, 't1')");
      assertEquals(1, both(c, raw, "INSERT IGNORE INTO accounts (id, email, name, visits, tag) VALUES (1, 'z@x', 'dup', 9, 'tz'), (2, 'b@x', 'bob', 2, 't2')"));
      assertEquals(0, both(c, raw, "INSERT IGNORE INTO accounts (id, email, name, visits, tag) VALUES (?, ?, ?, ?, ?)", 3, "a@x", "same mail", 3, "t3"));
      both(c, raw, "INSERT IGNORE INTO accounts (id, email, name, visits) VALUES (4, 'd@x', 'di', 4), (5, 'e@x', 'ed', 5)");
      assertEquals(unmirrored, ShuntMetrics.process().migration("accounts").unmirroredWrites());
      s.assertMirrored();
    }
  }

  @ParameterizedTest @EnumSource(value = Topology.class, names = {"SAME_MARIADB", "SECOND_MARIADB"})
  void replace(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary"); Connection c = s.open(); Connection raw = s.old.openRaw()) {
      long unmirrored = ShuntMetrics.process().migration("accounts").unmirroredWrites();
      both(c, raw, COLUMNS + "(1, 'a@x', 'ann', 1, 't1'), (2, 'b@x', 'bob', 2, 't2'), (3, 'c@x', 'cy', 3, 't3')");
      // conflicts with id 1 on the key and with id 2 on the e-mail: both go, one row stays
      assertEquals(3, both(c, raw, "REPLACE INTO accounts (id, email, name, visits, tag) VALUES (1, 'b@x', 'merged', 5, 't1')"));
      both(c, raw, "REPLACE INTO accounts (id, email, name, visits) VALUES (?, ?, ?, ?)", 4, "d@x", "di", 4);
      both(c, raw, "REPLACE INTO accounts SET id = 5, email = 'e@x', name = 'ed', visits = 5"); // takes tag 'none' from row 4
      assertEquals(unmirrored, ShuntMetrics.process().migration("accounts").unmirroredWrites());
      s.assertMirrored();
      assertEquals(List.of("1|b@x|merged|50|t1", "3|c@x|cy|30|t3", "5|e@x|ed|50|none"), s.oldRows());
    }
  }

  /**
   * MariaDB → PostgreSQL: ON DUPLICATE KEY UPDATE and REPLACE fire on any unique index; with only
   * the key unique on the new table they become ON CONFLICT on it, with MariaDB's counts.
   */
  @ParameterizedTest @EnumSource(value = Topology.class, names = {"MARIADB_TO_POSTGRES", "SAME_MARIADB"})
  void onDuplicateKeyUpdateAndReplaceOnAKeyOnlyTable(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary", false); Connection c = s.open(); Connection raw = s.old.openRaw()) {
      long unmirrored = ShuntMetrics.process().migration("accounts").unmirroredWrites();
      both(c, raw, COLUMNS + "(1, 'a@x', 'ann', 1, 't1'), (2, 'B@x', 'bob', 1, 't2')");
      String odku = " ON DUPLICATE KEY UPDATE visits = visits + 1, name = VALUES(name)";
      assertEquals(2, both(c, raw, COLUMNS + "(1, 'a@x', 'anna', 1, 't1')" + odku));
      assertEquals(1, both(c, raw, COLUMNS + "(1, 'a@x', 'anna', 1, 't1') ON DUPLICATE KEY UPDATE name = VALUES(name)"), "unchanged");
      assertEquals(3, both(c, raw, COLUMNS + "(?, ?, ?, ?, ?), (?, ?, ?, ?, ?)" + odku, 2, "b@x", "bo", 1, "t2", 3, "c@x", "cy", 1, "t3"));
      try (Statement st = c.createStatement(); Statement rs = raw.createStatement()) {
        String sql = COLUMNS + "(3, 'c@x', 'cyd', 1, 't3')" + odku;
        rs.execute(sql.replace("accounts", "accounts_ctl"));
        st.execute(sql);
        assertEquals(rs.getUpdateCount(), st.getUpdateCount(), "execute() then getUpdateCount()");
      }
      assertEquals(2, both(c, raw, "REPLACE INTO accounts (id, email, name, visits, tag) VALUES (1, 'a@x', 'replaced', 7, 't1')"));
      assertEquals(1, both(c, raw, "REPLACE INTO accounts (id, email, name, visits) VALUES (?, ?, ?, ?)", 4, "d@x", "di", 4));
      assertEquals(2, both(c, raw, "REPLACE INTO accounts (id, email, name, visits) VALUES (2, 'b@x', 'bea', 2)"), "tag back to its default");
      both(c, raw, "INSERT IGNORE INTO accounts (id, email, name, visits, tag) VALUES (4, 'z@x', 'dup', 9, 'tz'), (5, 'e@x', 'ed', 5, 't5')");
      assertEquals(unmirrored, ShuntMetrics.process().migration("accounts").unmirroredWrites());
      s.assertMirrored();
      assertTrue(s.oldRows().contains("2|b@x|bea|20|none"), s.oldRows().toString());
    }
  }

  /** With several unique indexes on a PostgreSQL new table, "any unique index" has no ON CONFLICT form: reported. */
  @ParameterizedTest @EnumSource(value = Topology.class, names = "MARIADB_TO_POSTGRES")
  void onDuplicateKeyUpdateOverSeveralUniqueIndexesOnPostgresIsRefused(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary"); Connection c = s.open(); Statement st = c.createStatement()) {
      // the new table is primary and cannot express the upsert: refused, never left on old alone
      for (String sql : new String[] {COLUMNS + "(1, 'a@x', 'ann', 1, 't1') ON DUPLICATE KEY UPDATE visits = visits + 1",
          "REPLACE INTO accounts (id, email, name, visits, tag) VALUES (1, 'a@x', 'ann', 1, 't1')"}) {
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> st.executeUpdate(sql));
        assertEquals("HY000", e.getSQLState());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("ON CONFLICT") || e.getMessage().contains("unique index"), e.getMessage());
      }
    }
  }

  @ParameterizedTest @EnumSource(value = Topology.class, names = {"SAME_POSTGRES", "SECOND_POSTGRES"})
  void onConflict(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary"); Connection c = s.open(); Connection raw = s.old.openRaw()) {
      long unmirrored = ShuntMetrics.process().migration("accounts").unmirroredWrites();
      both(c, raw, COLUMNS + "(1, 'a@x', 'ann', 1, 't1'), (2, 'b@x', 'bob', 1, 't2')");
      both(c, raw, COLUMNS + "(1, 'a@x', 'anna', 1, 't1') ON CONFLICT (id) DO UPDATE SET visits = accounts.visits + 1, name = EXCLUDED.name");
      both(c, raw, COLUMNS + "(?, ?, ?, ?, ?) ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, visits = EXCLUDED.visits + accounts.visits",
          3, "b@x", "via mail", 4, "t3");
      assertEquals(0, both(c, raw, COLUMNS + "(1, 'a@x', 'never', 1, 't1') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name WHERE accounts.visits > 100"));
      String nothing = "INSERT INTO accounts (id, email, name, visits) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
      assertEquals(1, both(c, raw, nothing, 4, "d@x", "di", 1));
      assertEquals(0, both(c, raw, nothing, 5, "e@x", "ed", 1), "the default tag conflicts with row 4");
      assertEquals(1, both(c, raw, COLUMNS + "(1, 'z@x', 'dup', 9, 'tz'), (6, 'f@x', 'fay', 6, 't6') ON CONFLICT (id) DO NOTHING"));
      c.setAutoCommit(false);
      raw.setAutoCommit(false);
      both(c, raw, COLUMNS + "(6, 'f@x', 'fay', 2, 't6') ON CONFLICT (id) DO UPDATE SET visits = 0");
      c.rollback();
      raw.rollback();
      both(c, raw, COLUMNS + "(7, 'g@x', 'gus', 1, 't7'), (6, 'f@x', 'faye', 9, 't6') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name");
      c.commit();
      raw.commit();
      c.setAutoCommit(true);
      raw.setAutoCommit(true);
      assertEquals(unmirrored, ShuntMetrics.process().migration("accounts").unmirroredWrites());
      s.assertMirrored();
    }
  }

  @ParameterizedTest @EnumSource(value = Topology.class, names = "SAME_POSTGRES")
  void merge(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary"); Connection c = s.open(); Connection raw = s.old.openRaw()) {
      long unmirrored = ShuntMetrics.process().migration("accounts").unmirroredWrites();
      s.old.exec("INSERT INTO staging VALUES (1, 'a@x', 'merged', 't1'), (5, 'e@x', 'eve', 't5'), (2, 'b@x', 'gone', 't2')");
      both(c, raw, COLUMNS + "(1, 'a@x', 'ann', 1, 't1'), (2, 'b@x', 'bob', 2, 't2'), (3, 'c@x', 'cy', 3, 't3')");
      assertEquals(3, both(c, raw, "MERGE INTO accounts a USING staging st ON a.id = st.id"
          + " WHEN MATCHED AND st.name = 'gone' THEN DELETE"
          + " WHEN MATCHED THEN UPDATE SET name = st.name, visits = a.visits + ?"
          + " WHEN NOT MATCHED THEN INSERT (id, email, name, visits, tag) VALUES (st.id, st.email, st.name, ?, st.tag)", 10, 0));
      assertEquals(unmirrored, ShuntMetrics.process().migration("accounts").unmirroredWrites());
      s.assertMirrored();
      assertEquals(List.of("1|a@x|merged|110|t1", "3|c@x|cy|30|t3", "5|e@x|eve|0|t5"), s.oldRows());
    }
  }

  @ParameterizedTest @EnumSource(value = Topology.class, names = {"SAME_MARIADB", "SAME_POSTGRES", "SECOND_MARIADB", "SECOND_POSTGRES"})
  void newOnlyUpsertsLeaveTheOldTableAlone(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-only"); Connection c = s.open(); Connection raw = s.old.openRaw()) {
      String upsert = topology.app == Engine.MARIADB
          ? COLUMNS + "(1, 'a@x', 'ann', 1, 't1') ON DUPLICATE KEY UPDATE visits = visits + 1"
          : COLUMNS + "(1, 'a@x', 'ann', 1, 't1') ON CONFLICT (id) DO UPDATE SET visits = accounts.visits + 1";
      both(c, raw, upsert);
      both(c, raw, upsert);
      assertEquals(s.control(), s.reverseOfNew());
      assertEquals(List.of(), s.oldRows());
    }
  }

  /** Forms Shunt cannot write to the new table stay reported, never silently lost. */
  @ParameterizedTest @EnumSource(value = Topology.class, names = {"SAME_MARIADB", "SAME_POSTGRES"})
  void upsertsFromASelectAreRefusedWhileNewIsPrimary(Topology topology) throws Exception {
    try (Setup s = new Setup(topology, "new-primary"); Connection c = s.open(); Statement st = c.createStatement()) {
      s.old.exec("INSERT INTO staging VALUES (1, 'a@x', 'ann', 't1')");
      String sql = topology.app == Engine.MARIADB
          ? "INSERT INTO accounts (id, email, name, tag) SELECT id, email, name, tag FROM staging ON DUPLICATE KEY UPDATE name = VALUES(name)"
          : "INSERT INTO accounts (id, email, name, tag) SELECT id, email, name, tag FROM staging ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name";
      List<String> before = MirrorSchema.rows(s.old, "SELECT id, name FROM accounts ORDER BY id");
      java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> st.executeUpdate(sql));
      assertEquals("HY000", e.getSQLState(), "the new table is primary: a write it cannot take is refused");
      assertEquals(before, MirrorSchema.rows(s.old, "SELECT id, name FROM accounts ORDER BY id"), "nothing ran on old");
    }
  }

}
