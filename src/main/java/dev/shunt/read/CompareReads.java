package dev.shunt.read;

import dev.shunt.config.Migration;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.BoundParameters;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.shunt.log.MigrationMdc;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * Compare reads in the background. The application has its
 * primary's answer already; here both sides are read again on connections of Shunt's own, compared
 * by key, and a difference is read once more after {@code confirm_ms}: only a difference that is
 * still there counts as a mismatch, one that went away was a race with a write. The queue is
 * bounded; a full queue drops the compare and counts it. Worker threads ({@code shunt-compare-N})
 * are daemons and end after a few idle seconds, closing their connections.
 */
public final class CompareReads {
  private static final Logger LOG = LoggerFactory.getLogger(CompareReads.class);
  static final int QUEUE = 256;
  /** Compare workers: one, so background compares take at most one core from the application. */
  static final int WORKER_THREADS = Integer.getInteger("shunt.compare.threads", 1);
  private static final long IDLE_SECONDS = 10;
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Per worker: its open connections by reuse key, the few most recently used (others are closed). */
  private static final ThreadLocal<Map<Object, Connection>> CONNECTIONS = ThreadLocal.withInitial(() ->
      new LinkedHashMap<Object, Connection>(8, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<Object, Connection> eldest) {
          if (size() <= KEPT_CONNECTIONS) return false;
          closeQuietly(eldest.getValue()); // a database this process no longer compares, or seldom
          return true;
        }
      });
  private static final int KEPT_CONNECTIONS = 4;

  private static final ThreadPoolExecutor WORKERS = workers();
  private static final ScheduledThreadPoolExecutor CONFIRMS = confirms();

  private CompareReads() {}

  /** Connections of Shunt's own to each side, for reads beside the application's. */
  public interface Source {
    Connection open(boolean newSide) throws SQLException;

    /** Equal for sources that reach the same database as the same user: their connections are reused. */
    Object reuseKey(boolean newSide);

    Dialect dialect(boolean newSide) throws SQLException;

    /** True when both tables live in one database (one connection reads both). */
    boolean sameDatabase();

    /** The migration as the toggle file has it now (null when gone): the phase may have moved on. */
    Migration current(String name);
  }

  /** One sampled read to compare. */
  static final class Task {
    final Migration m;
    final RoutedSelect routed;
    final BoundParameters params;
    final Source source;
    final boolean logValues;
    final ReadBreaker breaker;
    final MigrationCounters counters;

    Task(Migration m, RoutedSelect routed, BoundParameters params, Source source, boolean logValues, ReadBreaker breaker,
        MigrationCounters counters) {
      this.m = m;
      this.routed = routed;
      this.params = params;
      this.source = source;
      this.logValues = logValues;
      this.breaker = breaker;
      this.counters = counters;
    }
  }

  /** True when the queue has room; a compare that would not fit is not worth starting. */
  static boolean hasRoom() { return WORKERS.getQueue().remainingCapacity() > 0; }

  static void submit(Task t) {
    t.counters.compareSample();
    try {
      WORKERS.execute(() -> first(t));
    } catch (RejectedExecutionException e) {
      t.breaker.cancel();
      t.counters.droppedCompare();
      t.counters.compareDone();
    }
  }

  @SuppressWarnings("try") // the MDC scope is there for its close()
  private static void first(Task t) {
    try (MigrationMdc.Scope mdc = MigrationMdc.enter(t.m)) {
      firstInScope(t);
    }
  }

  private static void firstInScope(Task t) {
    Difference d;
    try {
      d = difference(t);
      t.breaker.record(t.m.breaker(), true);
    } catch (SQLException | RuntimeException e) {
      t.breaker.record(t.m.breaker(), false);
      t.counters.secondaryReadFailure();
      t.counters.compareDone();
      LOG.debug("Shunt could not compare a read of {}: {}", t.m.name(), e.getMessage());
      return;
    }
    if (d == null) {
      t.counters.agreed();
      t.counters.compareDone();
      return;
    }
    // a write between the two reads looks like a difference: read again before calling it one
    CONFIRMS.schedule(() -> {
      try {
        WORKERS.execute(() -> confirm(t));
      } catch (RejectedExecutionException e) {
        t.counters.droppedCompare();
        t.counters.compareDone();
      }
    }, t.m.compare().confirmMs(), TimeUnit.MILLISECONDS);
  }

  @SuppressWarnings("try") // the MDC scope is there for its close()
  private static void confirm(Task t) {
    Migration now = t.source.current(t.m.name());
    if (now == null || now.writes() != t.m.writes()) {
      // the phase moved between the two reads: the locks that make the confirmation exact are
      // another side's now, so this difference proves nothing either way
      t.counters.transientMismatch();
      t.counters.compareDone();
      return;
    }
    try (MigrationMdc.Scope mdc = MigrationMdc.enter(t.m)) {
      Difference d = t.routed.keyed() == null ? difference(t) : lockedDifference(t);
      if (d == null) {
        t.counters.transientMismatch();
      } else {
        String report = d.report(t.m, t.logValues);
        t.counters.confirmedMismatch(report);
        warn(t.m.name(), report);
      }
    } catch (SQLException | RuntimeException e) {
      t.counters.secondaryReadFailure();
      LOG.debug("Shunt could not confirm a difference of {}: {}", t.m.name(), e.getMessage());
    } finally {
      t.counters.compareDone();
    }
  }

  private static final Map<String, Long> LAST_WARNING = new java.util.concurrent.ConcurrentHashMap<>();
  private static final long WARN_EVERY_MS = 1_000;

  /**
   * A confirmed mismatch at WARN, at most one line a second per migration (the rest at DEBUG): a
   * real difference on a hot row is read again and again, and the counter has the full count.
   */
  private static void warn(String migration, String report) {
    long now = System.currentTimeMillis();
    Long last = LAST_WARNING.get(migration);
    if (last == null || now - last >= WARN_EVERY_MS) {
      LAST_WARNING.put(migration, now);
      LOG.warn("Shunt compare: {}", report);
    } else {
      LOG.debug("Shunt compare: {}", report);
    }
  }

  /** Reads both sides and compares; null when they agree. */
  private static Difference difference(Task t) throws SQLException {
    RoutedSelect.Keyed k = t.routed.keyed();
    if (k == null) {
      Rows old = read(t, false, t.routed.oldSide());
      Rows neu = read(t, true, t.routed.newSide());
      return Difference.unkeyed(old, neu);
    }
    long limit = k.fetchLimit(t.params);
    Rows old = read(t, false, k.side(false, limit));
    Rows neu = read(t, true, k.side(true, limit));
    return compareKeyed(t, old, neu);
  }

  /**
   * The confirming read of a keyed query. Writers of two databases write the secondary while they
   * hold the primary's row locks and commit the primary last; in one database both tables change
   * in one transaction. So both sides are read inside one transaction that first takes shared
   * locks on the primary's rows: no write to those keys is then half done, and a difference
   * that remains is real.
   */
  private static Difference lockedDifference(Task t) throws SQLException {
    RoutedSelect.Keyed k = t.routed.keyed();
    long limit = k.fetchLimit(t.params);
    boolean newPrimary = t.m.newIsPrimary();
    boolean same = t.source.sameDatabase();
    Connection pc = borrow(t, newPrimary);
    boolean ok = false;
    try {
      pc.setAutoCommit(false);
      Dialect pd = t.source.dialect(newPrimary);
      Rows p = SideReader.rows(pc, pd, k.side(newPrimary, limit).append(pd.sharedLock()), t.params, timeout(t, newPrimary));
      Rows s;
      if (same) {
        s = SideReader.rows(pc, pd, k.side(!newPrimary, limit), t.params, timeout(t, !newPrimary));
      } else {
        Connection sc = borrow(t, !newPrimary);
        boolean sok = false;
        try {
          s = SideReader.rows(sc, t.source.dialect(!newPrimary), k.side(!newPrimary, limit), t.params, timeout(t, !newPrimary));
          sok = true;
        } finally {
          giveBack(t, !newPrimary, sc, sok);
        }
      }
      pc.commit();
      pc.setAutoCommit(true);
      ok = true;
      return compareKeyed(t, newPrimary ? s : p, newPrimary ? p : s);
    } finally {
      if (!ok) {
        try {
          pc.rollback();
        } catch (SQLException ignored) {
          // the connection is dropped below
        }
      }
      giveBack(t, newPrimary, pc, ok);
    }
  }

  private static Difference compareKeyed(Task t, Rows old, Rows neu) throws SQLException {
    RoutedSelect.Keyed k = t.routed.keyed();
    int visible = old.columns() - k.hidden;
    boolean nullsFirst = t.source.dialect(false) != Dialect.POSTGRESQL;
    List<Object[]> o = RowMerge.window(new ArrayList<>(old.rows), visible, k, nullsFirst, t.params);
    List<Object[]> n = RowMerge.window(RowMerge.coerced(old, neu), visible, k, nullsFirst, t.params);
    return Difference.keyed(old, o, n, visible, k);
  }

  private static Rows read(Task t, boolean newSide, IndexedSql sql) throws SQLException {
    Connection c = borrow(t, newSide);
    boolean ok = false;
    try {
      Rows r = SideReader.rows(c, t.source.dialect(newSide), sql, t.params, timeout(t, newSide));
      ok = true;
      return r;
    } finally {
      giveBack(t, newSide, c, ok);
    }
  }

  /**
   * The deadline of a background read: the breaker's timeout on the secondary, so a locked or
   * stalled secondary fails the compare (and counts toward the breaker) instead of holding a
   * worker; a generous one on the primary, whose locks are the application's own and short.
   */
  private static long timeout(Task t, boolean newSide) {
    long ms = t.m.breaker().timeoutMs();
    return newSide == t.m.newIsPrimary() ? Math.max(5_000, 10 * ms) : ms;
  }

  /** This worker's connection to one side: kept open between compares when the source allows. */
  private static Connection borrow(Task t, boolean newSide) throws SQLException {
    Object key = t.source.reuseKey(newSide);
    Connection c = key == null ? null : CONNECTIONS.get().remove(key);
    return c != null ? c : t.source.open(newSide);
  }

  private static void giveBack(Task t, boolean newSide, Connection c, boolean healthy) {
    Object key = t.source.reuseKey(newSide);
    if (key == null || !healthy) {
      closeQuietly(c);
      return;
    }
    Connection previous = CONNECTIONS.get().put(key, c);
    if (previous != null && previous != c) closeQuietly(previous);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // a broken connection of Shunt's own: nothing else to do
    }
  }

  private static ThreadPoolExecutor workers() {
    ThreadPoolExecutor e = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, IDLE_SECONDS, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
      Thread t = new Thread(() -> {
        try {
          r.run();
        } finally {
          for (Connection c : CONNECTIONS.get().values()) closeQuietly(c);
          CONNECTIONS.remove();
        }
      }, "shunt-compare-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    e.allowCoreThreadTimeOut(true);
    return e;
  }

  private static ScheduledThreadPoolExecutor confirms() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "shunt-compare-confirm");
      t.setDaemon(true);
      return t;
    });
    e.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
    e.allowCoreThreadTimeOut(true);
    return e;
  }

  /** What differs between the two sides' answers to one read. */
  static final class Difference {
    /** What differs for one key: a side without the row, or the visible columns that differ. */
    private static final class Entry {
      final String missingOn; // "old" or "new", or null when both have the row
      final List<Integer> columns = new ArrayList<>();
      final Object[] old;
      final Object[] neu;

      Entry(String missingOn, Object[] old, Object[] neu) {
        this.missingOn = missingOn;
        this.old = old;
        this.neu = neu;
      }
    }

    private final Map<String, Entry> byKey = new LinkedHashMap<>(); // key as the application writes it
    private final List<String> labels = new ArrayList<>();
    private final String summary;

    private Difference(String summary) { this.summary = summary; }

    static Difference unkeyed(Rows old, Rows neu) throws SQLException {
      List<String> a = canonical(old, old.rows);
      List<String> b = canonical(old, RowMerge.coerced(old, neu));
      if (a.equals(b)) return null;
      return new Difference("the rows differ (" + a.size() + " on old, " + b.size() + " on new)");
    }

    private static List<String> canonical(Rows shape, List<Object[]> rows) throws SQLException {
      List<String> out = new ArrayList<>(rows.size());
      for (Object[] r : rows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.columns(); i++) s.append(Values.normal(r[i])).append('\u0001');
        out.add(s.toString());
      }
      Collections.sort(out);
      return out;
    }

    static Difference keyed(Rows shape, List<Object[]> old, List<Object[]> neu, int visible, RoutedSelect.Keyed k)
        throws SQLException {
      int[] key = RowMerge.keyColumns(visible, k);
      Map<List<Object>, Object[]> a = new LinkedHashMap<>();
      for (Object[] r : old) a.put(Values.key(r, key), r);
      Map<List<Object>, Object[]> b = new LinkedHashMap<>();
      for (Object[] r : neu) b.put(Values.key(r, key), r);
      Difference d = new Difference(null);
      for (int i = 1; i <= visible; i++) d.labels.add(shape.label(i));
      Set<List<Object>> all = new LinkedHashSet<>(a.keySet());
      all.addAll(b.keySet());
      for (List<Object> id : all) {
        Object[] x = a.get(id);
        Object[] y = b.get(id);
        if (x == null || y == null) {
          d.byKey.put(keyText(x == null ? y : x, key), new Entry(x == null ? "old" : "new", x, y));
          continue;
        }
        Entry e = new Entry(null, x, y);
        for (int i = 0; i < visible; i++) if (!Values.same(x[i], y[i])) e.columns.add(i);
        if (!e.columns.isEmpty()) d.byKey.put(keyText(x, key), e);
      }
      return d.byKey.isEmpty() ? null : d;
    }

    /** The key as the application would write it: plain numbers, joined by commas. */
    private static String keyText(Object[] row, int[] key) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < key.length; i++) {
        if (i > 0) s.append(',');
        Object v = row[key[i]];
        s.append(v instanceof java.math.BigDecimal ? ((java.math.BigDecimal) v).toPlainString() : String.valueOf(v));
      }
      return s.toString();
    }

    /** One line: the key and the names of the differing columns; values only when allowed. */
    String report(Migration m, boolean logValues) {
      if (summary != null) return "migration " + m.name() + ": " + summary;
      StringBuilder s = new StringBuilder("migration ").append(m.name()).append(": ");
      int shown = 0;
      for (Map.Entry<String, Entry> k : byKey.entrySet()) {
        if (shown++ == 5) {
          s.append("; and ").append(byKey.size() - 5).append(" more key(s)");
          break;
        }
        if (shown > 1) s.append("; ");
        s.append("key ").append(String.join(",", m.oldKey())).append('=').append(k.getKey()).append(' ');
        Entry e = k.getValue();
        if (e.missingOn != null) {
          s.append("missing on the ").append(e.missingOn).append(" side");
          continue;
        }
        s.append("differs in ");
        for (int c = 0; c < e.columns.size(); c++) {
          int i = e.columns.get(c);
          if (c > 0) s.append(", ");
          s.append(labels.get(i));
          if (logValues) s.append(" (old ").append(e.old[i]).append(", new ").append(e.neu[i]).append(')');
        }
      }
      return s.toString();
    }
  }
}
