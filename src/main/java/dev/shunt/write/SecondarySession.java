package dev.shunt.write;

import dev.shunt.config.DatabaseSettings;
import dev.shunt.config.Migration;
import dev.shunt.config.SecondaryFailurePolicy;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import dev.shunt.log.MigrationMdc;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * One application connection's link to the secondary database of two-database migrations:
 * the keys its open transaction wrote, and the connection that receives their
 * images when it commits. {@link #flush} runs while the primary still holds the row locks and
 * before the primary commits; any failure between the two commits puts the keys on the repair
 * queue, where copying the current image again fixes them.
 */
public final class SecondarySession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SecondarySession.class);

  private final DatabaseSettings settings;
  private final Dialect primary;
  private final Dialect secondary;
  private final SecondaryHealth health;
  private final RepairQueue queue;
  private final ShuntMetrics metrics;
  private final Map<Migration, Map<List<String>, Object[]>> pending = new LinkedHashMap<>();
  private Connection connection;

  public SecondarySession(DatabaseSettings settings, Dialect primary, RepairQueue queue, ShuntMetrics metrics) {
    this.settings = settings;
    this.primary = primary;
    this.secondary = Dialect.forUrl(settings.url());
    this.health = SecondaryHealth.of(settings.url());
    this.queue = queue;
    this.metrics = metrics;
  }

  void add(Migration m, List<Object[]> keys) {
    Map<List<String>, Object[]> set = pending.computeIfAbsent(m, k -> new LinkedHashMap<>());
    for (Object[] key : keys) set.putIfAbsent(Keys.id(key), key);
  }

  public boolean hasPending() { return !pending.isEmpty(); }

  /** True while this transaction holds writes to {@code m} the secondary has not received yet. */
  public boolean hasPending(Migration m) {
    for (Migration p : pending.keySet()) if (p.name().equals(m.name())) return true;
    return false;
  }

  /** Queues every pending key for repair (copying again is harmless if their transaction rolled back). */
  public void queuePending(String reason) {
    for (Map.Entry<Migration, Map<List<String>, Object[]>> e : pending.entrySet()) {
      queue.enqueue(e.getKey(), new ArrayList<>(e.getValue().values()), reason);
    }
    pending.clear();
  }

  /** The transaction rolled back: nothing reaches the secondary. */
  public void discard() { pending.clear(); }

  /**
   * Writes and commits the pending images on the secondary. Returns what was attempted, so the
   * caller can queue it should the primary's commit then fail. Throws only under
   * {@code on_secondary_failure: fail}.
   */
  public Map<Migration, List<Object[]>> flush(Connection primaryConnection) throws SQLException {
    Map<Migration, List<Object[]>> batch = new LinkedHashMap<>();
    for (Map.Entry<Migration, Map<List<String>, Object[]>> e : pending.entrySet()) {
      batch.put(e.getKey(), new ArrayList<>(e.getValue().values()));
    }
    pending.clear();
    if (batch.isEmpty()) return batch;
    if (!health.worthTrying()) {
      failed(batch, new SQLException("the secondary failed moments ago; not retried yet", "08006"));
      return batch;
    }
    try {
      Connection s = connection();
      for (Map.Entry<Migration, List<Object[]>> e : batch.entrySet()) {
        CrossDatabaseCopy copy = new CrossDatabaseCopy(e.getKey(), primary, secondary);
        copy.write(s, e.getValue(), copy.read(primaryConnection, e.getValue()));
      }
      s.commit();
      if (health.succeeded()) LOG.info("Shunt writes the secondary database again");
      for (Map.Entry<Migration, List<Object[]>> e : batch.entrySet()) metrics.migration(e.getKey().name()).mirrored(e.getValue().size());
    } catch (SQLException | RuntimeException e) {
      rollbackAndDrop();
      health.failed();
      failed(batch, e instanceof SQLException ? (SQLException) e : new SQLException(e));
    }
    return batch;
  }

  /** The primary's commit failed after the secondary's: the secondary may hold images that never committed. */
  public void primaryCommitFailed(Map<Migration, List<Object[]>> flushed, SQLException cause) {
    for (Map.Entry<Migration, List<Object[]>> e : flushed.entrySet()) {
      queue.enqueue(e.getKey(), e.getValue(), "primary commit failed: " + Failures.describe(cause, false));
    }
  }

  @SuppressWarnings("try") // the MDC scope is there for its close()
  private void failed(Map<Migration, List<Object[]>> batch, SQLException e) throws SQLException {
    for (Map.Entry<Migration, List<Object[]>> entry : batch.entrySet()) {
      Migration m = entry.getKey();
      metrics.migration(m.name()).secondaryFailure();
      if (m.onSecondaryFailure() == SecondaryFailurePolicy.FAIL) {
        throw new SQLException("Shunt could not write migration '" + m.name() + "' to the secondary database: "
            + Failures.describe(e, false), "08006", e);
      }
      queue.enqueue(m, entry.getValue(), Failures.describe(e, false));
    }
    try (MigrationMdc.Scope mdc = MigrationMdc.enter(batch.keySet())) {
      if (health.reportFailure()) {
        LOG.warn("Shunt could not write the secondary database ({}); keys are queued for repair until it recovers",
            Failures.describe(e, false));
      } else {
        LOG.debug("Shunt queued keys while the secondary is failing: {}", Failures.describe(e, false));
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = open(settings);
      connection.setAutoCommit(false);
    }
    return connection;
  }

  /** A connection to {@code settings}' database with short time-outs: a dead secondary must not stall the application. */
  public static Connection open(DatabaseSettings settings) throws SQLException {
    return open(settings, java.util.Map.of());
  }

  /** As {@link #open(DatabaseSettings)}, with driver properties of Shunt's own added. */
  public static Connection open(DatabaseSettings settings, java.util.Map<String, String> extra) throws SQLException {
    Properties p = new Properties();
    p.putAll(extra);
    if (settings.user() != null) p.setProperty("user", settings.user());
    if (settings.password() != null) p.setProperty("password", settings.password());
    if (settings.url().startsWith("jdbc:postgresql:")) {
      p.setProperty("connectTimeout", "3");
      p.setProperty("socketTimeout", "30");
    } else if (settings.url().startsWith("jdbc:mariadb:") || settings.url().startsWith("jdbc:mysql:")) {
      p.setProperty("connectTimeout", "3000");
      p.setProperty("socketTimeout", "30000");
    }
    return dev.shunt.jdbc.RawConnections.open(() -> DriverManager.getConnection(settings.url(), p));
  }

  private void rollbackAndDrop() {
    if (connection == null) return;
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is being dropped anyway
    }
    close();
  }

  @Override public void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing left to do with it
      }
      connection = null;
    }
  }
}
