package dev.shunt.backfill;

import dev.shunt.config.Migration;
import dev.shunt.config.WriteMode;
import dev.shunt.ops.StateTables;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.KeyCopy;
import dev.shunt.write.SideConnections;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies every old row into the new side in key order while the application keeps writing
 * through Shunt.
 *
 * <p>Each batch locks its old rows ({@code SELECT … FOR UPDATE} in key order), copies their
 * current images by key, moves the chunk's checkpoint, and commits: the new side first, then old.
 * While the batch holds the locks, no application write to those rows can be between its old and
 * new halves, so the copy can neither overwrite a newer mirrored image (lost update) nor bring
 * back a row the application deleted (the delete waits for the lock, then mirrors itself).
 */
public final class Backfill {
  /** The command line's knobs. */
  public static final class Options {
    public int batch = 1000;
    /** Milliseconds, fractions allowed. */
    public double maxP95Ms;
    public long sleepMs;
    /** Rest this many times as long as each batch took (gh-ost's nice ratio). */
    public double niceRatio;
    public int workers = 1;
    public long leaseMs = 30_000;
    public boolean restart;
    /** The toggle file's {@code backfill:} section as it is now (re-read by the caller within reload_ms). */
    /** Where the chunk and run tables live. */
    public StateTables state = StateTables.in(null);
    public java.util.function.Supplier<dev.shunt.config.BackfillSettings> settings = () -> dev.shunt.config.BackfillSettings.DEFAULT;
  }

  /** Progress as it happens; called from worker threads. */
  public interface Listener {
    void started(long plannedRows, long alreadyCopied);

    void copied(long rowsSoFar);
  }

  /** What a run did. */
  public static final class Result {
    public final long plannedRows;
    public final long rowsCopiedThisRun;
    public final long rowsCopiedInAll;
    public final boolean alreadyFinished;

    Result(long plannedRows, long thisRun, long inAll, boolean alreadyFinished) {
      this.plannedRows = plannedRows;
      this.rowsCopiedThisRun = thisRun;
      this.rowsCopiedInAll = inAll;
      this.alreadyFinished = alreadyFinished;
    }
  }

  private final Migration m;
  private final SideConnections old;
  private final SideConnections newSide; // null: the new table lives in old
  private final Dialect oldDialect;
  private final Options options;
  private final KeyOrder key;
  private final String oldTable;
  private final ChunkTable chunks;
  private final KeyCopy copy;
  private final String owner;
  /**
   * One MariaDB database: a batch copies its key range with one server-side upsert. The batch's
   * locking read under REPEATABLE READ holds next-key locks on every row it scanned and the gaps
   * between them, so the range holds exactly the locked rows until commit; no application write can
   * change, delete or insert a row of it in the meantime. Elsewhere (PostgreSQL and H2 lock no gaps)
   * the batch copies the keys it locked, by list.
   */
  private final boolean rangeCopy;
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;

  public Backfill(Migration m, SideConnections old, Dialect oldDialect, SideConnections newSide, Dialect newDialect,
      Options options) {
    if (m.writes() != WriteMode.OLD_PRIMARY) {
      throw new IllegalStateException("backfill copies old into new while old is primary and every write is mirrored: "
          + "migration '" + m.name() + "' is in phase " + m.phaseLabel() + "; move it to shadow-write first");
    }
    this.m = m;
    this.old = old;
    this.newSide = newSide;
    this.oldDialect = oldDialect;
    this.options = options;
    this.key = new KeyOrder(m.oldKey(), oldDialect);
    this.oldTable = oldDialect.quote(m.oldTable());
    this.chunks = new ChunkTable(m.name(), options.state);
    this.copy = new KeyCopy(m, oldDialect, newSide == null ? null : newDialect);
    this.rangeCopy = newSide == null && oldDialect == Dialect.MARIADB;
    this.owner = host() + ":" + ManagementFactory.getRuntimeMXBean().getName() + ":" + UUID.randomUUID().toString().substring(0, 8);
  }

  public Result run(Listener listener) throws SQLException, InterruptedException {
    long planned;
    long before;
    try (Connection c = old.open()) {
      c.setAutoCommit(true);
      options.state.ensureBackfill(c);
      if (options.restart) chunks.forget(c);
      if (chunks.finished(c)) {
        long copied = chunks.rowsCopied(c);
        return new Result(copied, 0, copied, true);
      }
      planned = plan(c);
      before = chunks.rowsCopied(c);
    }
    listener.started(planned, before);
    workers.clear();
    AtomicLong copied = new AtomicLong(before);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Throttle throttle;
    try (ForegroundProbe probe = new ForegroundProbe(old, oldTable, key)) {
      throttle = new Throttle(options.batch, options.sleepMs, options.niceRatio, options.maxP95Ms, probe, options.settings);
      for (int w = 0; w < Math.max(1, options.workers); w++) {
        String me = owner + "#" + w;
        Thread t = new Thread(() -> {
          try {
            work(me, throttle, copied, listener);
          } catch (Exception e) {
            failure.compareAndSet(null, e);
          }
        }, "shunt-backfill-" + m.name() + "-" + w);
        t.setDaemon(true);
        workers.add(t);
        t.start();
      }
      try {
        for (Thread t : workers) t.join();
      } catch (InterruptedException e) {
        stop();
        for (Thread t : workers) t.join(); // each ends after its batch, its lease given back
        throw e;
      }
    }
    Exception e = failure.get();
    if (e instanceof SQLException) throw (SQLException) e;
    if (e instanceof InterruptedException) throw (InterruptedException) e;
    if (e != null) throw new IllegalStateException(e);
    try (Connection c = old.open()) {
      c.setAutoCommit(true);
      chunks.markRunFinished(c, System.currentTimeMillis());
      long inAll = chunks.rowsCopied(c);
      return new Result(planned, copied.get() - before, inAll, false);
    }
  }

  /**
   * Asks the workers to stop after their current batch; each gives its chunk's lease back, so a
   * rerun (here or on another host) resumes at once from the checkpoints. {@link #run} then
   * throws {@link InterruptedException}.
   */
  public void stop() {
    stopped = true;
    for (Thread t : workers) t.interrupt();
  }

  /** The plan's row estimate; plans the chunks unless another process has (or does so now). */
  private long plan(Connection c) throws SQLException {
    if (!chunks.planned(c)) {
      long rows = ChunkPlanner.countRows(c, oldDialect, oldTable);
      long chunkRows = Math.max(1000L, options.batch * 20L);
      List<Object[]> bounds = ChunkPlanner.boundaries(c, oldTable, key, rows, chunkRows);
      c.setAutoCommit(false);
      try {
        chunks.insertPlan(c, rows, bounds, System.currentTimeMillis());
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
        // another process planned first: use its plan
      } finally {
        c.setAutoCommit(true);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT planned_rows FROM " + chunks.runTable() + " WHERE migration = ?")) {
      ps.setString(1, m.name());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private void work(String me, Throttle throttle, AtomicLong copied, Listener listener) throws SQLException, InterruptedException {
    try (Connection c = old.open(); Connection n = newSide == null ? null : newSide.open()) {
      c.setAutoCommit(true);
      if (rangeCopy) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // the gap locks the range copy relies on
      if (n != null) n.setAutoCommit(false);
      while (true) {
        if (Thread.interrupted() || stopped) throw new InterruptedException("backfill worker interrupted");
        ChunkTable.Chunk chunk = chunks.claim(c, me, System.currentTimeMillis(), options.leaseMs);
        if (chunk == null) {
          if (chunks.unfinished(c) == 0) return;
          Thread.sleep(Math.min(1000, Math.max(50, options.leaseMs / 4))); // others hold the rest: wait to take over a dead one
          continue;
        }
        try {
          copyChunk(c, n, chunk, me, throttle, copied, listener);
        } catch (InterruptedException e) {
          // what the batches committed is checkpointed; without the lease a rerun need not wait it out
          try {
            chunks.release(c, chunk, me);
          } catch (SQLException lost) {
            e.addSuppressed(lost); // the lease then simply runs out
          }
          throw e;
        }
      }
    }
  }

  private void copyChunk(Connection c, Connection n, ChunkTable.Chunk chunk, String me, Throttle throttle, AtomicLong copied,
      Listener listener) throws SQLException, InterruptedException {
    c.setAutoCommit(false);
    try {
      while (true) {
        // an interrupted worker stops between batches: what it committed stays checkpointed
        if (Thread.interrupted() || stopped) throw new InterruptedException("backfill worker interrupted");
        throttle.awaitTurn(); // the toggle file's pause, between batches (no lock is held here)
        long start = System.nanoTime();
        long took = 0;
        long rowsThisBatch = 0;
        int size = throttle.batch();
        try {
          Object[] after = chunk.resumeAfter();
          // the range copy locks what it reads itself (shared next-key locks of INSERT … SELECT under
          // REPEATABLE READ), so its bound is found by a plain read; the other copies lock first
          Batch batch = rangeCopy ? nextBound(c, chunk, size) : new Batch(lockNext(c, chunk, size, true));
          List<Object[]> keys = batch.keys;
          if (keys.isEmpty()) {
            chunks.finish(c, chunk, me);
            c.commit();
            return;
          }
          if (rangeCopy) {
            Object[] first = after;
            Object[] last = keys.get(keys.size() - 1);
            copy.copyLockedRangeWithin(c, (first == null ? "" : key.after(null) + " AND ") + key.atOrBefore(null), ps -> {
              int i = 1;
              if (first != null) i = key.bindAfter(ps, i, first);
              key.bindAfter(ps, i, last);
            });
          } else if (n == null) {
            copy.copyLockedWithin(c, keys);
          } else {
            copy.copyAcross(c, n, keys);
            n.commit(); // the secondary first, while old's locks still hold (as the dual writes do)
          }
          Object[] last = keys.get(keys.size() - 1);
          if (!chunks.checkpoint(c, chunk, me, last, batch.rows, System.currentTimeMillis(), options.leaseMs)) {
            c.rollback(); // our lease ran out and another worker owns the chunk now; what we copied is harmless
            return;
          }
          c.commit();
          chunk.done = last;
          listener.copied(copied.addAndGet(batch.rows));
          rowsThisBatch = batch.rows;
          took = System.nanoTime() - start;
          throttle.succeeded(took);
        } catch (SQLException e) {
          rollbackQuietly(c);
          if (n != null) rollbackQuietly(n);
          if (!retryable(e)) throw e;
          throttle.collided();
        }
        throttle.pause(took);
        throttle.capped(rowsThisBatch);
      }
    } finally {
      rollbackQuietly(c);
      c.setAutoCommit(true);
    }
  }

  /** The next {@code size} keys of the chunk in key order, locked when {@code lock}. */
  private List<Object[]> lockNext(Connection c, ChunkTable.Chunk chunk, int size, boolean lock) throws SQLException {
    List<Object[]> keys = new ArrayList<>(size);
    try (PreparedStatement ps = c.prepareStatement(nextKeys(chunk, " LIMIT " + size + (lock ? oldDialect.exclusiveLock() : "")))) {
      bindChunk(ps, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) keys.add(key.read(rs, 1));
      }
    }
    return keys;
  }

  /** A batch: its keys in order (for a range copy, possibly only its last) and its row count. */
  private static final class Batch {
    final List<Object[]> keys;
    final int rows;

    Batch(List<Object[]> keys) { this(keys, keys.size()); }

    Batch(List<Object[]> keys, int rows) {
      this.keys = keys;
      this.rows = rows;
    }
  }

  /**
   * The next batch of a range copy, read without locks: the chunk's {@code size}-th key from here
   * alone, or where fewer remain, the chunk's remaining keys (none when the chunk is done).
   */
  private Batch nextBound(Connection c, ChunkTable.Chunk chunk, int size) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(nextKeys(chunk, " LIMIT 1 OFFSET " + (size - 1)))) {
      bindChunk(ps, chunk);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) return new Batch(List.<Object[]>of(key.read(rs, 1)), size);
      }
    }
    return new Batch(lockNext(c, chunk, size, false));
  }

  private String nextKeys(ChunkTable.Chunk chunk, String tail) {
    StringBuilder sql = new StringBuilder("SELECT ").append(key.list(null)).append(" FROM ").append(oldTable);
    List<String> where = new ArrayList<>();
    if (chunk.resumeAfter() != null) where.add(key.after(null));
    if (chunk.hi != null) where.add(key.atOrBefore(null));
    if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
    return sql.append(" ORDER BY ").append(key.list(null)).append(tail).toString();
  }

  private void bindChunk(PreparedStatement ps, ChunkTable.Chunk chunk) throws SQLException {
    int i = 1;
    if (chunk.resumeAfter() != null) i = key.bindAfter(ps, i, chunk.resumeAfter());
    if (chunk.hi != null) key.bindAfter(ps, i, chunk.hi);
  }

  /** Deadlocks, lock wait timeouts and serialization failures: the batch is simply tried again. */
  static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state) || e.getErrorCode() == 1205
        || e.getErrorCode() == 1213;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is broken; the next statement says so
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown-host";
    }
  }
}
