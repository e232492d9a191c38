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
 * Two databases in new-primary: the new database (a second MariaDB or
 * PostgreSQL) takes the application's writes, and the old MariaDB database is written through
 * the toggle file's {@code old:} user, which only Shunt's old side uses. That user loses its
 * rights and its sessions several times under a multi-threaded workload: the application sees no
 * error, and once the repair queue drains the old table is the reverse image of the new, row by row.
 */
class NewPrimaryFaultIT {
  private static final int THREADS = 8;

  @TempDir Path dir;

  /** One random write on a small key space: upsert, delete, or update by range. */
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

  private static void exec(TestDatabase db, String... sql) throws SQLException {
    db.exec(sql);
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void anOldSideThatFailsAndComesBackIsRepairedWithoutTheApplicationNoticing(Engine target) throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "npf_old");
        TestDatabase neu = TestDatabases.create(target, "npf_new")) {
      String user = "shunt_o" + old.name().substring(old.name().length() - 5);
      exec(old, "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
          "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'", "GRANT ALL ON " + old.name() + ".* TO '" + user + "'@'%'");
      exec(neu, "CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)");
      try {
        String oldUrl = old.rawUrl().substring(0, old.rawUrl().indexOf('?') < 0 ? old.rawUrl().length() : old.rawUrl().indexOf('?'));
        Path file = dir.resolve("fault.yaml");
        ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n"
            + "old:\n  url: " + oldUrl + "\n  user: " + user + "\n  password: pw\n"
            + "new:\n  url: \"" + neu.rawUrl() + "\"\n"
            + "migrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
            + MirrorSchema.TRANSFORMS + "    phase: new-primary\n");
        Properties p = new Properties();
        p.setProperty("shunt.config", file.toString());

        AtomicLong ops = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> appErrors = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          long seed = 2000 + t;
          workers.add(pool.submit(() -> {
            Random r = new Random(seed);
            try (Connection c = DriverManager.getConnection(old.shuntUrl(), p)) {
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
                  // deadlocks on the new database are its business, not the old side's
                  if (e.getSQLState() == null || !e.getSQLState().startsWith("40")) throw e;
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
          // the old side becomes unreachable: rights revoked, open sessions killed
          exec(old, "REVOKE ALL PRIVILEGES ON " + old.name() + ".* FROM '" + user + "'@'%'");
          for (String id : MirrorSchema.rows(old, "SELECT id FROM information_schema.processlist WHERE user = '" + user + "'")) {
            try {
              exec(old, "KILL " + id);
            } catch (SQLException gone) {
              // the session ended by itself meanwhile
            }
          }
          long down = ops.get();
          Await.until("writes while the old side is down", Duration.ofSeconds(60), () -> ops.get() >= down + 150 || !appErrors.isEmpty());
          exec(old, "GRANT ALL ON " + old.name() + ".* TO '" + user + "'@'%'");
        }
        stop.set(true);
        for (Future<?> w : workers) w.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertTrue(appErrors.isEmpty(), () -> "the application saw errors: " + appErrors);
        assertTrue(MirrorSchema.rows(old, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shunt'"
            + " AND table_name = 'shunt_repair_queue'").get(0).equals("1"), "the outages queued keys");
        // the background repairer drains the queue while a Shunt connection is open
        try (Connection keepAlive = DriverManager.getConnection(old.shuntUrl(), p)) {
          Await.until("the repair queue to drain", Duration.ofSeconds(90),
              () -> MirrorSchema.rows(old, "SELECT COUNT(*) FROM shunt.shunt_repair_queue").get(0).equals("0"));
          assertTrue(keepAlive.isValid(2));
        }
        List<String> neuRows = MirrorSchema.rows(neu, "SELECT id, display_name, email, score FROM users_v2 ORDER BY id");
        assertFalse(neuRows.isEmpty());
        assertEquals(neuRows, MirrorSchema.rows(old, "SELECT id, name, email, score * 10 FROM users ORDER BY id"),
            "old is the reverse image of new, row by row, after repair");
      } finally {
        exec(old, "DROP USER IF EXISTS '" + user + "'@'%'");
      }
    }
  }
}
