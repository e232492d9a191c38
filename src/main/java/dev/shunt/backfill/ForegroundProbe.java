package dev.shunt.backfill;

import dev.shunt.write.SideConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/**
 * What the application's point reads of the migrated table cost right now: a key lookup on the
 * old table, timed on its own connection at most every 100 ms, p95 over the last 20 samples, in
 * milliseconds with microsecond resolution (a local point read takes a fraction of one). It
 * stands in for the foreground's latency because it waits on the same locks, buffer pool and
 * disk the application's statements wait on.
 */
final class ForegroundProbe implements DoubleSupplier, AutoCloseable {
  private static final int SAMPLES = 20;
  private static final long EVERY_NANOS = 100_000_000L;

  private final SideConnections old;
  private final String sql;
  private final long[] samples = new long[SAMPLES];
  private int count;
  private long lastProbe;
  private Connection connection;

  ForegroundProbe(SideConnections old, String table, KeyOrder key) {
    this.old = old;
    this.sql = "SELECT " + key.list(null) + " FROM " + table + " ORDER BY " + key.list(null) + " LIMIT 1";
  }

  @Override public synchronized double getAsDouble() {
    long now = System.nanoTime();
    if (count == 0 || now - lastProbe >= EVERY_NANOS) {
      lastProbe = now;
      samples[count++ % SAMPLES] = probe();
    }
    long[] sorted = Arrays.copyOf(samples, Math.min(count, SAMPLES));
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.95) - 1)] / 1e6;
  }

  private long probe() {
    long start = System.nanoTime();
    try {
      if (connection == null) {
        connection = old.open();
        connection.setAutoCommit(true);
      }
      try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    } catch (SQLException e) {
      closeQuietly();
      return Long.MAX_VALUE / 2; // an unreachable database is as slow as it gets: back off
    }
    return System.nanoTime() - start;
  }

  private void closeQuietly() {
    try {
      if (connection != null) connection.close();
    } catch (SQLException ignored) {
      // already broken
    }
    connection = null;
  }

  @Override public synchronized void close() { closeQuietly(); }
}
