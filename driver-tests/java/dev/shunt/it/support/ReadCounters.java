package dev.shunt.it.support;

import dev.shunt.config.ReadMode;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The read-routing counters of one migration, read by name so this
 * suite compiles before the counters exist: a missing counter fails the test that asks for it,
 * not the build of every other test.
 */
public final class ReadCounters {
  private final String migration;

  private ReadCounters(String migration) { this.migration = migration; }

  public static ReadCounters of(String migration) { return new ReadCounters(migration); }

  private Object call(String method, Class<?>[] types, Object... args) {
    MigrationCounters counters = ShuntMetrics.process().migration(migration);
    Method m;
    try {
      m = MigrationCounters.class.getMethod(method, types);
    } catch (NoSuchMethodException e) {
      throw new AssertionError("MigrationCounters has no counter " + method + ": read routing counters are missing", e);
    }
    try {
      return m.invoke(counters, args);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      throw new AssertionError("counter " + method + " threw", e.getCause());
    }
  }

  private long count(String method) { return ((Number) call(method, new Class<?>[0])).longValue(); }

  /** Reads of the migration routed in {@code mode}. */
  public long reads(ReadMode mode) { return ((Number) call("reads", new Class<?>[] {ReadMode.class}, mode)).longValue(); }
  /** Reads served by the primary alone: read_percent, an open breaker, an unmergeable or unroutable query. */
  public long readsPrimaryOnly() { return count("readsPrimaryOnly"); }
  public long compareSamples() { return count("compareSamples"); }
  public long comparesDone() { return count("comparesDone"); }
  public long compareAgreed() { return count("compareAgreed"); }
  public long transientMismatches() { return count("transientMismatches"); }
  public long confirmedMismatches() { return count("confirmedMismatches"); }
  public long droppedCompares() { return count("droppedCompares"); }
  public long secondaryReadFailures() { return count("secondaryReadFailures"); }
  public long breakerOpened() { return count("breakerOpened"); }
  public String breakerState() { return (String) call("breakerState", new Class<?>[0]); }

  @SuppressWarnings("unchecked")
  public List<String> recentMismatches() { return (List<String>) call("recentMismatches", new Class<?>[0]); }

  @Override public String toString() {
    StringBuilder sb = new StringBuilder(migration).append('{');
    for (String c : new String[] {"readsPrimaryOnly", "compareSamples", "comparesDone", "compareAgreed", "transientMismatches",
        "confirmedMismatches", "droppedCompares", "secondaryReadFailures", "breakerOpened"}) {
      try {
        sb.append(c).append('=').append(count(c)).append(", ");
      } catch (AssertionError missing) {
        sb.append(c).append("=?, ");
      }
    }
    for (ReadMode m : ReadMode.values()) {
      try {
        sb.append("reads(").append(m).append(")=").append(reads(m)).append(", ");
      } catch (AssertionError missing) {
        sb.append("reads(").append(m).append(")=?, ");
      }
    }
    try {
      sb.append("breaker=").append(breakerState());
    } catch (AssertionError missing) {
      sb.append("breaker=?");
    }
    return sb.append('}').toString();
  }
}
