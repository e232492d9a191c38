package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.EngineDatabases;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.ToggleFiles;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 7, metrics: jdbc:shunt: connections publish their migration on the platform MBean server
 * (and on Micrometer's global registry, which is on this class path), with writes mirrored,
 * secondary failures, repair queue depth and the toggle file's version and phase; the beans go
 * when the file's last connection closes.
 */
class MetricsIT {
  private static final EngineDatabases DBS = new EngineDatabases("metrics", MirrorSchema::create);
  /** A migration name no other test uses: its MBean is this test's alone. */
  private static final String MIGRATION = "metrics_users";

  @TempDir Path dir;

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach void addRegistry() {
    Metrics.addRegistry(registry);
  }

  @AfterEach void removeRegistry() {
    Metrics.removeRegistry(registry);
    registry.close();
  }

  @AfterAll static void dropDatabases() {
    DBS.close();
  }

  private Path toggle(String phase) throws Exception {
    Path file = dir.resolve("metrics.yaml");
    ToggleFiles.writeByRename(file, "version: 1\nreload_ms: 50\nmigrations:\n  " + MIGRATION + ":\n"
        + "    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n" + MirrorSchema.TRANSFORMS
        + "    phase: " + phase + "\n");
    return file;
  }

  private Object attribute(ObjectName name, String attribute) throws Exception {
    return server.getAttribute(name, attribute);
  }

  private long mirrored(ObjectName bean) throws Exception {
    return (Long) attribute(bean, "KeysMirrored");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void connectionsPublishTheirMigrationUntilTheLastCloses(Engine engine) throws Exception {
    TestDatabase db = DBS.get(engine);
    MirrorSchema.clear(db);
    Path file = toggle("shadow-write");
    ObjectName bean = new ObjectName("dev.shunt:type=Migration,name=" + MIGRATION);
    ObjectName config = new ObjectName("dev.shunt:type=Config,file=" + ObjectName.quote(file.toAbsolutePath().normalize().toString()));
    assertFalse(server.isRegistered(bean), "nothing published before a connection uses the file");

    try (Connection a = MirrorSchema.open(db, file); Connection b = MirrorSchema.open(db, file)) {
      assertTrue(server.isRegistered(bean), "the migration's MBean comes with the file's first connection");
      assertTrue(server.isRegistered(config), "and the toggle file's");
      assertEquals(2, attribute(config, "Users"));
      assertEquals(1L, attribute(config, "Version"));
      assertNull(attribute(config, "LastError"));
      assertEquals("shadow-write", attribute(bean, "Phase"));
      assertEquals(1L, attribute(bean, "ConfigVersion"));

      long before = mirrored(bean); // counters are the process's, cumulative
      try (Statement s = a.createStatement()) {
        assertEquals(2, s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (1, 'Ann', 'A@x', 1), (2, 'Bob', 'B@x', 2)"));
      }
      try (Statement s = b.createStatement()) {
        assertEquals(1, s.executeUpdate("UPDATE users SET score = 5 WHERE id = 1"));
      }
      assertEquals(before + 3, mirrored(bean), "two inserted keys and one updated key were copied");
      FunctionCounter counter = registry.find("shunt.writes.mirrored").tag("migration", MIGRATION).functionCounter();
      assertTrue(counter != null, "bound to Micrometer's global registry");
      assertEquals(before + 3, (long) counter.count(), "Micrometer shows what JMX shows");

      // a secondary failure: its keys wait in the repair queue, whose depth the heartbeat reads
      long failures = (Long) attribute(bean, "SecondaryFailures");
      db.exec("ALTER TABLE users_v2 RENAME TO users_v2_away");
      try (Statement s = a.createStatement()) {
        assertEquals(1, s.executeUpdate("INSERT INTO users (id, name, email, score) VALUES (3, 'Cy', 'C@x', 3)"),
            "the application never sees the secondary's failure");
      }
      assertEquals(failures + 1, attribute(bean, "SecondaryFailures"));
      Await.until("the repair queue depth to show the queued key", Duration.ofSeconds(20),
          () -> (Long) attribute(bean, "RepairQueueDepth") >= 1);
      Gauge depth = registry.find("shunt.repair.queue.depth").tag("migration", MIGRATION).gauge();
      assertTrue(depth != null && depth.value() >= 1, "the same depth on Micrometer");
      db.exec("ALTER TABLE users_v2_away RENAME TO users_v2");
      Await.until("the repairer to drain the queue and the gauge to follow", Duration.ofSeconds(30),
          () -> (Long) attribute(bean, "RepairQueueDepth") == 0);
      assertEquals(MirrorSchema.expectedNew(db), MirrorSchema.actualNew(db), "the repaired key reached users_v2");

      // a reload shows at once: version and phase
      toggle("shadow-read");
      Await.until("the reload to reach JMX", Duration.ofSeconds(10), () -> Long.valueOf(2).equals(attribute(config, "Version")));
      assertEquals("shadow-read", attribute(bean, "Phase"));
      assertEquals(2.0, registry.find("shunt.config.version").tag("migration", MIGRATION).gauge().value());
    } finally {
      // leave users_v2 in place for the other engine's run even if an assertion failed midway
      renameBackQuietly(db);
    }
    Await.until("the MBeans to go with the last connection", Duration.ofSeconds(10),
        () -> !server.isRegistered(bean) && !server.isRegistered(config));
    assertNull(registry.find("shunt.writes.mirrored").tag("migration", MIGRATION).functionCounter(),
        "and the Micrometer meters with them");
  }

  @ParameterizedTest @EnumSource(Engine.class)
  void backfillProgressReachesTheGauges(Engine engine) throws Exception {
    TestDatabase db = DBS.get(engine);
    MirrorSchema.clear(db);
    db.exec("INSERT INTO users (id, name, email, score) VALUES (11, 'Ann', 'A@x', 1), (12, 'Bob', 'B@x', 2), (13, 'Cy', 'C@x', 3)");
    Path file = dir.resolve("backfill.yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nold: { url: \"" + db.rawUrl() + "\" }\nmigrations:\n  "
        + MIGRATION + ":\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n" + MirrorSchema.TRANSFORMS
        + "    phase: shadow-write\n");
    ObjectName bean = new ObjectName("dev.shunt:type=Migration,name=" + MIGRATION);
    try (Connection c = MirrorSchema.open(db, file)) {
      Await.until("the heartbeat's first read of the backfill", Duration.ofSeconds(10),
          () -> !"unknown".equals(attribute(bean, "BackfillState")));
      assertEquals("not started", attribute(bean, "BackfillState"));

      assertEquals(0, dev.shunt.cli.ShuntCli.run("backfill", "--config", file.toString(), "--migration", MIGRATION));
      Await.until("the backfill's progress to reach JMX", Duration.ofSeconds(15),
          () -> "finished".equals(attribute(bean, "BackfillState")));
      assertEquals(3L, attribute(bean, "BackfillRowsCopied"));
      assertEquals(3.0, registry.find("shunt.backfill.rows").tag("migration", MIGRATION).gauge().value());
      assertEquals(1.0, registry.find("shunt.backfill.finished").tag("migration", MIGRATION).gauge().value());
      assertEquals(0L, attribute(bean, "RepairQueueDepth"));
    }
    assertEquals(MirrorSchema.expectedNew(db), MirrorSchema.actualNew(db), "the backfill copied the history");
  }

  private static void renameBackQuietly(TestDatabase db) {
    try {
      db.exec("ALTER TABLE users_v2_away RENAME TO users_v2");
    } catch (SQLException alreadyBack) {
      // the test put it back itself
    }
  }
}
