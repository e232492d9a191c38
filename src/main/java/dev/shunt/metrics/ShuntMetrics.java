package dev.shunt.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of this process, per migration name. The driver writes them; {@code status}, JMX and
 * Micrometer read them. Plain adders: nothing here is on the pass-through path.
 */
public final class ShuntMetrics {
  private static final ShuntMetrics PROCESS = new ShuntMetrics();

  private final Map<String, MigrationCounters> byMigration = new ConcurrentHashMap<>();

  /** Fresh counters, for tests; the driver uses {@link #process()}. */
  ShuntMetrics() {}

  /** The counters of the running process. */
  public static ShuntMetrics process() { return PROCESS; }

  public MigrationCounters migration(String name) {
    return byMigration.computeIfAbsent(name, MigrationCounters::new);
  }

  public Map<String, MigrationCounters> all() { return Map.copyOf(byMigration); }
}
