package dev.shunt.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.ConfigHandle;
import dev.shunt.config.ConfigRegistry;
import dev.shunt.config.ReadMode;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.RepairQueue;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMX and Micrometer publication, on a private MBean server and a SimpleMeterRegistry, with
 * counters of their own (the process's are shared with every other test in the JVM).
 */
class MetricsExportTest {
  @TempDir Path dir;

  private final ShuntMetrics metrics = new ShuntMetrics();
  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MetricsExport export = new MetricsExport(metrics, server, new MicrometerBinder(registry));

  private final java.util.List<ConfigHandle> handles = new java.util.ArrayList<>();

  @AfterEach void close() {
    for (ConfigHandle h : handles) while (h.users() > 0) h.release(); // stops their reload threads
    registry.close();
  }

  /** A one-migration file; the snapshot version Shunt reports counts accepted loads, from 1. */
  private static String toggle(String phase) {
    return "version: 1\n"
        + "reload_ms: 60000\n"
        + "migrations:\n"
        + "  users:\n"
        + "    old: { table: users, key: [id] }\n"
        + "    new: { table: users_v2 }\n"
        + "    columns: { id: id, display_name: name }\n"
        + "    reverse: { id: id, name: display_name }\n"
        + "    phase: " + phase + "\n";
  }

  private ConfigHandle acquire(String content) throws Exception {
    Path file = dir.resolve("shunt.yaml");
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    ConfigHandle handle = new ConfigRegistry(new ToggleFileParser(name -> null)).acquire(file);
    handles.add(handle);
    return handle;
  }

  private double counter(String name, String... tags) {
    FunctionCounter c = registry.find(name).tags(tags).functionCounter();
    if (c == null) throw new AssertionError("no counter " + name + " " + List.of(tags));
    return c.count();
  }

  private double gauge(String name, String... tags) {
    Gauge g = registry.find(name).tags(tags).gauge();
    if (g == null) throw new AssertionError("no gauge " + name + " " + List.of(tags));
    return g.value();
  }

  @Test void micrometerIsFoundOnTheClassPath() {
    assertInstanceOf(MicrometerBinder.class, MetricsExport.micrometer(), "Micrometer is on the test class path");
  }

  @Test void bindsEveryCounterTaggedWithItsMigration() throws Exception {
    ConfigHandle handle = acquire(toggle("shadow-read"));
    export.sync(handle);
    MigrationCounters c = metrics.migration("users");
    c.mirrored(3);
    c.mirrored(2);
    c.secondaryFailure();
    c.read(ReadMode.COMPARE);
    c.read(ReadMode.COMPARE);
    c.read(ReadMode.MERGE);
    c.readPrimaryOnly();
    c.confirmedMismatch("key (1): display_name differs");
    c.transientMismatch();
    c.transientMismatch();
    c.droppedCompare();
    c.unparsedStatement(true);

    assertEquals(5, counter("shunt.writes.mirrored", "migration", "users"));
    assertEquals(1, counter("shunt.secondary.failures", "migration", "users"));
    assertEquals(1, counter("shunt.writes.unmirrored", "migration", "users"));
    assertEquals(2, counter("shunt.reads", "migration", "users", "mode", "compare"));
    assertEquals(1, counter("shunt.reads", "migration", "users", "mode", "merge"));
    assertEquals(0, counter("shunt.reads", "migration", "users", "mode", "old"));
    assertEquals(1, counter("shunt.reads.primary.only", "migration", "users"));
    assertEquals(1, counter("shunt.compare.mismatches", "migration", "users", "kind", "confirmed"));
    assertEquals(2, counter("shunt.compare.mismatches", "migration", "users", "kind", "transient"));
    assertEquals(1, counter("shunt.compare.dropped", "migration", "users"));
    assertEquals(1, gauge("shunt.config.version", "migration", "users"));
    assertEquals(0, gauge("shunt.config.reload.error", "migration", "users"));
    assertTrue(Double.isNaN(gauge("shunt.repair.queue.depth", "migration", "users")), "unknown until the heartbeat reads it");

    assertEquals(0, gauge("shunt.read.breaker.open", "migration", "users"));
    c.breakerState("open", true);
    assertEquals(1, gauge("shunt.read.breaker.open", "migration", "users"));
    assertEquals(1, counter("shunt.read.breaker.opened", "migration", "users"));

    // the same numbers on JMX
    ObjectName bean = new ObjectName("dev.shunt:type=Migration,name=users");
    assertEquals(5L, server.getAttribute(bean, "KeysMirrored"));
    assertEquals(2L, server.getAttribute(bean, "ReadsCompare"));
    assertEquals(1L, server.getAttribute(bean, "ConfirmedMismatches"));
    assertEquals("open", server.getAttribute(bean, "BreakerState"));
    assertEquals("shadow-read", server.getAttribute(bean, "Phase"));
    assertEquals(1L, server.getAttribute(bean, "ConfigVersion"));
    assertEquals("unknown", server.getAttribute(bean, "BackfillState"));
    String[] recent = (String[]) server.getAttribute(bean, "RecentMismatches");
    assertEquals(List.of("key (1): display_name differs"), List.of(recent));
    ObjectName config = MetricsExport.configName(handle);
    assertEquals(1L, server.getAttribute(config, "Version"));
    assertEquals(1, server.getAttribute(config, "Users"));
    assertNull(server.getAttribute(config, "LastError"));
  }

  @Test void reloadsAndReloadErrorsShowAtOnce() throws Exception {
    ConfigHandle handle = acquire(toggle("shadow-write"));
    export.sync(handle);
    Files.write(handle.path(), toggle("shadow-read").getBytes(StandardCharsets.UTF_8));
    handle.reloadNow();
    assertEquals(2, gauge("shunt.config.version", "migration", "users"));
    assertEquals("shadow-read", server.getAttribute(new ObjectName("dev.shunt:type=Migration,name=users"), "Phase"));

    Files.write(handle.path(), "version: 1\nmigrations: [\n".getBytes(StandardCharsets.UTF_8));
    handle.reloadNow();
    assertEquals(2, gauge("shunt.config.version", "migration", "users"), "the last good version stays in force");
    assertEquals(1, gauge("shunt.config.reload.error", "migration", "users"));
    String error = (String) server.getAttribute(MetricsExport.configName(handle), "LastError");
    assertTrue(error != null && error.contains("shunt.yaml"), "the error names the file: " + error);
  }

  @Test void queueDepthAndBackfillComeFromTheDatabaseNotFromAGetter() throws Exception {
    ConfigHandle handle = acquire(toggle("shadow-write"));
    export.sync(handle);
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:metrics_export_test;DB_CLOSE_DELAY=-1")) {
      RepairQueue queue = new RepairQueue(Dialect.H2,
          () -> DriverManager.getConnection("jdbc:h2:mem:metrics_export_test"), dir.resolve("queue.local"), handle.current().state());
      dev.shunt.config.Migration users = handle.current().migrations().get("users");
      queue.enqueue(users, List.of(new Object[] {1}, new Object[] {2}, new Object[] {3}), "test");
      assertTrue(Double.isNaN(gauge("shunt.repair.queue.depth", "migration", "users")), "no query behind the gauge");

      export.refreshFromDatabase(handle, h2);
      assertEquals(3, gauge("shunt.repair.queue.depth", "migration", "users"));
      assertEquals(0, gauge("shunt.backfill.rows", "migration", "users"));
      ObjectName bean = new ObjectName("dev.shunt:type=Migration,name=users");
      assertEquals(3L, server.getAttribute(bean, "RepairQueueDepth"));
      assertEquals("not started", server.getAttribute(bean, "BackfillState"));

      handle.release();
      export.sync(handle);
      assertEquals(-1, metrics.migration("users").repairQueueDepth(), "unpublished: back to unknown");
      export.refreshFromDatabase(handle, h2);
      assertEquals(-1, metrics.migration("users").repairQueueDepth(), "a late read after the last close is dropped");
    }
  }

  @Test void everythingGoesWithTheLastUserAndComesBackWithTheNext() throws Exception {
    ConfigHandle handle = acquire(toggle("shadow-write"));
    export.sync(handle);
    ObjectName bean = new ObjectName("dev.shunt:type=Migration,name=users");
    assertTrue(server.isRegistered(bean));
    assertTrue(server.isRegistered(MetricsExport.configName(handle)));

    handle.release();
    export.sync(handle);
    assertFalse(server.isRegistered(bean));
    assertFalse(server.isRegistered(MetricsExport.configName(handle)));
    assertNull(registry.find("shunt.writes.mirrored").functionCounter(), "meters removed with the MBeans");

    handle.acquire();
    export.sync(handle);
    export.sync(handle); // idempotent
    assertTrue(server.isRegistered(bean));
    metrics.migration("users").mirrored(4);
    assertEquals(4, counter("shunt.writes.mirrored", "migration", "users"));
    handle.release();
    export.sync(handle);
  }

  @Test void toleratesABeanLeftByAnotherRegistration() throws Exception {
    ConfigHandle handle = acquire(toggle("shadow-write"));
    ObjectName bean = new ObjectName("dev.shunt:type=Migration,name=users");
    server.registerMBean(new MigrationStats("users", new ShuntMetrics().migration("users"), handle), bean);
    export.sync(handle);
    metrics.migration("users").mirrored(9);
    assertEquals(9L, server.getAttribute(bean, "KeysMirrored"), "ours replaced the stale bean");
  }
}
