package dev.shunt.bench;

import dev.shunt.cli.ShuntCli;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * SPEC section 10, backfill: rows/s of {@code shunt backfill} against a chunked
 * {@code INSERT … SELECT … ON DUPLICATE KEY UPDATE} of the same transform at the same batch size,
 * both while a paced foreground (point selects and updates through jdbc:shunt:, shadow-write) runs;
 * and the foreground's p95 latency without and with the backfill.
 */
final class BackfillBench {
  static final int BATCH = 1000;
  static final int FG_THREADS = 4;
  static final int FG_RATE_PER_THREAD = 250; // ops/s; 1,000 ops/s in all, well below saturation

  private final Bench b;

  BackfillBench(Bench b) { this.b = b; }

  void run() throws Exception {
    Env env = b.env;
    int rows = b.quick ? 200_000 : 1_000_000;
    Bench.progress("backfill: seeding " + rows + " rows");
    env.exec(Env.DB,
        "CREATE TABLE bf_users (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
        "CREATE TABLE bf_users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)",
        "INSERT INTO bf_users SELECT seq, CONCAT('n', seq), CONCAT('User', seq, '@Example.org'), seq % 1000 FROM seq_1_to_" + rows);
    Path toggle = b.toggle("backfill", "bf_users", "shadow-write", false);
    double window = b.quick ? 5 : 10;

    Report rep = b.report;
    rep.section("Backfill: " + String.format("%,d", rows) + " rows, batch " + BATCH + ", one worker, same database; foreground "
        + FG_THREADS + " threads × " + FG_RATE_PER_THREAD + " ops/s (70% point SELECT, 30% UPDATE by key) through jdbc:shunt:");
    try (Foreground fg = new Foreground(env, toggle, rows)) {
      fg.start();
      Thread.sleep(2000); // warm-up, not recorded
      // two alternating runs of each copy, the better of each counts: a co-tenant's burst on this
      // shared machine can halve one run
      Latencies[] base = new Latencies[2];
      Latencies[] duringIs = new Latencies[2];
      Latencies[] duringBf = new Latencies[2];
      double isRate = 0;
      double bfRate = 0;
      for (int run = 0; run < 2; run++) {
        Bench.progress("backfill: foreground baseline " + (run + 1));
        base[run] = fg.record(window);

        Bench.progress("backfill: chunked INSERT … SELECT, run " + (run + 1));
        env.exec(Env.DB, "TRUNCATE TABLE bf_users_v2");
        duringIs[run] = fg.startRecording();
        long t0 = System.nanoTime();
        long copied = insertSelect(env);
        isRate = Math.max(isRate, copied / ((System.nanoTime() - t0) / 1e9));
        duringIs[run].stop();

        Bench.progress("backfill: shunt backfill, run " + (run + 1));
        env.exec(Env.DB, "TRUNCATE TABLE bf_users_v2");
        duringBf[run] = fg.startRecording();
        long t1 = System.nanoTime();
        int code = cli("backfill", "--config", toggle.toString(), "--migration", "bf_users", "--batch", String.valueOf(BATCH),
            "--restart");
        bfRate = Math.max(bfRate, rows / ((System.nanoTime() - t1) / 1e9));
        duringBf[run].stop();
        if (code != 0) throw new IllegalStateException("shunt backfill exited " + code);
      }
      long newRows = env.scalar(Env.DB, "SELECT COUNT(*) FROM bf_users_v2");
      // the same backfill throttled to the requirement: --max-p95-ms from this run's baseline p95 × 1.1
      // (whole milliseconds: the flag's unit); and a fixed --sleep-ms pause between batches. Each capped
      // in time because a throttle can slow the copy to a crawl.
      double baseP95Now = Latencies.merge(base[0], base[1]).p95Millis();
      long maxP95 = Math.max(1, (long) Math.floor(baseP95Now * 1.10));
      Bench.progress("backfill: foreground baseline, next to the throttled runs");
      Latencies adjacent = fg.record(window);
      Throttled byP95 = throttled(env, fg, toggle, "--max-p95-ms", String.valueOf(maxP95));
      Throttled bySleep = throttled(env, fg, toggle, "--sleep-ms", String.valueOf(SLEEP_MS));
      fg.stopAll();
      if (fg.failure.get() != null) throw new IllegalStateException("the foreground failed", fg.failure.get());
      Latencies duringInsertSelect = Latencies.merge(duringIs[0], duringIs[1]);
      Latencies duringBackfill = Latencies.merge(duringBf[0], duringBf[1]);

      long oldRows = env.scalar(Env.DB, "SELECT COUNT(*) FROM bf_users");
      Latencies baseline = Latencies.merge(base[0], base[1]);
      double baseP95 = baseline.p95Millis();
      rep.info("chunked INSERT … SELECT … ON DUPLICATE KEY UPDATE (same transform, keyset chunks of " + BATCH + ")",
          String.format("%,.0f rows/s (better of 2 runs)", isRate));
      rep.check("shunt backfill --batch " + BATCH, String.format("%,.0f rows/s (better of 2 runs), %.2f× INSERT … SELECT", bfRate, bfRate / isRate),
          "≥ 0.50× INSERT … SELECT", bfRate >= 0.5 * isRate);
      rep.info("new table after the backfill", String.format("%,d rows (old has %,d)", newRows, oldRows));
      rep.info("foreground p95, no copy running (baseline)", String.format("%.2f ms (%d ops, %d deadlocks)", baseP95,
          baseline.count(), baseline.deadlocks.get()));
      rep.info("foreground p95 during INSERT … SELECT", String.format("%.2f ms, %.2f× baseline (%d ops, %d deadlocks)",
          duringInsertSelect.p95Millis(), duringInsertSelect.p95Millis() / baseP95, duringInsertSelect.count(),
          duringInsertSelect.deadlocks.get()));
      rep.check("foreground p95 during shunt backfill", String.format("%.2f ms, %.2f× baseline (%d ops, %d deadlocks)",
          duringBackfill.p95Millis(), duringBackfill.p95Millis() / baseP95, duringBackfill.count(), duringBackfill.deadlocks.get()),
          "≤ 1.10× baseline", duringBackfill.p95Millis() <= 1.10 * baseP95);
      rep.info("foreground p95, no copy running, window right before the throttled runs", String.format("%.2f ms, %.2f×"
          + " the baseline above (%d ops)", adjacent.p95Millis(), adjacent.p95Millis() / baseP95, adjacent.count()));
      for (Throttled t : List.of(byP95, bySleep)) {
        String how = t.capped ? String.format("stopped after %.0f s (cap), %,d rows copied", t.seconds, t.rows)
            : String.format("%,d rows in %.0f s, exit %d", t.rows, t.seconds, t.code);
        double rate = t.rows / t.seconds;
        rep.check("shunt backfill --batch " + BATCH + " " + t.flags
                + (t.flags.startsWith("--max-p95-ms") ? " (baseline p95 × 1.1, in whole ms; the throttle watches its own probe, a"
                    + " key read of the old table every 100 ms, p95 of the last 20, in whole ms)" : ""),
            String.format("%,.0f rows/s (one run, %s), %.2f× INSERT … SELECT; foreground p95 %.2f ms, %.2f× baseline"
                + " (%d ops, %d deadlocks)", rate, how, rate / isRate, t.lat.p95Millis(), t.lat.p95Millis() / baseP95,
                t.lat.count(), t.lat.deadlocks.get()),
            "≥ 0.50× INSERT … SELECT while foreground p95 ≤ 1.10× baseline",
            rate >= 0.5 * isRate && t.lat.p95Millis() <= 1.10 * baseP95);
      }
    }
  }

  static final int SLEEP_MS = 10;

  /** One throttled backfill run, capped in time. */
  static final class Throttled {
    String flags;
    long rows;
    double seconds;
    boolean capped;
    int code;
    Latencies lat;
  }

  private Throttled throttled(Env env, Foreground fg, Path toggle, String flag, String value) throws Exception {
    Throttled t = new Throttled();
    t.flags = flag + " " + value;
    double cap = b.quick ? 20 : 45;
    Bench.progress("backfill: shunt backfill " + t.flags + " (at most " + (int) cap + " s)");
    env.exec(Env.DB, "TRUNCATE TABLE bf_users_v2");
    t.lat = fg.startRecording();
    long t0 = System.nanoTime();
    Thread runner = new Thread(() -> {
      t.code = cli("backfill", "--config", toggle.toString(), "--migration", "bf_users", "--batch", String.valueOf(BATCH), flag,
          value, "--restart");
    }, "shunt-bench-throttled-backfill");
    runner.setDaemon(true);
    runner.start();
    runner.join((long) (cap * 1000));
    t.capped = runner.isAlive();
    if (t.capped) { // stop the backfill's own workers: they end at their next pause between batches
      for (Thread th : Thread.getAllStackTraces().keySet()) {
        if (th.getName().startsWith("shunt-backfill-bf_users")) th.interrupt();
      }
    }
    t.seconds = (System.nanoTime() - t0) / 1e9;
    t.lat.stop();
    runner.join(30_000);
    if (runner.isAlive()) throw new IllegalStateException("the capped backfill did not stop");
    t.rows = env.scalar(Env.DB, "SELECT COUNT(*) FROM bf_users_v2");
    return t;
  }

  /** Keyset chunks: find the batch's last key, then one server-side upsert of that key range. */
  private static long insertSelect(Env env) throws SQLException {
    long copied = 0;
    try (Connection c = env.raw(Env.DB);
        PreparedStatement bound = c.prepareStatement(
            "SELECT MAX(id), COUNT(*) FROM (SELECT id FROM bf_users WHERE id > ? ORDER BY id LIMIT " + BATCH + ") t");
        PreparedStatement copy = c.prepareStatement(
            "INSERT INTO bf_users_v2 (id, display_name, email, score) SELECT id, name, LOWER(email), score * 10 FROM bf_users"
                + " WHERE id > ? AND id <= ? ON DUPLICATE KEY UPDATE display_name = VALUES(display_name),"
                + " email = VALUES(email), score = VALUES(score)")) {
      long after = Long.MIN_VALUE;
      while (true) {
        bound.setLong(1, after);
        long hi;
        try (ResultSet rs = bound.executeQuery()) {
          rs.next();
          if (rs.getLong(2) == 0) return copied;
          hi = rs.getLong(1);
          copied += rs.getLong(2);
        }
        copy.setLong(1, after);
        copy.setLong(2, hi);
        copy.executeUpdate();
        after = hi;
      }
    }
  }

  /** Runs the CLI in this JVM with its progress output discarded. */
  private static synchronized int cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream nul = new PrintStream(OutputStream.nullOutputStream());
    System.setOut(nul);
    System.setErr(nul);
    try {
      return ShuntCli.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** Latencies of one window. */
  static final class Latencies {
    private long[] nanos = new long[4096];
    private int n;
    final AtomicLong deadlocks = new AtomicLong();
    volatile boolean open = true;

    synchronized void add(long v) {
      if (!open) return;
      if (n == nanos.length) nanos = Arrays.copyOf(nanos, n * 2);
      nanos[n++] = v;
    }

    synchronized void stop() { open = false; }

    synchronized int count() { return n; }

    synchronized double p95Millis() {
      if (n == 0) return Double.NaN;
      long[] s = Arrays.copyOf(nanos, n);
      Arrays.sort(s);
      return s[(int) Math.ceil(0.95 * n) - 1] / 1e6;
    }

    static Latencies merge(Latencies a, Latencies b) {
      Latencies m = new Latencies();
      for (Latencies x : List.of(a, b)) {
        synchronized (x) {
          for (int i = 0; i < x.n; i++) m.add(x.nanos[i]);
        }
        m.deadlocks.addAndGet(x.deadlocks.get());
      }
      m.stop();
      return m;
    }
  }

  /** Paced application threads through jdbc:shunt: whose latencies go to the current window. */
  static final class Foreground implements AutoCloseable {
    private final Env env;
    private final Path toggle;
    private final int rows;
    private final AtomicBoolean stop = new AtomicBoolean();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Latencies sink;

    Foreground(Env env, Path toggle, int rows) {
      this.env = env;
      this.toggle = toggle;
      this.rows = rows;
    }

    void start() {
      long interval = 1_000_000_000L / FG_RATE_PER_THREAD;
      for (int t = 0; t < FG_THREADS; t++) {
        long seed = 1000 + t;
        Thread th = new Thread(() -> {
          SplittableRandom r = new SplittableRandom(seed);
          try (Connection c = env.shunt(Env.DB, toggle);
              PreparedStatement sel = c.prepareStatement("SELECT id, name, email, score FROM bf_users WHERE id = ?");
              PreparedStatement upd = c.prepareStatement("UPDATE bf_users SET score = score + 1 WHERE id = ?")) {
            long next = System.nanoTime();
            while (!stop.get()) {
              long now = System.nanoTime();
              if (now < next) {
                LockSupport.parkNanos(next - now);
                continue;
              }
              next = Math.max(next + interval, now); // no catch-up bursts after a stall
              Latencies s = sink;
              long t0 = System.nanoTime();
              try {
                if (r.nextInt(10) < 7) {
                  sel.setInt(1, 1 + r.nextInt(rows));
                  try (ResultSet rs = sel.executeQuery()) {
                    while (rs.next()) rs.getString(2);
                  }
                } else {
                  upd.setInt(1, 1 + r.nextInt(rows));
                  upd.executeUpdate();
                }
              } catch (SQLException e) {
                // a deadlock with the copy's batch lock is the application's ordinary lot, as on the raw driver
                if (!"40001".equals(e.getSQLState())) throw e;
                if (s != null) s.deadlocks.incrementAndGet();
              }
              long took = System.nanoTime() - t0;
              if (s != null) s.add(took);
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "shunt-bench-foreground-" + t);
        th.setDaemon(true);
        threads.add(th);
        th.start();
      }
    }

    Latencies startRecording() {
      Latencies l = new Latencies();
      sink = l;
      return l;
    }

    Latencies record(double seconds) throws InterruptedException {
      Latencies l = startRecording();
      Thread.sleep((long) (seconds * 1000));
      l.stop();
      return l;
    }

    void stopAll() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) t.join();
    }

    @Override public void close() throws InterruptedException { stopAll(); }
  }
}
