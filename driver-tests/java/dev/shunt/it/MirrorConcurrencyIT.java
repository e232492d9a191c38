package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Under concurrency, same database, old primary (phase {@code shadow-write}):
 * eight writers hammer a small key space of {@code users} through Shunt with every supported
 * write form (explicit-key and generated-key inserts, UPDATE and DELETE by id and by range,
 * batches, multi-statement transactions with savepoints, commits and deliberate rollbacks). The
 * writers collide on keys all the time, so deadlocks, lock waits and duplicate keys are part of
 * the workload. When they stop, {@code users_v2} must hold exactly the transformed image of every
 * {@code users} row, with nothing repaired and nothing queued for repair.
 *
 * <p>Knobs (system properties): {@code shunt.it.concurrencySeconds} (default 30, minimum 5),
 * {@code shunt.it.concurrencySeed} (base of the per-thread seeds; each thread prints its seed).
 * The operation sequence of each thread is a function of its seed; the interleaving is not, so a
 * failure is reproduced by running again with the printed seed, usually more than once.
 */
class MirrorConcurrencyIT {
  private static final int THREADS = 8;
  /** Explicit keys come from 1..KEY_SPACE so that the threads keep colliding on the same rows. */
  private static final int KEY_SPACE = 200;
  /** Upper bound on units of work (one autocommit statement, batch or transaction) per thread. */
  private static final int MAX_UNITS_PER_THREAD = 50_000;
  private static final long DEFAULT_SEED = 0x5EED_C0DEL;
  /**
   * Lock waits are bounded well below the servers' defaults (MariaDB 50 s, PostgreSQL none) so a
   * thread can never outlive the deadline by much; a legitimate wait in this workload lasts
   * milliseconds, so a timeout here would itself be worth a look (it is counted and printed).
   */
  private static final int LOCK_TIMEOUT_SECONDS = 10;
  /** How long after the deadline the workers get to finish their last unit of work. */
  private static final long GRACE_SECONDS = 120;

  @TempDir Path dir;

  @ParameterizedTest @EnumSource(Engine.class)
  void concurrentWritersLeaveTheNewTableEqualToTheTransformedOldOne(Engine engine) throws Exception {
    int seconds = Math.max(5, Integer.getInteger("shunt.it.concurrencySeconds", 30));
    long baseSeed = Long.getLong("shunt.it.concurrencySeed", DEFAULT_SEED);
    try (TestDatabase db = TestDatabases.create(engine, "concurrency")) {
      MirrorSchema.create(db);
      Path toggle = MirrorSchema.toggleFile(dir, "shadow-write", "");
      Stats stats = new Stats();
      MigrationCounters counters = ShuntMetrics.process().migration("users");
      long failedCopiesBefore = counters.secondaryFailures();
      long unmirroredBefore = counters.unmirroredWrites();
      long mirroredBefore = counters.keysMirrored();
      List<Throwable> failures = new ArrayList<>();
      // Both ways an application holds connections are covered, one per engine:
      // - MariaDB goes through a HikariCP pool of 8 on the Shunt URL, and every unit of work
      //   borrows and returns a connection, so each physical connection passes from thread to
      //   thread and Shunt's per-connection state (the pinned configuration, the autocommit it
      //   switches off and back on around a mirrored write) is exercised across borrowers, after
      //   Hikari's own resets (rollback of dirty connections, autocommit restore) — the usual
      //   Spring Boot + MySQL/MariaDB deployment;
      // - PostgreSQL uses one plain DriverManager connection per thread for the whole run, so
      //   one Shunt connection sees thousands of transactions back to back.
      try (Connections connections = engine == Engine.MARIADB ? new Pooled(db, toggle) : new Dedicated(db, toggle)) {
        System.out.printf("[MirrorConcurrencyIT] %s: %d threads (%s), %d s, at most %d units per thread, base seed %d%n",
            engine, THREADS, connections.describe(), seconds, MAX_UNITS_PER_THREAD, baseSeed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger highestGenerated = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        try {
          for (int t = 0; t < THREADS; t++) {
            long seed = baseSeed + 7919L * t;
            System.out.printf("[MirrorConcurrencyIT] %s: thread %d seed %d%n", engine, t, seed);
            futures.add(executor.submit(new Worker(engine, t, seed, connections, deadline, stop, highestGenerated, stats)));
          }
        } finally {
          executor.shutdown();
        }
        boolean ended = executor.awaitTermination(seconds + GRACE_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
          stop.set(true);
          executor.shutdownNow();
          fail("the workers did not stop within " + GRACE_SECONDS + " s after the deadline");
        }
        for (Future<?> f : futures) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            failures.add(e.getCause());
          }
        }
      }
      System.out.printf("[MirrorConcurrencyIT] %s: %s%n", engine, stats);
      if (!failures.isEmpty()) {
        AssertionError error = new AssertionError(failures.size() + " worker(s) failed; first: " + failures.get(0), failures.get(0));
        for (Throwable t : failures.subList(1, failures.size())) error.addSuppressed(t);
        throw error;
      }

      long failedCopies = counters.secondaryFailures() - failedCopiesBefore;
      long unmirrored = counters.unmirroredWrites() - unmirroredBefore;
      List<String> expected = MirrorSchema.expectedNew(db);
      List<String> actual = MirrorSchema.actualNew(db);
      System.out.printf("[MirrorConcurrencyIT] %s: %d rows in users, %d in users_v2; Shunt mirrored %d key(s), "
              + "failed copies %d, unmirrored writes %d, repair queue table %d, repair queue file %s%n",
          engine, expected.size(), actual.size(), counters.keysMirrored() - mirroredBefore, failedCopies, unmirrored,
          repairQueueDepth(db), Files.exists(repairFile(toggle)) ? "present" : "absent");
      assertFalse(expected.isEmpty(), "the workload left rows to compare");
      if (!expected.equals(actual)) fail("users_v2 differs from the transformed users:\n" + difference(expected, actual));
      // Zero differences must come from the mirror itself, not from a repair. Old and new live in
      // one database and every copy runs inside the application's own transaction, so no copy has
      // a reason to fail; a failed copy is swallowed and queued (on_secondary_failure: queue), and
      // on MariaDB a deadlock there has already rolled back the whole application transaction,
      // which the application then believes committed. Every write form used is mirrorable.
      assertEquals(0, failedCopies, "copies to users_v2 that failed (and went to the repair queue)");
      assertEquals(0, unmirrored, "writes Shunt could not mirror");
      assertEquals(0, repairQueueDepth(db), "keys in shunt_repair_queue");
      assertFalse(Files.exists(repairFile(toggle)), "keys queued for repair in " + repairFile(toggle));

      assertTrue(stats.committedStatements.sum() >= 300, "a meaningful amount of committed work: " + stats);
      assertTrue(stats.txCommits.sum() > 0, "some transactions committed: " + stats);
      assertTrue(stats.txRollbacksOnPurpose.sum() > 0, "some transactions were rolled back on purpose: " + stats);
      assertTrue(stats.generatedInserts.sum() > 0, "some inserts took generated keys: " + stats);
      assertTrue(stats.updatedRows.sum() > 0 && stats.deletedRows.sum() > 0, "updates and deletes hit rows: " + stats);
    }
  }

  // ---- the workload ----

  private enum Kind { INSERT_ID, INSERT_GENERATED, UPDATE_ID, UPDATE_RANGE, DELETE_ID, DELETE_RANGE, BATCH }

  /** A SQLException the workload expects under contention (duplicate keys only from inserts). */
  private static String expectedLabel(Engine engine, SQLException e, boolean insert) {
    for (SQLException x = e; x != null; x = next(x)) {
      String label = engine == Engine.MARIADB ? mariaDbLabel(x, insert) : postgresLabel(x, insert);
      if (label != null) return label;
      if (!(x instanceof BatchUpdateException)) return null; // look behind batch exceptions only
    }
    return null;
  }

  private static SQLException next(SQLException e) {
    if (e.getCause() instanceof SQLException) return (SQLException) e.getCause();
    return e.getNextException();
  }

  private static String mariaDbLabel(SQLException e, boolean insert) {
    switch (e.getErrorCode()) {
      case 1213: return "deadlock " + e.getSQLState() + "/1213";
      case 1205: return "lock wait timeout " + e.getSQLState() + "/1205";
      case 1062: return insert ? "duplicate" : null;
      default: return null;
    }
  }

  private static String postgresLabel(SQLException e, boolean insert) {
    String state = e.getSQLState();
    if (state == null) return null;
    switch (state) {
      case "40P01": return "deadlock 40P01";
      case "40001": return "serialization failure 40001";
      case "55P03": return "lock timeout 55P03"; // lock_timeout, PostgreSQL's 1205
      case "23505": return insert ? "duplicate" : null;
      default: return null;
    }
  }

  /** One writer thread: a fixed seed, its own Random, units of work until the deadline. */
  private static final class Worker implements java.util.concurrent.Callable<Void> {
    private final Engine engine;
    private final int index;
    private final long seed;
    private final Random rnd;
    private final Connections connections;
    private final long deadline;
    private final AtomicBoolean stop;
    private final AtomicInteger highestGenerated;
    private final Stats stats;
    private long unit;
    private String current = "";

    Worker(Engine engine, int index, long seed, Connections connections, long deadline, AtomicBoolean stop,
        AtomicInteger highestGenerated, Stats stats) {
      this.engine = engine;
      this.index = index;
      this.seed = seed;
      this.rnd = new Random(seed);
      this.connections = connections;
      this.deadline = deadline;
      this.stop = stop;
      this.highestGenerated = highestGenerated;
      this.stats = stats;
    }

    @Override public Void call() throws Exception {
      Thread.currentThread().setName("mirror-writer-" + index);
      try {
        while (!stop.get() && System.nanoTime() < deadline && unit < MAX_UNITS_PER_THREAD) {
          unit++;
          stats.units.increment();
          Connection c = connections.borrow(index);
          try {
            if (rnd.nextInt(100) < 25) transaction(c);
            else autocommit(c);
          } finally {
            connections.giveBack(index, c);
          }
        }
        return null;
      } catch (Throwable t) {
        stop.set(true); // the others stop too: the run has already failed
        throw new AssertionError(engine + " thread " + index + " (seed " + seed + "), unit " + unit + ", during "
            + current + ": " + t, t);
      }
    }

    /** One statement (or batch) under autocommit: Shunt opens and commits the transaction itself. */
    private void autocommit(Connection c) throws SQLException {
      Kind kind = kind();
      try {
        run(c, kind, false);
        stats.autocommitCommits.increment();
        stats.committedStatements.increment();
      } catch (SQLException e) {
        expected(e, kind);
        stats.autocommitFailures.increment();
        if (!c.getAutoCommit()) throw new AssertionError("a failed autocommit statement left autocommit off");
      }
    }

    /** 2-5 statements, sometimes a savepoint rolled back to, ~20% rolled back on purpose. */
    private void transaction(Connection c) throws SQLException {
      int statements = 2 + rnd.nextInt(4);
      boolean rollBack = rnd.nextInt(100) < 20;
      c.setAutoCommit(false);
      Kind kind = null;
      try {
        Savepoint savepoint = null;
        int beforeSavepoint = 0;
        int done = 0;
        for (int i = 0; i < statements; i++) {
          if (savepoint == null && rnd.nextInt(100) < 15) {
            savepoint = c.setSavepoint();
            beforeSavepoint = done;
          }
          kind = kind();
          run(c, kind, true);
          done++;
        }
        kind = null;
        current = "end of transaction";
        if (savepoint != null && rnd.nextBoolean()) {
          c.rollback(savepoint);
          stats.savepointRollbacks.increment();
          done = beforeSavepoint;
        }
        if (rollBack) {
          c.rollback();
          stats.txRollbacksOnPurpose.increment();
        } else {
          c.commit();
          stats.txCommits.increment();
          stats.committedStatements.add(done);
        }
      } catch (SQLException e) {
        expected(e, kind);
        current = "rollback after " + e.getSQLState() + "/" + e.getErrorCode();
        c.rollback();
        stats.txRollbacksOnError.increment();
      } finally {
        c.setAutoCommit(true); // `current` still names the statement an exception came from
      }
    }

    /** Counts an expected exception, rethrows any other one. */
    private void expected(SQLException e, Kind kind) throws SQLException {
      boolean insert = kind == Kind.INSERT_ID || kind == Kind.INSERT_GENERATED;
      String label = expectedLabel(engine, e, insert);
      if (label == null) throw e;
      if (label.equals("duplicate")) stats.duplicates.increment();
      else stats.contention.computeIfAbsent(label, l -> new LongAdder()).increment();
    }

    private Kind kind() {
      int p = rnd.nextInt(100);
      if (p < 22) return Kind.INSERT_ID;
      if (p < 32) return Kind.INSERT_GENERATED;
      if (p < 54) return Kind.UPDATE_ID;
      if (p < 67) return Kind.UPDATE_RANGE;
      if (p < 81) return Kind.DELETE_ID;
      if (p < 90) return Kind.DELETE_RANGE;
      return Kind.BATCH;
    }

    private void run(Connection c, Kind kind, boolean inTransaction) throws SQLException {
      boolean prepared = rnd.nextBoolean();
      switch (kind) {
        case INSERT_ID: insertWithId(c, prepared); break;
        case INSERT_GENERATED: insertGenerated(c, prepared, inTransaction); break;
        case UPDATE_ID: updateById(c, prepared); break;
        case UPDATE_RANGE: updateRange(c, prepared); break;
        case DELETE_ID: deleteById(c, prepared); break;
        case DELETE_RANGE: deleteRange(c, prepared); break;
        case BATCH: batch(c, prepared); break;
        default: throw new IllegalStateException(kind.toString());
      }
      stats.statementsOk.increment();
    }

    private void insertWithId(Connection c, boolean prepared) throws SQLException {
      int id = 1 + rnd.nextInt(KEY_SPACE);
      String name = name();
      String email = email();
      int score = rnd.nextInt(100);
      boolean setForm = engine == Engine.MARIADB && rnd.nextInt(4) == 0;
      String sql;
      if (prepared) {
        sql = setForm ? "INSERT INTO users SET id = ?, name = ?, email = ?, score = ?"
            : "INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)";
        current = sql + " [" + id + ", " + name + ", " + email + ", " + score + "]";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setInt(1, id);
          setString(ps, 2, name);
          setString(ps, 3, email);
          ps.setInt(4, score);
          check(1, ps.executeUpdate());
        }
      } else {
        sql = setForm
            ? "INSERT INTO users SET id = " + id + ", name = " + lit(name) + ", email = " + lit(email) + ", score = " + score
            : "INSERT INTO users (id, name, email, score) VALUES (" + id + ", " + lit(name) + ", " + lit(email) + ", " + score + ")";
        current = sql;
        try (Statement s = c.createStatement()) {
          check(1, s.executeUpdate(sql));
        }
      }
      stats.insertedRows.increment();
    }

    /** Half the time the application asks for the key (then, in a transaction, may update that row). */
    private void insertGenerated(Connection c, boolean prepared, boolean inTransaction) throws SQLException {
      String name = name();
      String email = email();
      int score = rnd.nextInt(100);
      boolean askForKeys = rnd.nextBoolean();
      int key = -1;
      if (prepared) {
        String sql = "INSERT INTO users (name, email, score) VALUES (?, ?, ?)";
        current = sql + " [" + name + ", " + email + ", " + score + "] keys requested: " + askForKeys;
        try (PreparedStatement ps = askForKeys ? c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS) : c.prepareStatement(sql)) {
          setString(ps, 1, name);
          setString(ps, 2, email);
          ps.setInt(3, score);
          check(1, ps.executeUpdate());
          if (askForKeys) key = key(ps);
        }
      } else {
        String sql = "INSERT INTO users (name, email, score) VALUES (" + lit(name) + ", " + lit(email) + ", " + score + ")";
        current = sql + " keys requested: " + askForKeys;
        try (Statement s = c.createStatement()) {
          check(1, askForKeys ? s.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS) : s.executeUpdate(sql));
          if (askForKeys) key = key(s);
        }
      }
      stats.generatedInserts.increment();
      stats.insertedRows.increment();
      if (key > 0) {
        highestGenerated.accumulateAndGet(key, Math::max);
        if (inTransaction && rnd.nextBoolean()) {
          String sql = "UPDATE users SET score = score + 1000, email = UPPER(email) WHERE id = ?";
          current = sql + " [" + key + "] (the row just inserted)";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, key);
            check(1, ps.executeUpdate());
          }
          stats.updatedRows.increment();
        }
      }
    }

    private int key(Statement s) throws SQLException {
      try (ResultSet keys = s.getGeneratedKeys()) {
        if (!keys.next()) throw new AssertionError("no generated key returned although requested");
        int key = keys.getInt(1);
        if (key <= 0) throw new AssertionError("generated key " + key);
        if (keys.next()) throw new AssertionError("more than one generated key for a one-row insert");
        stats.keysReturned.increment();
        return key;
      }
    }

    private void updateById(Connection c, boolean prepared) throws SQLException {
      int id = id();
      String name = name();
      String email = email();
      int delta = 1 + rnd.nextInt(5);
      int n;
      if (prepared) {
        String sql = "UPDATE users SET name = ?, email = ?, score = score + ? WHERE id = ?";
        current = sql + " [" + name + ", " + email + ", " + delta + ", " + id + "]";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          setString(ps, 1, name);
          setString(ps, 2, email);
          ps.setInt(3, delta);
          ps.setInt(4, id);
          n = ps.executeUpdate();
        }
      } else {
        String sql = "UPDATE users SET email = " + lit(email) + ", score = score - " + delta + " WHERE id = " + id;
        current = sql;
        try (Statement s = c.createStatement()) {
          n = s.executeUpdate(sql);
        }
      }
      checkAtMost(1, n);
      stats.updatedRows.add(n);
    }

    private void updateRange(Connection c, boolean prepared) throws SQLException {
      int lo = id();
      int hi = lo + rnd.nextInt(8);
      int n;
      if (prepared) {
        String sql = "UPDATE users SET score = score + ?, name = ? WHERE id BETWEEN ? AND ?";
        int delta = 1 + rnd.nextInt(9);
        String name = name();
        current = sql + " [" + delta + ", " + name + ", " + lo + ", " + hi + "]";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setInt(1, delta);
          setString(ps, 2, name);
          ps.setInt(3, lo);
          ps.setInt(4, hi);
          n = ps.executeUpdate();
        }
      } else {
        // MOD keeps repeated doubling inside INT, also after users_v2's "score * 10"
        String sql = "UPDATE users SET score = MOD(score * 2 - 7, 100000), email = " + (rnd.nextBoolean() ? "UPPER" : "LOWER")
            + "(email) WHERE id BETWEEN " + lo + " AND " + hi;
        current = sql;
        try (Statement s = c.createStatement()) {
          n = s.executeUpdate(sql);
        }
      }
      checkAtMost(hi - lo + 1, n);
      stats.updatedRows.add(n);
    }

    private void deleteById(Connection c, boolean prepared) throws SQLException {
      int id = id();
      int n;
      if (prepared) {
        String sql = "DELETE FROM users WHERE id = ?";
        current = sql + " [" + id + "]";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setInt(1, id);
          n = ps.executeUpdate();
        }
      } else {
        String sql = "DELETE FROM users WHERE id = " + id;
        current = sql;
        try (Statement s = c.createStatement()) {
          n = s.executeUpdate(sql);
        }
      }
      checkAtMost(1, n);
      stats.deletedRows.add(n);
    }

    private void deleteRange(Connection c, boolean prepared) throws SQLException {
      int lo = id();
      int hi = lo + rnd.nextInt(4);
      int n;
      if (prepared) {
        String sql = "DELETE FROM users WHERE id BETWEEN ? AND ?";
        current = sql + " [" + lo + ", " + hi + "]";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setInt(1, lo);
          ps.setInt(2, hi);
          n = ps.executeUpdate();
        }
      } else {
        String sql = "DELETE FROM users WHERE id BETWEEN " + lo + " AND " + hi;
        current = sql;
        try (Statement s = c.createStatement()) {
          n = s.executeUpdate(sql);
        }
      }
      checkAtMost(hi - lo + 1, n);
      stats.deletedRows.add(n);
    }

    /** A PreparedStatement batch of updates by id, or a Statement batch of updates and deletes by id. */
    private void batch(Connection c, boolean prepared) throws SQLException {
      int size = 2 + rnd.nextInt(3);
      int[] counts;
      if (prepared) {
        String sql = "UPDATE users SET score = score + ? WHERE id = ?";
        StringBuilder desc = new StringBuilder("batch ").append(sql);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < size; i++) {
            int id = id();
            ps.setInt(1, 1 + i);
            ps.setInt(2, id);
            ps.addBatch();
            desc.append(" [").append(1 + i).append(", ").append(id).append(']');
          }
          current = desc.toString();
          counts = ps.executeBatch();
        }
      } else {
        StringBuilder desc = new StringBuilder("batch");
        try (Statement s = c.createStatement()) {
          for (int i = 0; i < size; i++) {
            String sql = rnd.nextInt(3) == 0 ? "DELETE FROM users WHERE id = " + id()
                : "UPDATE users SET name = " + lit(name()) + ", score = score + 1 WHERE id = " + id();
            s.addBatch(sql);
            desc.append(" | ").append(sql);
          }
          current = desc.toString();
          counts = s.executeBatch();
        }
      }
      if (counts.length != size) throw new AssertionError("batch of " + size + " returned " + counts.length + " counts");
      for (int n : counts) {
        if (n > 1 || (n < 0 && n != Statement.SUCCESS_NO_INFO)) throw new AssertionError("batch count " + n + " for a statement by id");
      }
      stats.batches.increment();
    }

    /** Mostly 1..KEY_SPACE; one time in ten near the highest generated key, so those rows collide too. */
    private int id() {
      int high = highestGenerated.get();
      if (high > KEY_SPACE && rnd.nextInt(10) == 0) return Math.max(1, high - rnd.nextInt(40));
      return 1 + rnd.nextInt(KEY_SPACE);
    }

    private String name() {
      if (rnd.nextInt(12) == 0) return null;
      StringBuilder sb = new StringBuilder();
      int len = 1 + rnd.nextInt(12);
      for (int i = 0; i < len; i++) {
        char base = rnd.nextBoolean() ? 'a' : 'A';
        sb.append((char) (base + rnd.nextInt(26)));
      }
      return sb.toString();
    }

    /** Mixed case so that the {@code LOWER(email)} transform shows when a copy skipped it; sometimes NULL. */
    private String email() {
      if (rnd.nextInt(15) == 0) return null;
      String n = name();
      return (n == null ? "X" : n) + rnd.nextInt(1000) + "@Ex" + (char) ('a' + rnd.nextInt(26)) + ".ORG";
    }

    private static void setString(PreparedStatement ps, int i, String v) throws SQLException {
      if (v == null) ps.setNull(i, Types.VARCHAR);
      else ps.setString(i, v);
    }

    /** A literal of the generated text (letters, digits, '@' and '.', never a quote). */
    private static String lit(String v) {
      return v == null ? "NULL" : "'" + v + "'";
    }

    private void check(int expected, int actual) {
      if (expected != actual) throw new AssertionError("update count " + actual + ", expected " + expected + " for " + current);
    }

    private void checkAtMost(int max, int actual) {
      if (actual < 0 || actual > max) throw new AssertionError("update count " + actual + ", expected 0.." + max + " for " + current);
    }
  }

  // ---- connections ----

  /** Where a worker gets the connection for one unit of work. */
  private interface Connections extends AutoCloseable {
    Connection borrow(int worker) throws SQLException;

    void giveBack(int worker, Connection c) throws SQLException;

    String describe();

    @Override void close() throws SQLException;
  }

  /** One Shunt connection per thread, opened through DriverManager and kept for the whole run. */
  private static final class Dedicated implements Connections {
    private final Connection[] connections = new Connection[THREADS];

    Dedicated(TestDatabase db, Path toggle) throws SQLException {
      try {
        for (int i = 0; i < THREADS; i++) {
          connections[i] = MirrorSchema.open(db, toggle);
          try (Statement s = connections[i].createStatement()) {
            s.execute(lockTimeoutSql(db.engine()));
          }
        }
      } catch (SQLException | RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override public Connection borrow(int worker) { return connections[worker]; }

    @Override public void giveBack(int worker, Connection c) {}

    @Override public String describe() { return "one DriverManager connection each"; }

    @Override public void close() throws SQLException {
      SQLException first = null;
      for (Connection c : connections) {
        if (c == null) continue;
        try {
          c.close();
        } catch (SQLException e) {
          if (first == null) first = e;
        }
      }
      if (first != null) throw first;
    }
  }

  /** A HikariCP pool of THREADS connections on the Shunt URL; a connection per unit of work. */
  private static final class Pooled implements Connections {
    private final HikariDataSource pool;

    Pooled(TestDatabase db, Path toggle) {
      HikariConfig c = new HikariConfig();
      c.setPoolName("mirror-concurrency");
      c.setJdbcUrl(db.shuntUrl());
      c.addDataSourceProperty("shunt.config", toggle.toString());
      c.setMaximumPoolSize(THREADS);
      c.setMinimumIdle(THREADS);
      c.setConnectionTimeout(30_000);
      c.setConnectionInitSql(lockTimeoutSql(db.engine()));
      pool = new HikariDataSource(c);
    }

    @Override public Connection borrow(int worker) throws SQLException { return pool.getConnection(); }

    @Override public void giveBack(int worker, Connection c) throws SQLException { c.close(); }

    @Override public String describe() { return "HikariCP pool of " + THREADS + " on the Shunt URL"; }

    @Override public void close() {
      pool.close();
    }
  }

  private static String lockTimeoutSql(Engine engine) {
    return engine == Engine.MARIADB ? "SET SESSION innodb_lock_wait_timeout = " + LOCK_TIMEOUT_SECONDS
        : "SET lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'";
  }

  // ---- results ----

  private static final class Stats {
    final LongAdder units = new LongAdder();
    final LongAdder statementsOk = new LongAdder();
    final LongAdder committedStatements = new LongAdder();
    final LongAdder autocommitCommits = new LongAdder();
    final LongAdder autocommitFailures = new LongAdder();
    final LongAdder txCommits = new LongAdder();
    final LongAdder txRollbacksOnPurpose = new LongAdder();
    final LongAdder txRollbacksOnError = new LongAdder();
    final LongAdder savepointRollbacks = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder insertedRows = new LongAdder();
    final LongAdder generatedInserts = new LongAdder();
    final LongAdder keysReturned = new LongAdder();
    final LongAdder updatedRows = new LongAdder();
    final LongAdder deletedRows = new LongAdder();
    final LongAdder batches = new LongAdder();
    final Map<String, LongAdder> contention = new ConcurrentHashMap<>();

    @Override public String toString() {
      Map<String, Long> errors = new TreeMap<>();
      contention.forEach((k, v) -> errors.put(k, v.sum()));
      return "units " + units + ", statements ok " + statementsOk + ", committed statements " + committedStatements
          + ", commits " + (autocommitCommits.sum() + txCommits.sum()) + " (autocommit " + autocommitCommits
          + ", transactions " + txCommits + "), rollbacks " + (txRollbacksOnPurpose.sum() + txRollbacksOnError.sum())
          + " (on purpose " + txRollbacksOnPurpose + ", after an error " + txRollbacksOnError + "), savepoint rollbacks "
          + savepointRollbacks + ", failed autocommit statements " + autocommitFailures + ", duplicate keys " + duplicates
          + ", inserted " + insertedRows + " (generated keys " + generatedInserts + ", returned to the app " + keysReturned
          + "), updated rows " + updatedRows + ", deleted rows " + deletedRows + ", batches " + batches
          + ", deadlocks/timeouts " + errors;
    }
  }

  private static Path repairFile(Path toggle) {
    return toggle.resolveSibling(toggle.getFileName() + ".repair-queue");
  }

  /** Rows in Shunt's repair queue table, 0 when the table was never created. */
  private static long repairQueueDepth(TestDatabase db) throws SQLException {
    return dev.shunt.it.support.StateSchema.queueDepth(db);
  }


  /** Row by row, what old says new should hold and what new holds (first 40 differences). */
  private static String difference(List<String> expected, List<String> actual) {
    Map<Integer, String> e = byId(expected);
    Map<Integer, String> a = byId(actual);
    TreeSet<Integer> ids = new TreeSet<>(e.keySet());
    ids.addAll(a.keySet());
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    int total = 0;
    for (int id : ids) {
      if (Objects.equals(e.get(id), a.get(id))) continue;
      total++;
      if (shown++ < 40) sb.append("  id ").append(id).append(": expected ").append(e.get(id)).append(", users_v2 has ").append(a.get(id)).append('\n');
    }
    return sb.append("  ").append(total).append(" differing key(s) of ").append(ids.size()).toString();
  }

  private static Map<Integer, String> byId(List<String> rows) {
    Map<Integer, String> m = new TreeMap<>();
    for (String r : rows) m.put(Integer.parseInt(r.substring(0, r.indexOf('|'))), r);
    return m;
  }
}
