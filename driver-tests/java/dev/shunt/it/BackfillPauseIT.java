package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator pauses and resumes a running backfill from the toggle file, without restarting it:
 * with {@code backfill: { pause: true }} every worker waits between batches, holding no lock,
 * and {@code status} says so; set back to false, the same run goes on to the end.
 */
class BackfillPauseIT {
  @TempDir Path dir;

  private static String toggle(TestDatabase db, boolean pause) {
    return "version: 1\nreload_ms: 50\nold:\n" + ToggleFiles.databaseSection(db) + "backfill: { pause: " + pause + " }\n"
        + "migrations:\n  paused_users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + "    columns: { id: id, name: name }\n    phase: shadow-write\n";
  }

  @Test void aBackfillPausedInTheToggleFileWaitsAndResumes() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "pause")) {
      db.exec("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20))", "CREATE TABLE users_v2 (id INT PRIMARY KEY, name VARCHAR(20))");
      StringBuilder rows = new StringBuilder("INSERT INTO users VALUES ");
      for (int i = 1; i <= 2000; i++) rows.append(i > 1 ? "," : "").append("(").append(i).append(", 'n").append(i).append("')");
      db.exec(rows.toString());
      Path file = dir.resolve("pause.yaml");
      ToggleFiles.writeInPlace(file, toggle(db, true));
      PhaseStatusIT.Run status = PhaseStatusIT.cli("status", "--config", file.toString());
      assertTrue(status.out.contains("paused by the toggle file"), status.toString());

      CompletableFuture<PhaseStatusIT.Run> run = CompletableFuture.supplyAsync(() -> PhaseStatusIT.cli("backfill", "--config",
          file.toString(), "--migration", "paused_users", "--batch", "100"));
      Await.until("a backfill worker waiting on the toggle file's pause", Duration.ofSeconds(60), () -> Thread.getAllStackTraces()
          .entrySet().stream().anyMatch(e -> e.getKey().getName().startsWith("shunt-backfill-paused_users")
              && Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("awaitTurn"))));
      assertEquals("0", MirrorSchema.rows(db, "SELECT COUNT(*) FROM users_v2").get(0), "nothing copied while paused");

      ToggleFiles.writeByRename(file, toggle(db, false));
      PhaseStatusIT.Run done = run.get(120, TimeUnit.SECONDS);
      assertEquals(0, done.exit, done.toString());
      assertEquals("2000", MirrorSchema.rows(db, "SELECT COUNT(*) FROM users_v2").get(0), "the same run copied everything once resumed");
    }
  }

  @Test void aBackfillWaitsForEveryLiveInstanceToWriteBothSides() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "lagging")) {
      db.exec("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20))", "CREATE TABLE users_v2 (id INT PRIMARY KEY, name VARCHAR(20))",
          "INSERT INTO users VALUES (1, 'a'), (2, 'b')");
      Path operator = dir.resolve("operator.yaml");
      Path lagging = dir.resolve("lagging.yaml");
      ToggleFiles.writeInPlace(operator, toggle(db, false));
      ToggleFiles.writeInPlace(lagging, toggle(db, false).replace("phase: shadow-write", "phase: old"));
      java.util.Properties p = new java.util.Properties();
      p.setProperty("shunt.config", lagging.toString());
      try (java.sql.Connection app = java.sql.DriverManager.getConnection(db.shuntUrl(), p)) {
        Await.until("the lagging instance in the fleet table", Duration.ofSeconds(30), () -> !MirrorSchema.rows(db,
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shunt' AND table_name = 'shunt_instances'").get(0).equals("0")
            && !MirrorSchema.rows(db, "SELECT COUNT(*) FROM shunt.shunt_instances").get(0).equals("0"));
        PhaseStatusIT.Run refused = PhaseStatusIT.cli("backfill", "--config", operator.toString(), "--migration", "paused_users");
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("do not write both sides") && refused.err.contains("old"), refused.toString());
        assertEquals("0", MirrorSchema.rows(db, "SELECT COUNT(*) FROM users_v2").get(0), "nothing copied");
      }
      // its last connection closed, the instance leaves the fleet
      Await.until("the lagging instance to leave the fleet table", Duration.ofSeconds(30),
          () -> MirrorSchema.rows(db, "SELECT COUNT(*) FROM shunt.shunt_instances").get(0).equals("0"));
      PhaseStatusIT.Run done = PhaseStatusIT.cli("backfill", "--config", operator.toString(), "--migration", "paused_users");
      assertEquals(0, done.exit, done.toString());
      assertEquals("2", MirrorSchema.rows(db, "SELECT COUNT(*) FROM users_v2").get(0));
    }
  }
}
