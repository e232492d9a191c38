package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.cli.ShuntCli;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.StateSchema;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.ops.BackfillProgress;
import dev.shunt.ops.StateTables;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 5's backfill acceptance: a 1,000,000-row table copied while eight threads write to it
 * through Shunt, with two workers at once, in one database and across two; verify is clean with
 * no repair. A backfill process killed halfway resumes from its checkpoint.
 */
class BackfillIT {
  private static final int ROWS = 1_000_000;
  private static final int WRITERS = 8;

  @TempDir Path dir;

  @ParameterizedTest(name = "two databases: {0}")
  @ValueSource(booleans = {false, true})
  void millionRowsUnderLiveWritesWithTwoWorkers(boolean twoDatabases) throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "bf_old");
        TestDatabase neu = twoDatabases ? TestDatabases.create(Engine.MARIADB, "bf_new") : null) {
      seed(old, neu != null ? neu : old, ROWS);
      Path toggle = toggle(old, neu);
      Run backfill = backfillUnderLiveWrites(old, toggle, ROWS, "--batch", "2000");
      assertEquals(0, backfill.code, backfill.output);
      assertTrue(backfill.output.contains("finished"), backfill.output);
      assertEquals(0, queueDepth(old), "no key needed the repair queue");
      Run verify = cli("verify", "--config", toggle.toString(), "--migration", "users", "--chunk", "5000");
      assertEquals(0, verify.code, verify.output);
      assertTrue(verify.output.contains("0 differing, 0 missing, 0 extra"), verify.output);
      assertEquals(checksum(old, "SELECT id, name, LOWER(email), score * 10 FROM users"),
          checksum(neu != null ? neu : old, "SELECT id, display_name, email, score FROM users_v2"),
          "old and new differ by an independent checksum");
    }
  }

  @Test
  void postgresOldTableUnderLiveWrites() throws Exception {
    int rows = 100_000;
    try (TestDatabase old = TestDatabases.create(Engine.POSTGRES, "bf_pg")) {
      old.exec("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
          "INSERT INTO users SELECT g, 'n' || g, 'User' || g || '@Example.org', g % 1000 FROM generate_series(1, " + rows + ") g",
          "CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)");
      Path toggle = toggle(old, null);
      Run backfill = backfillUnderLiveWrites(old, toggle, rows, "--batch", "1000");
      assertEquals(0, backfill.code, backfill.output);
      Run verify = cli("verify", "--config", toggle.toString(), "--migration", "users", "--chunk", "5000");
      assertEquals(0, verify.code, verify.output);
      assertTrue(verify.output.contains("0 differing, 0 missing, 0 extra"), verify.output);
      assertEquals(MirrorSchema.rows(old, "SELECT id, name, LOWER(email), score * 10 FROM users ORDER BY id"),
          MirrorSchema.rows(old, "SELECT id, display_name, email, score FROM users_v2 ORDER BY id"), "old and new differ row by row");
    }
  }

  @Test
  void killedHalfwayResumesFromItsCheckpoint() throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "bf_kill")) {
      seed(old, old, 200_000);
      Path toggle = toggle(old, null);
      Process p = backfillProcess(toggle, dir.resolve("killed.log"), "--lease-ms", "3000");
      try {
        Await.until("the first process has copied some rows", Duration.ofSeconds(60), () -> copied(old) >= 5_000);
      } finally {
        p.destroyForcibly().waitFor();
      }
      long atKill = copied(old);
      assertTrue(atKill < 200_000, "the process was killed before it finished (" + atKill + " rows)");
      Run rerun = cli("backfill", "--config", toggle.toString(), "--migration", "users", "--batch", "5000", "--lease-ms", "3000");
      assertEquals(0, rerun.code, rerun.output);
      assertTrue(rerun.output.contains("resuming after"), rerun.output);
      try (Connection c = old.openRaw()) {
        BackfillProgress progress = BackfillProgress.read(c, StateTables.in(null), "users").orElseThrow();
        assertTrue(progress.finished, progress.toString());
        // the checkpoint is committed with each batch, so at most the killed batch is copied twice
        assertTrue(progress.rowsCopied <= 200_000 + 500, progress.toString());
      }
      Run again = cli("backfill", "--config", toggle.toString(), "--migration", "users");
      assertEquals(0, again.code, again.output);
      assertTrue(again.output.contains("already finished"), again.output);
      Run verify = cli("verify", "--config", toggle.toString(), "--migration", "users");
      assertEquals(0, verify.code, verify.output);
    }
  }

  @Test
  void stoppedBySignalGivesItsLeasesBackAndARerunResumesAtOnce() throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "bf_stop")) {
      seed(old, old, 200_000);
      Path toggle = toggle(old, null);
      Path log = dir.resolve("stopped.log");
      // leases of an hour: one left behind would hold its chunk from the rerun for that long
      Process p = backfillProcess(toggle, log, "--workers", "2", "--lease-ms", "3600000");
      try {
        Await.until("the process has copied some rows", Duration.ofSeconds(60), () -> copied(old) >= 5_000);
        p.destroy(); // SIGTERM, as Ctrl-C or a pod's stop sends
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the signalled process exits");
      } finally {
        p.destroyForcibly().waitFor();
      }
      String output = Files.readString(log);
      assertTrue(output.contains("stopped, ") && output.contains("a rerun resumes from the checkpoint"), output);
      assertEquals("0", MirrorSchema.rows(old, "SELECT COUNT(*) FROM " + StateSchema.table(StateTables.BACKFILL_CHUNKS)
          + " WHERE migration = 'users' AND owner IS NOT NULL").get(0), "every lease was given back");
      long atStop = copied(old);
      assertTrue(atStop < 200_000, "the process stopped before it finished (" + atStop + " rows)");

      Run rerun = cli("backfill", "--config", toggle.toString(), "--migration", "users", "--batch", "5000", "--lease-ms", "3600000");
      assertEquals(0, rerun.code, rerun.output);
      assertTrue(rerun.output.contains("resuming after " + atStop + " rows"), rerun.output);
      try (Connection c = old.openRaw()) {
        BackfillProgress progress = BackfillProgress.read(c, StateTables.in(null), "users").orElseThrow();
        assertTrue(progress.finished, progress.toString());
        // a stop between batches copies no batch twice: each checkpoint commits with its batch
        assertEquals(200_000, progress.rowsCopied, progress.toString());
      }
      Run verify = cli("verify", "--config", toggle.toString(), "--migration", "users");
      assertEquals(0, verify.code, verify.output);
    }
  }

  @Test
  void refusedOutsideOldPrimaryPhases() throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "bf_phase")) {
      MirrorSchema.create(old);
      Path toggle = dir.resolve("old-phase.yaml");
      ToggleFiles.writeInPlace(toggle, "version: 1\nold: { url: \"" + old.rawUrl() + "\" }\nmigrations:\n  users:\n"
          + "    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n" + MirrorSchema.TRANSFORMS + "    phase: old\n");
      Run r = cli("backfill", "--config", toggle.toString(), "--migration", "users");
      assertEquals(1, r.code, r.output);
      assertTrue(r.output.contains("move it to shadow-write first"), r.output);
      Run unknown = cli("backfill", "--config", toggle.toString(), "--migration", "nope");
      assertEquals(2, unknown.code, unknown.output);
      Run negative = cli("backfill", "--config", toggle.toString(), "--migration", "users", "--nice-ratio", "-1");
      assertEquals(2, negative.code, negative.output);
      assertTrue(negative.output.contains("--nice-ratio"), negative.output);
    }
  }

  // --- fixture ---

  /** {@code java -jar target/shunt.jar backfill} of users in a JVM of its own, slowed to be caught halfway. */
  private static Process backfillProcess(Path toggle, Path log, String... more) throws Exception {
    Path jar = Path.of("target", "shunt.jar");
    assertTrue(Files.exists(jar), "mvn package builds target/shunt.jar before the driver tests");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        jar.toString(), "backfill", "--config", toggle.toString(), "--migration", "users", "--batch", "500", "--sleep-ms", "20"));
    cmd.addAll(List.of(more));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static void seed(TestDatabase old, TestDatabase neu, int rows) throws SQLException {
    old.exec("CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
        "INSERT INTO users (id, name, email, score) SELECT seq, CONCAT('n', seq), CONCAT('User', seq, '@Example.org'), seq % 1000"
            + " FROM seq_1_to_" + rows);
    neu.exec("CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)");
  }

  private Path toggle(TestDatabase old, TestDatabase neu) throws Exception {
    Path file = dir.resolve("backfill.yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nold: { url: \"" + old.rawUrl() + "\" }\n"
        + (neu == null ? "" : "new: { url: \"" + neu.rawUrl() + "\" }\n")
        + "migrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + MirrorSchema.TRANSFORMS + "    phase: shadow-write\n");
    return file;
  }

  /**
   * {@code shunt backfill --workers 2} of users while the eight writers run; asserts the
   * application saw no error.
   */
  private static Run backfillUnderLiveWrites(TestDatabase old, Path toggle, int rows, String... flags) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong writes = new AtomicLong();
    AtomicReference<Throwable> writerError = new AtomicReference<>();
    List<Thread> writers = startWriters(old, toggle, rows, stop, writes, writerError);
    Run backfill;
    try {
      Await.until("the writers have started", Duration.ofSeconds(30), () -> writes.get() > 100);
      List<String> args = new ArrayList<>(List.of("backfill", "--config", toggle.toString(), "--migration", "users", "--workers", "2"));
      args.addAll(List.of(flags));
      backfill = cli(args.toArray(new String[0]));
    } finally {
      stop.set(true);
      for (Thread t : writers) t.join();
    }
    assertEquals(null, writerError.get(), "the application saw an error");
    return backfill;
  }

  /** Eight threads of updates, deletes and inserts over the whole key space, through Shunt. */
  private static List<Thread> startWriters(TestDatabase old, Path toggle, int rows, AtomicBoolean stop, AtomicLong writes,
      AtomicReference<Throwable> error) {
    boolean postgres = old.engine() == Engine.POSTGRES;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      long seed = w;
      Thread t = new Thread(() -> {
        Random r = new Random(seed);
        try (Connection c = MirrorSchema.open(old, toggle)) {
          while (!stop.get()) {
            int id = 1 + r.nextInt(rows + 10_000);
            int kind = r.nextInt(10);
            String sql = kind < 6 ? "UPDATE users SET score = score + 1, name = 'w' WHERE id = ?"
                : kind < 8 ? "DELETE FROM users WHERE id = ?"
                : "INSERT INTO users (id, name, email, score) VALUES (?, 'ins', 'New@Example.org', 7)" + (postgres
                    ? " ON CONFLICT (id) DO UPDATE SET score = users.score + 100"
                    : " ON DUPLICATE KEY UPDATE score = score + 100");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
              ps.setInt(1, id);
              ps.executeUpdate();
            } catch (SQLException e) {
              // a deadlock with the backfill's batch lock is the application's ordinary lot, as on the raw driver
              if (!"40001".equals(e.getSQLState()) && !"40P01".equals(e.getSQLState())) throw e;
            }
            writes.incrementAndGet();
          }
        } catch (Throwable e) {
          error.compareAndSet(null, e);
        }
      }, "writer-" + w);
      threads.add(t);
      t.start();
    }
    return threads;
  }

  private static long copied(TestDatabase old) throws SQLException {
    try (Connection c = old.openRaw()) {
      return BackfillProgress.read(c, StateTables.in(null), "users").map(p -> p.rowsCopied).orElse(0L);
    }
  }

  private static long queueDepth(TestDatabase old) throws SQLException {
    return StateSchema.queueDepth(old);
  }

  /** Row count and an order-independent CRC of every row, computed by the server. */
  private static String checksum(TestDatabase db, String rowsSql) throws SQLException {
    String cols = rowsSql.substring("SELECT ".length(), rowsSql.indexOf(" FROM "));
    String from = rowsSql.substring(rowsSql.indexOf(" FROM "));
    return MirrorSchema.rows(db, "SELECT COUNT(*), SUM(CRC32(CONCAT_WS('|', " + cols + ")))" + from).get(0);
  }

  static final class Run {
    final int code;
    final String output;

    Run(int code, String output) {
      this.code = code;
      this.output = output;
    }
  }

  /** Runs the CLI in this JVM and captures what it prints. */
  static synchronized Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      int code = ShuntCli.run(args);
      capture.flush();
      return new Run(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
