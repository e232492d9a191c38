package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two databases: MariaDB primary, a second MariaDB database or PostgreSQL as the
 * secondary, written while the primary's row locks are held and committed first. A secondary that
 * loses its privileges mid-workload costs the application nothing; the repairer catches up.
 */
class TwoDatabaseMirrorIT {
  private static final int THREADS = 8;

  @TempDir Path dir;

  /** One random write on a small key space: ODKU insert, delete, or update by range. */
  private static void randomWrite(Connection c, Random r) throws SQLException {
    int id = 1 + r.nextInt(60);
    int kind = r.nextInt(4);
    String sql = kind == 0 ? "DELETE FROM users WHERE id = ?"
        : kind == 1 ? "UPDATE users SET score = score + 1 WHERE id BETWEEN ? AND ? + 3"
        : "INSERT INTO users (id, name, email, score) VALUES (?, 'w', CONCAT('U', ?, '@X'), 1) ON DUPLICATE KEY UPDATE score = score + 1";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, id);
      if (kind != 0) ps.setInt(2, id);
      ps.executeUpdate();
    }
  }

  /** The old database, the new one, and a user of the new one whose rights the test can take away. */
  private static final class Pair implements AutoCloseable {
    final TestDatabase old;
    final TestDatabase neu;
    final String user;

    Pair(Engine target) throws SQLException {
      this(Engine.MARIADB, target);
    }

    Pair(Engine primary, Engine target) throws SQLException {
      old = TestDatabases.create(primary, "two_old");
      neu = TestDatabases.create(target, "two_new");
      user = "shunt_" + neu.name().substring(neu.name().length() - 5);
      old.exec("CREATE TABLE users (" + (primary == Engine.POSTGRES ? "id SERIAL PRIMARY KEY" : "id INT AUTO_INCREMENT PRIMARY KEY")
          + ", name VARCHAR(50), email VARCHAR(100) UNIQUE, score INT)");
      if (primary == Engine.MARIADB && target == Engine.POSTGRES) {
        // MariaDB compares names without case; a case-insensitive PostgreSQL column lets Shunt
        // run the application's "WHERE name = ?" there with the same meaning
        neu.exec("CREATE COLLATION IF NOT EXISTS caseless (provider = icu, locale = 'und-u-ks-level2', deterministic = false)");
        neu.exec("CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50) COLLATE caseless, email VARCHAR(100), score INT)");
      } else {
        neu.exec("CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)");
      }
      if (target == Engine.MARIADB) {
        neu.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'");
      } else {
        neu.exec("CREATE ROLE " + user + " LOGIN PASSWORD 'pw'");
      }
      grant();
    }

    void grant() throws SQLException {
      if (neu.engine() == Engine.MARIADB) neu.exec("GRANT ALL ON " + neu.name() + ".* TO '" + user + "'@'%'");
      else neu.exec("GRANT ALL ON users_v2 TO " + user);
    }

    /** The secondary becomes unusable: rights revoked, open sessions killed. */
    void revoke() throws SQLException {
      if (neu.engine() == Engine.MARIADB) {
        neu.exec("REVOKE ALL PRIVILEGES ON " + neu.name() + ".* FROM '" + user + "'@'%'");
        List<String> ids = MirrorSchema.rows(neu, "SELECT id FROM information_schema.processlist WHERE user = '" + user + "'");
        for (String id : ids) {
          try {
            neu.exec("KILL " + id);
          } catch (SQLException gone) {
            // the session ended by itself meanwhile
          }
        }
      } else {
        neu.exec("REVOKE ALL ON users_v2 FROM " + user,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + user + "'");
      }
    }

    String newUrl() {
      String raw = neu.rawUrl();
      int q = raw.indexOf('?');
      return q < 0 ? raw : raw.substring(0, q);
    }

    List<String> expected() throws SQLException { return MirrorSchema.expectedNew(old); }

    List<String> actual() throws SQLException {
      return MirrorSchema.rows(neu, "SELECT id, display_name, email, score FROM users_v2 ORDER BY id");
    }

    long queueDepth() throws SQLException {
      return dev.shunt.it.support.StateSchema.queueDepth(old);
    }

    @Override public void close() throws SQLException {
      if (neu.engine() == Engine.MARIADB) neu.exec("DROP USER '" + user + "'@'%'");
      neu.close();
      old.close();
      if (neu.engine() == Engine.POSTGRES) {
        try (Connection c = DriverManager.getConnection(neu.rawUrl().replace(neu.name(), "postgres")); Statement s = c.createStatement()) {
          s.execute("DROP ROLE IF EXISTS " + user);
        }
      }
    }
  }

  private Path toggleFile;

  /** A Shunt connection to the old database; the toggle file is written once per test, before any reader. */
  private synchronized Connection open(Pair pair) throws Exception {
    if (toggleFile == null) toggleFile = writeToggleFile(pair);
    Properties p = new Properties();
    p.setProperty("shunt.config", toggleFile.toString());
    return DriverManager.getConnection(pair.old.shuntUrl(), p);
  }

  private String phase = "shadow-write";

  private Path writeToggleFile(Pair pair) throws Exception {
    Path file = dir.resolve("two.yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n"
        + "new:\n  url: " + pair.newUrl() + "\n  user: " + pair.user + "\n  password: pw\n"
        + "migrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + MirrorSchema.TRANSFORMS + "    phase: " + phase + "\n");
    return file;
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void everyWriteFormReachesTheSecondDatabase(Engine target) throws Exception {
    try (Pair pair = new Pair(target)) {
      try (Connection c = open(pair); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'ANN@x', 1), (2, 'Bob', 'Bob@X', 2)");
        s.executeUpdate("INSERT INTO users (name, email, score) VALUES ('Gen', 'GEN@x', 3)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)")) {
          for (int i = 10; i < 15; i++) {
            ps.setInt(1, i);
            ps.setString(2, "n" + i);
            ps.setString(3, "E" + i + "@X");
            ps.setInt(4, i);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        s.executeUpdate("UPDATE users SET score = score + 100 WHERE id BETWEEN 10 AND 12");
        s.executeUpdate("DELETE FROM users WHERE id = 2");
        s.executeUpdate("INSERT INTO users (name, email, score) VALUES ('Other', 'ann@x', 9) ON DUPLICATE KEY UPDATE score = 50");
        c.setAutoCommit(false);
        s.executeUpdate("UPDATE users SET name = 'rolled back' WHERE id = 1");
        s.executeUpdate("DELETE FROM users WHERE id = 10");
        c.rollback();
        s.executeUpdate("UPDATE users SET name = 'committed' WHERE id = 11");
        assertFalse(pair.actual().contains("11|committed|e11@x|1110"), "nothing reaches the secondary before commit");
        c.commit();
      }
      assertEquals(pair.expected(), pair.actual());
      assertTrue(pair.actual().contains("1|Ann|ann@x|500"), pair.actual().toString());
      assertEquals(0, pair.queueDepth());
    }
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void setAutocommitAsSqlDecidesWhenTheSecondaryIsWritten(Engine target) throws Exception {
    try (Pair pair = new Pair(target)) {
      try (Connection c = open(pair); Statement s = c.createStatement()) {
        s.execute("SET autocommit = 0");
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'ANN@x', 1)");
        s.execute("ROLLBACK");
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (2, 'Bob', 'BOB@x', 2)");
        assertEquals(List.of(), pair.actual(), "nothing reaches the secondary before commit");
        s.execute("SET autocommit = 1");
        assertEquals(List.of("2|Bob|bob@x|20"), pair.actual(), "switching autocommit on committed both sides");
        s.executeUpdate("UPDATE users SET score = 3 WHERE id = 2");
      }
      assertEquals(pair.expected(), pair.actual());
      assertEquals(List.of("2|Bob|bob@x|30"), pair.actual());
      assertEquals(0, pair.queueDepth());
    }
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void aPostgresPrimaryMirrorsToEitherEngine(Engine target) throws Exception {
    try (Pair pair = new Pair(Engine.POSTGRES, target)) {
      try (Connection c = open(pair); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'ANN@x', 1), (2, 'Bob', 'Bob@X', 2)");
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (3, 'Other', 'ann@x', 9) ON CONFLICT (id) DO UPDATE SET score = 50");
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Again', 'z@x', 9) ON CONFLICT (id) DO UPDATE SET score = 50");
        s.executeUpdate("UPDATE users SET email = UPPER(email) WHERE id = 2");
        c.setAutoCommit(false);
        s.executeUpdate("DELETE FROM users WHERE id = 3");
        c.rollback();
        s.executeUpdate("DELETE FROM users WHERE id = 2");
        c.commit();
      }
      assertEquals(pair.expected(), pair.actual());
      assertEquals(List.of("1|Ann|ann@x|500", "3|Other|ann@x|90"), pair.actual());
    }
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void newPrimaryWritesTheNewDatabaseFirstAndKeepsOldAsTheReverseImage(Engine target) throws Exception {
    phase = "new-primary";
    try (Pair pair = new Pair(target)) {
      try (Connection c = open(pair); Statement s = c.createStatement()) {
        assertEquals(2, s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'ANN@x', 3), (2, 'Bob', 'Bob@X', 4)"));
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET score = score + ? WHERE name = ?")) {
          ps.setInt(1, 2);
          ps.setString(2, "Ann");
          assertEquals(1, ps.executeUpdate());
        }
        c.setAutoCommit(false);
        s.executeUpdate("DELETE FROM users WHERE id = 2");
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (3, 'Cy', 'cy@x', 1)");
        assertEquals(List.of("1|Ann|ann@x|50", "2|Bob|bob@x|40"), pair.actual(), "uncommitted on the new database");
        c.rollback();
        s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (4, 'Di', 'DI@x', 7)");
        c.commit();
      }
      assertEquals(List.of("1|Ann|ann@x|50", "2|Bob|bob@x|40", "4|Di|di@x|70"), pair.actual(), "the new database took the writes");
      assertEquals(List.of("1|Ann|ann@x|5", "2|Bob|bob@x|4", "4|Di|di@x|7"),
          MirrorSchema.rows(pair.old, "SELECT id, name, email, score FROM users ORDER BY id"), "old is the reverse image");
      assertEquals(0, pair.queueDepth());
    }
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void aSecondaryThatFailsAndComesBackIsRepairedWithoutTheApplicationNoticing(Engine target) throws Exception {
    try (Pair pair = new Pair(target)) {
      AtomicLong ops = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      List<Throwable> appErrors = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = 1000 + t;
        workers.add(pool.submit(() -> {
          Random r = new Random(seed);
          try (Connection c = open(pair)) {
            while (!stop.get() && ops.get() < 20_000) {
              boolean transaction = r.nextInt(10) < 3;
              try {
                c.setAutoCommit(!transaction);
                int statements = transaction ? 2 + r.nextInt(2) : 1;
                for (int i = 0; i < statements; i++) randomWrite(c, r);
                if (transaction) {
                  if (r.nextInt(5) == 0) c.rollback();
                  else c.commit();
                }
              } catch (SQLException e) {
                // deadlocks are the database's business, not the secondary's
                if (!"40001".equals(e.getSQLState()) && e.getErrorCode() != 1213) throw e;
                if (!c.getAutoCommit()) c.rollback();
              }
              ops.incrementAndGet();
            }
          } catch (Throwable e) {
            synchronized (appErrors) {
              appErrors.add(e);
            }
          }
          return null;
        }));
      }
      for (int cycle = 1; cycle <= 3; cycle++) {
        long at = ops.get();
        Await.until("workload progress", Duration.ofSeconds(60), () -> ops.get() >= at + 150 || !appErrors.isEmpty());
        pair.revoke();
        long down = ops.get();
        Await.until("writes while the secondary is down", Duration.ofSeconds(60), () -> ops.get() >= down + 150 || !appErrors.isEmpty());
        pair.grant();
      }
      stop.set(true);
      for (Future<?> w : workers) w.get(60, TimeUnit.SECONDS);
      pool.shutdown();
      assertTrue(appErrors.isEmpty(), () -> "the application saw errors: " + appErrors);
      // the background repairer drains the queue once the secondary is back
      try (Connection keepAlive = open(pair)) {
        Await.until("the repair queue to drain", Duration.ofSeconds(90), () -> pair.queueDepth() == 0);
        assertTrue(keepAlive.isValid(2));
      }
      assertEquals(pair.expected(), pair.actual(), "zero differences after repair");
    }
  }
}
