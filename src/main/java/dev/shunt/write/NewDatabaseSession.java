package dev.shunt.write;

import dev.shunt.config.DatabaseSettings;
import dev.shunt.config.Migration;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One application connection's link to the new database while it is primary (new-primary and
 * new-only across two databases): the rewritten statements run here, in a transaction that
 * follows the application's. At commit the old database (the secondary now) commits first,
 * while this one still holds the row locks, and this one last.
 */
public final class NewDatabaseSession implements AutoCloseable {
  private final DatabaseSettings settings;
  private final Dialect dialect;
  private final boolean statementLevelRollback;
  private final RepairQueue queue;
  private final Map<Migration, Map<List<String>, Object[]>> touched = new LinkedHashMap<>();
  private Connection connection;
  private final SecondarySession oldSide; // Shunt's own link to the old database, or null: the application's connection

  public NewDatabaseSession(DatabaseSettings settings, RepairQueue queue) {
    this(settings, queue, null, null);
  }

  /**
   * {@code old}: the toggle file's {@code old:} section; when it names a URL, the old table is
   * written through a connection of Shunt's own with those credentials, like a secondary: its
   * failures queue the keys instead of reaching the application.
   */
  public NewDatabaseSession(DatabaseSettings settings, RepairQueue queue, DatabaseSettings old,
      dev.shunt.metrics.ShuntMetrics metrics) {
    this(settings, queue, old, metrics, null);
  }

  /**
   * {@code appDialect}: the application's engine. A MariaDB application's statements on
   * PostgreSQL are each isolated by a savepoint, so that a failed one leaves the transaction
   * going on, as MariaDB does (PostgreSQL would abort it).
   */
  public NewDatabaseSession(DatabaseSettings settings, RepairQueue queue, DatabaseSettings old,
      dev.shunt.metrics.ShuntMetrics metrics, Dialect appDialect) {
    this.settings = settings;
    this.dialect = Dialect.forUrl(settings.url());
    this.statementLevelRollback = appDialect == Dialect.MARIADB && dialect == Dialect.POSTGRESQL;
    this.queue = queue;
    this.oldSide = old == null || old.url() == null ? null : new SecondarySession(old, dialect, queue, metrics);
  }

  /** Shunt's own link to the old database, or null when the old table is written on the application's connection. */
  SecondarySession oldSide() { return oldSide; }

  /** True while the open transaction holds writes to {@code m} the old database has not received yet. */
  public boolean oldSideBehind(Migration m) { return oldSide != null && oldSide.hasPending(m); }

  public Dialect dialect() { return dialect; }

  /** The connection the application's transaction runs on in the new database (reads see its writes). */
  public Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      // pgjdbc's autosave=always: a savepoint before each statement, rolled back to when it fails
      connection = statementLevelRollback ? SecondarySession.open(settings, java.util.Map.of("autosave", "always"))
          : SecondarySession.open(settings);
      connection.setAutoCommit(false);
    }
    return connection;
  }

  void touched(Migration m, List<Object[]> keys) {
    Map<List<String>, Object[]> set = touched.computeIfAbsent(m, k -> new LinkedHashMap<>());
    for (Object[] key : keys) set.putIfAbsent(Keys.id(key), key);
  }

  /** True while the application's transaction has written the new database. */
  public boolean active() { return !touched.isEmpty(); }

  /** Commits {@code commitOld} first, then the new database; a failure of the last queues the keys. */
  public void commit(SqlAction commitOld) throws SQLException {
    if (!active()) {
      commitOld.run();
      if (connection != null) connection.commit();
      return;
    }
    Map<Migration, List<Object[]>> flushed = null;
    try {
      // the old side first, while this database still holds the row locks
      if (oldSide != null && oldSide.hasPending()) flushed = oldSide.flush(connection);
      commitOld.run();
    } catch (SQLException e) {
      rollback();
      throw e;
    }
    Map<Migration, List<Object[]>> keys = new LinkedHashMap<>();
    for (Map.Entry<Migration, Map<List<String>, Object[]>> e : touched.entrySet()) keys.put(e.getKey(), new ArrayList<>(e.getValue().values()));
    touched.clear();
    try {
      connection.commit();
    } catch (SQLException e) {
      if (flushed != null) oldSide.primaryCommitFailed(flushed, e);
      // old already holds images the new database never committed: copy them again
      for (Map.Entry<Migration, List<Object[]>> k : keys.entrySet()) {
        queue.enqueue(k.getKey(), k.getValue(), "new database commit failed: " + Failures.describe(e, false));
      }
      throw e;
    }
  }

  public void rollback() {
    touched.clear();
    if (oldSide != null) oldSide.discard();
    if (connection == null) return;
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      close(); // a connection that cannot roll back is not reused
    }
  }

  @Override public void close() {
    touched.clear();
    if (oldSide != null) {
      oldSide.queuePending("the connection closed with the transaction's outcome unknown");
      oldSide.close();
    }
    if (connection != null) {
      try {
        connection.close(); // an open transaction rolls back
      } catch (SQLException ignored) {
        // nothing left to do with it
      }
      connection = null;
    }
  }

  /** A step that may fail with an SQLException. */
  @FunctionalInterface
  public interface SqlAction {
    void run() throws SQLException;
  }
}
