package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.cli.ShuntCli;
import dev.shunt.config.Phase;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.EngineDatabases;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.jdbc.ShuntConnection;
import dev.shunt.ops.StateTables;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.RepairQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code shunt phase} and {@code shunt status} run in-process against a real database, with driver
 * instances in this JVM reporting to {@code shunt_instances} through their heartbeats (SPEC 7, 8).
 */
class PhaseStatusIT {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final EngineDatabases DBS = new EngineDatabases("phasestatus", MirrorSchema::create);

  @TempDir Path dir;

  @AfterAll static void dropDatabases() {
    DBS.close();
  }

  /** A toggle file migrating users in {@code phase}, reaching the test database through old.url. */
  static String toggle(TestDatabase db, String phase) {
    return "# fleet test file\n"
        + "version: 1\n"
        + "reload_ms: 50\n"
        + "old:\n"
        + "  url: \"" + db.rawUrl() + "\"   # the app's database\n"
        + "migrations:\n"
        + "  users:\n"
        + "    old: { table: users, key: [id] }\n"
        + "    new: { table: users_v2 }\n"
        + MirrorSchema.TRANSFORMS
        + "    phase: " + phase + "   # moved by shunt phase\n";
  }

  private Path write(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  private static String read(Path f) throws Exception {
    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
  }

  /** One CLI run's exit code and what it printed. */
  static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(int exit, String out, String err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }

    @Override public String toString() { return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err; }
  }

  static synchronized Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = ShuntCli.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void dropStateTables(TestDatabase db) throws SQLException {
    StateTables state = StateTables.in(null);
    for (String t : new String[] {state.backfillRuns(), state.backfillChunks(), state.verifyRuns(), state.verifyKeys(),
        state.repairQueue(), state.instances()}) {
      try {
        db.exec("DROP TABLE IF EXISTS " + t);
      } catch (SQLException noSchema) {
        // the state schema does not exist yet: nothing to drop
      }
    }
  }

  private static void backfillRun(TestDatabase db, boolean finished) throws SQLException {
    try (Connection c = db.openRaw(); Statement s = c.createStatement()) {
      StateTables.in(null).ensureBackfill(c);
      s.execute("DELETE FROM " + StateTables.in(null).backfillRuns());
      s.execute("INSERT INTO " + StateTables.in(null).backfillRuns() + " (migration, planned_rows, chunks, started_at, finished_at) "
          + "VALUES ('users', 10, 1, 1, " + (finished ? "2" : "NULL") + ")");
    }
  }

  private static void verifyRun(TestDatabase db, long runId, long differing) throws SQLException {
    try (Connection c = db.openRaw(); Statement s = c.createStatement()) {
      StateTables.in(null).ensureVerify(c, db.engine() == Engine.POSTGRES ? Dialect.POSTGRESQL : Dialect.MARIADB);
      s.execute("INSERT INTO " + StateTables.in(null).verifyRuns() + " (migration, run_id, finished_at, rows_compared, differing, missing, extra) "
          + "VALUES ('users', " + runId + ", " + System.currentTimeMillis() + ", 10, " + differing + ", 0, 0)");
    }
  }

  @Test void aMovePastShadowWriteWaitsForBackfillAndACleanVerify() throws Exception {
    TestDatabase db = DBS.get(Engine.MARIADB);
    dropStateTables(db);
    String before = toggle(db, "shadow-write");
    Path f = write("gate.yaml", before);
    String[] move = {"phase", "--config", f.toString(), "--migration", "users", "--set", "shadow-read"};

    Run r = cli(move);
    assertEquals(1, r.exit, r.toString());
    assertTrue(r.err.contains("refused: no backfill of 'users' has run"), r.toString());
    assertEquals(before, read(f), "nothing written");

    backfillRun(db, false);
    r = cli(move);
    assertEquals(1, r.exit, r.toString());
    assertTrue(r.err.contains("the backfill of 'users' is unfinished"), r.toString());

    backfillRun(db, true);
    r = cli(move);
    assertEquals(1, r.exit, r.toString());
    assertTrue(r.err.contains("verify has not run on 'users'"), r.toString());

    verifyRun(db, 1, 2);
    r = cli(move);
    assertEquals(1, r.exit, r.toString());
    assertTrue(r.err.contains("the last verify of 'users' found 2 differing"), r.toString());
    assertEquals(before, read(f));

    verifyRun(db, 2, 0);
    r = cli(move);
    assertEquals(0, r.exit, r.toString());
    assertTrue(r.out.contains("users: shadow-write -> shadow-read"), r.toString());
    assertEquals(before.replace("phase: shadow-write ", "phase: shadow-read "), read(f), "only the phase value changed");

    // a move back is never held up by the state of backfill or verify
    dropStateTables(db);
    r = cli("phase", "--config", f.toString(), "--migration", "users", "--set", "shadow-write");
    assertEquals(0, r.exit, r.toString());
    assertEquals(before, read(f));
  }

  @Test void forceMovesWithoutBackfillOrVerify() throws Exception {
    TestDatabase db = DBS.get(Engine.MARIADB);
    dropStateTables(db);
    Path f = write("force.yaml", toggle(db, "shadow-write"));
    Run r = cli("phase", "--config", f.toString(), "--migration", "users", "--set", "shadow-read", "--force");
    assertEquals(0, r.exit, r.toString());
    assertTrue(r.out.contains("forced although no backfill of 'users' has run"), r.toString());
    assertTrue(read(f).contains("    phase: shadow-read   # moved by shunt phase\n"), read(f));
    assertFalse(read(f).contains("force: true"), "a safe move needs no force: true in the file");
  }

  @Test void statusShowsTheLoadErrorAndExitsTwo() throws Exception {
    TestDatabase db = DBS.get(Engine.MARIADB);
    Path f = write("broken.yaml", toggle(db, "shadow-write").replace("phase: shadow-write", "phase: sideways"));
    Run r = cli("status", "--config", f.toString());
    assertEquals(2, r.exit, r.toString());
    assertTrue(Pattern.compile("load error +.*broken\\.yaml:\\d+:\\d+: .*unknown phase 'sideways'").matcher(r.out).find(), r.toString());
    assertTrue(r.err.contains("unknown phase 'sideways'"), r.toString());
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void statusShowsQueueDepthAndTheFleetConverging(Engine engine) throws Exception {
    TestDatabase db = DBS.get(engine);
    dropStateTables(db);
    Path a = write("fleet-a-" + engine + ".yaml", toggle(db, "shadow-write"));
    Path b = write("fleet-b-" + engine + ".yaml", toggle(db, "shadow-write"));
    String[] status = {"status", "--config", a.toString()};
    String pid = String.valueOf(ProcessHandle.current().pid());

    Run r = cli(status);
    assertEquals(0, r.exit, r.toString());
    assertTrue(r.out.contains("fleet        0 live instance(s)"), r.toString());
    assertTrue(r.out.contains("no live instances have reported"), r.toString());
    assertTrue(Pattern.compile("\nusers +shadow-write +not started +0 +never +none +none\n").matcher(r.out).find(), r.toString());

    // three keys waiting in the repair queue
    ShuntConfig parsed = new ToggleFileParser().parse(a, Files.readAllBytes(a));
    RepairQueue queue = new RepairQueue(engine == Engine.POSTGRES ? Dialect.POSTGRESQL : Dialect.MARIADB, db::openRaw,
        dir.resolve("queue-fallback"), parsed.state());
    queue.enqueue(parsed.migrations().get("users"), List.of(new Object[] {1}, new Object[] {2}, new Object[] {3}), "test");
    // and two in the driver's local fallback file next to the toggle file
    Files.write(dir.resolve(a.getFileName() + ".repair-queue"),
        ("users\tnew\t" + dev.shunt.write.KeyCodec.encode(new Object[] {4}) + "\ttest\nusers\tnew\t"
            + dev.shunt.write.KeyCodec.encode(new Object[] {5}) + "\ttest\n").getBytes(StandardCharsets.UTF_8));

    String heartbeatA = "shunt-heartbeat-" + a.getFileName();
    String heartbeatB = "shunt-heartbeat-" + b.getFileName();
    AtomicReference<Run> last = new AtomicReference<>();
    try (Connection ca = MirrorSchema.open(db, a)) {
      try (Connection cb = MirrorSchema.open(db, b)) {
        Await.until("two live instances", DEADLINE, () -> {
          last.set(cli(status));
          return last.get().out.contains("fleet        2 live instance(s)");
        });
        r = last.get();
        assertEquals(0, r.exit, r.toString());
        assertTrue(Pattern.compile("\nusers +shadow-write +not started +3 \\+ 2 in local file +never +").matcher(r.out).find(), r.toString());
        assertTrue(r.out.contains(".repair-queue holds keys"), r.toString());
        assertTrue(r.out.contains("converged: all 2 live instance(s) have users=shadow-write"), r.toString());
        assertTrue(r.out.contains(" " + pid + " "), "each instance shows its process id\n" + r);
        assertTrue(thread(heartbeatA).isDaemon());

        // move file a; its instance reloads, the instance on file b has not moved
        backfillRun(db, true);
        verifyRun(db, 1, 0);
        Run refused = cli("phase", "--config", a.toString(), "--migration", "users", "--set", "shadow-read");
        assertEquals(1, refused.exit, "a forward move waits for the queue: " + refused);
        Run repaired = cli("repair", "--config", a.toString(), "--migration", "users");
        assertEquals(0, repaired.exit, repaired.toString());
        Run moved = cli("phase", "--config", a.toString(), "--migration", "users", "--set", "shadow-read");
        assertEquals(0, moved.exit, moved.toString());
        Await.until("instance a to report shadow-read while b still has shadow-write", DEADLINE, () -> {
          last.set(cli(status));
          String out = last.get().out;
          return out.contains("users=shadow-read") && out.contains("NOT converged: host ") && !out.contains("; host ");
        });
        r = last.get();
        assertTrue(r.out.contains("has users=shadow-write (the file says users=shadow-read)"), r.toString());
        assertTrue(Pattern.compile("\nusers +shadow-read +finished, 0 rows copied +0 +clean \\(10 rows\\)").matcher(r.out).find(), r.toString());
        assertFalse(Files.exists(dir.resolve(a.getFileName() + ".repair-queue")), "repair imported the drivers' local file and drained it");

        // move file b too: once its instance reloads, the fleet has converged
        moved = cli("phase", "--config", b.toString(), "--migration", "users", "--set", "shadow-read");
        assertEquals(0, moved.exit, moved.toString());
        assertTrue(moved.out.contains("note: the fleet had not converged on the file's phases"), moved.toString());
        Await.until("the fleet to converge on shadow-read", DEADLINE, () -> {
          last.set(cli(status));
          return last.get().out.contains("converged: all 2 live instance(s) have users=shadow-read");
        });
        assertFalse(last.get().out.contains("NOT converged"), last.get().toString());
      }
      Await.until("the heartbeat of b to stop with its last connection", DEADLINE, () -> thread(heartbeatB) == null);
      assertTrue(thread(heartbeatA) != null, "a still has a connection");
      Await.until("b's row to go", DEADLINE, () -> {
        last.set(cli(status));
        return last.get().out.contains("fleet        1 live instance(s)\n");
      });
    }
    Await.until("the heartbeat of a to stop with its last connection", DEADLINE, () -> thread(heartbeatA) == null);
  }

  @Test void unmirroredWritesAreMarkedInStatus() throws Exception {
    TestDatabase db = DBS.get(Engine.MARIADB);
    dropStateTables(db);
    Path f = write("unmirrored.yaml", toggle(db, "shadow-write"));
    AtomicReference<Run> last = new AtomicReference<>();
    try (Connection c = MirrorSchema.open(db, f); Statement s = c.createStatement()) {
      // an UPDATE that sets the key to an expression over the row cannot be mirrored by key
      s.executeUpdate("UPDATE users SET id = id + 1000 WHERE id = -1");
      Await.until("status to mark users as having unmirrored writes", DEADLINE, () -> {
        last.set(cli("status", "--config", f.toString()));
        return Pattern.compile("\nusers +shadow-write .* on 1 instance\\(s\\): run verify +none\n").matcher(last.get().out).find();
      });
      assertTrue(Pattern.compile("users=[1-9][0-9]*").matcher(last.get().out).find(), last.get().toString());
    }
  }

  @Test void compareMismatchesShowInStatus() throws Exception {
    TestDatabase db = DBS.get(Engine.MARIADB);
    dropStateTables(db);
    MirrorSchema.clear(db);
    String name = "users_cmp" + System.nanoTime() % 100_000;
    Path f = write("compare.yaml", toggle(db, "shadow-read").replace("  users:\n", "  " + name + ":\n"));
    AtomicReference<Run> last = new AtomicReference<>();
    try (Connection c = MirrorSchema.open(db, f); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'ann', 'A@x', 1), (2, 'bob', 'b@x', 2)");
      db.exec("UPDATE users_v2 SET display_name = 'changed behind Shunt' WHERE id = 2");
      Await.until("status to show a confirmed mismatch", DEADLINE, () -> {
        try (ResultSet rs = s.executeQuery("SELECT id, name FROM users WHERE id = 2")) {
          assertTrue(rs.next());
          assertEquals("bob", rs.getString(2), "compare serves the primary, old");
        }
        last.set(cli("status", "--config", f.toString()));
        return Pattern.compile("\n" + name + " +shadow-read .* [1-9][0-9]* compared, [1-9][0-9]* mismatch\\(es\\)\n")
            .matcher(last.get().out).find();
      });
    }
  }

  @Test void aFileTheDriversRejectShowsAsTheirLoadError() throws Exception {
    TestDatabase db = DBS.get(Engine.MARIADB);
    dropStateTables(db);
    Path f = write("rejected.yaml", toggle(db, "shadow-write"));
    AtomicReference<Run> last = new AtomicReference<>();
    try (Connection c = MirrorSchema.open(db, f)) {
      // edited by hand, skipping two phases: the file parses on its own, but no driver accepts the move
      ToggleFiles.writeByRename(f, toggle(db, "new-only"));
      Await.until("the instance to report its load error", DEADLINE, () -> {
        last.set(cli("status", "--config", f.toString()));
        return last.get().out.contains("skips a phase");
      });
      Run r = last.get();
      assertEquals(0, r.exit, r.toString());
      assertTrue(Pattern.compile("\nusers +new-only ").matcher(r.out).find(), r.toString());
      assertTrue(r.out.contains("has users=shadow-write (the file says users=new-only)"), r.toString());
      assertTrue(r.out.contains("rejected.yaml:"), "the error names the file, line and column\n" + r);
    }
  }

  @Test void aForcedSkipIsAcceptedByTheRunningDrivers() throws Exception {
    TestDatabase db = DBS.get(Engine.MARIADB);
    dropStateTables(db);
    Path f = write("skip.yaml", toggle(db, "shadow-write"));
    try (Connection c = MirrorSchema.open(db, f)) {
      Run r = cli("phase", "--config", f.toString(), "--migration", "users", "--set", "new-only");
      assertEquals(1, r.exit, r.toString());
      assertTrue(r.err.contains("skips a phase"), r.toString());

      r = cli("phase", "--config", f.toString(), "--migration", "users", "--set", "new-only", "--force");
      assertEquals(0, r.exit, r.toString());
      assertTrue(read(f).contains("    phase: new-only   # moved by shunt phase\n    force: true\n"), read(f));
      // the driver checks the skip itself; force: true in the file is what lets it through
      Await.until("the driver to load new-only", DEADLINE,
          () -> c.unwrap(ShuntConnection.class).currentConfig().migrations().get("users").phase() == Phase.NEW_ONLY);

      r = cli("phase", "--config", f.toString(), "--migration", "users", "--set", "done");
      assertEquals(1, r.exit, "done is past shadow-write: backfill and verify still missing\n" + r);
      r = cli("phase", "--config", f.toString(), "--migration", "users", "--set", "done", "--force");
      assertEquals(0, r.exit, r.toString());
      assertFalse(read(f).contains("force:"), "a safe move takes force: true out again\n" + read(f));
      Await.until("the driver to load done", DEADLINE,
          () -> c.unwrap(ShuntConnection.class).currentConfig().migrations().get("users").phase() == Phase.DONE);
    }
  }

  private static Thread thread(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive()).findFirst().orElse(null);
  }
}
