package dev.shunt.bench;

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
 * Backfill: rows/s of {@code shunt backfill} against a chunked
 * {@code INSERT … SELECT … ON DUPLICATE KEY UPDATE} of the same transform at the same batch size,
 * both while a paced foreground (point selects and updates through jdbc:shunt:, shadow-write) runs;
 * and the foreground's p95 latency without and with the backfill.
 */
final class BackfillBench {
  /** Rows per batch, for both copies (SHUNT_BENCH_BATCH overrides). */
  static final int BATCH = Integer.parseInt(System.getenv().getOrDefault("SHUNT_BENCH_BATCH", "1000"));
  static final int FG_THREADS = 4;
  static final int FG_RATE_PER_THREAD = 250; // ops/s; 1,000 ops/s in all, well below saturation

  private final Bench b;

  BackfillBench(Bench b) { this.b = b; }

  void run() throws Exception {
    Env env = b.env;
    long pool = env.scalar(Env.DB, "SELECT @@innodb_buffer_pool_size");
    int rows = rows(pool, b.quick);
    Bench.progress("backfill: seeding " + rows + " rows");
    env.exec(Env.DB,
        "CREATE TABLE bf_users (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
        "CREATE TABLE bf_users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)",
        "INSERT INTO bf_users SELECT seq, CONCAT('n', seq), CONCAT('User', seq, '@Example.org'), seq % 1000 FROM seq_1_to_" + rows);
    Path toggle = b.toggle("backfill", "bf_users", "shadow-write", false);
    // every window, with or without a copy, lasts as long: the foreground's p95 here drifts by up
    // to 2× within a minute (other tenants' fsyncs), and a longer window catches more of it
    double window = b.quick ? 1 : 4;
    int reps = b.quick ? 1 : 5;

    Report rep = b.report;
    String sized = ROWS_SET == null
        ? " (old and new together within half the server's " + pool / (1024 * 1024) + " MiB buffer pool)" : "";
    rep.section("Backfill: " + String.format("%,d", rows) + " rows" + sized + ", batch " + BATCH + ", one worker, same database; foreground "
        + FG_THREADS + " threads × " + FG_RATE_PER_THREAD + " ops/s (70% point SELECT, 30% UPDATE by key) through jdbc:shunt:;"
        + " each copy runs " + reps + "× in alternation with the others, between foreground windows of " + (int) window
        + " s with no copy; a copy's baseline is the windows right before and after its runs");
    List<Copy> copies = new ArrayList<>();
    copies.add(new Copy("chunked INSERT … SELECT … ON DUPLICATE KEY UPDATE (same transform, keyset chunks of " + BATCH + ")", null));
    copies.add(new Copy("shunt backfill --batch " + BATCH, new String[0]));
    for (String flags : THROTTLES.split(";")) copies.add(new Copy("shunt backfill --batch " + BATCH + " " + flags.trim(),
        flags.trim().split(" ")));
    String complete;
    try (Foreground fg = new Foreground(env, toggle, rows)) {
      fg.start();
      // the timed runs stop after their window; one untimed run to the end, first, shows the copy
      // complete and warms this JVM for the CLI's code as the INSERT … SELECT loop is warm
      Bench.progress("backfill: one complete, untimed run");
      Timed whole = new Timed(null);
      shuntBackfill(toggle, copies.get(1), whole, 600);
      complete = String.format("%,d rows (old has %,d), %.0f s", env.scalar(Env.DB, "SELECT COUNT(*) FROM bf_users_v2"),
          env.scalar(Env.DB, "SELECT COUNT(*) FROM bf_users"), whole.seconds());
      Thread.sleep(2000); // warm-up, not recorded
      Latencies before = null;
      for (int run = 0; run < reps; run++) {
        for (Copy copy : copies) {
          if (before == null) before = fg.record(window);
          Bench.progress("backfill: " + copy.label + ", run " + (run + 1));
          env.exec(Env.DB, "TRUNCATE TABLE bf_users_v2");
          Timed timed = new Timed(fg);
          if (copy.flags == null) {
            timed.begin();
            insertSelect(env, System.nanoTime() + (long) (window * 1e9));
            timed.end();
          } else {
            shuntBackfill(toggle, copy, timed, window);
          }
          long copied = env.scalar(Env.DB, "SELECT COUNT(*) FROM bf_users_v2");
          double seconds = timed.seconds();
          Latencies during = timed.during;
          Latencies after = fg.record(window);
          copy.rate = Math.max(copy.rate, copied / seconds);
          copy.during.add(during);
          copy.baseline.add(before);
          copy.baseline.add(after);
          before = after;
        }
      }
      fg.stopAll();
      if (fg.failure.get() != null) throw new IllegalStateException("the foreground failed", fg.failure.get());
    }

    double isRate = copies.get(0).rate;
    for (Copy copy : copies) {
      Latencies base = Latencies.merge(copy.baseline);
      Latencies during = Latencies.merge(copy.during);
      double ratio = during.p95Millis() / base.p95Millis();
      String speed = String.format("%,.0f rows/s (best of %d)", copy.rate, reps);
      if (copy.flags != null) speed += String.format(", %.2f× INSERT … SELECT", copy.rate / isRate);
      String fgText = String.format("foreground p95 %.2f ms, %.2f× its baseline of %.2f ms (%d and %d ops, %d deadlocks; during: %s;"
          + " baseline: %s)", during.p95Millis(), ratio, base.p95Millis(), during.count(), base.count(), during.deadlocks.get(),
          during.byKind(), base.byKind());
      boolean recommended = copy.flags != null && String.join(" ", copy.flags).equals(RECOMMENDED);
      if (recommended) {
        rep.check(copy.label, speed + "; " + fgText, "≥ 0.50× INSERT … SELECT while foreground p95 ≤ 1.10× baseline",
            copy.rate >= 0.5 * isRate && ratio <= 1.10);
      } else if (copy.flags != null && copy.flags.length == 0) {
        rep.check(copy.label + " (no throttle: speed)", speed, "≥ 0.50× INSERT … SELECT", copy.rate >= 0.5 * isRate);
        rep.info(copy.label + " (no throttle: foreground)", fgText);
      } else {
        rep.info(copy.label, speed + "; " + fgText);
      }
    }
    rep.info("new table after one complete, untimed shunt backfill (run first)", complete);
  }

  /** SHUNT_BENCH_BACKFILL_ROWS, or null when unset or blank. */
  private static final String ROWS_SET = System.getenv().getOrDefault("SHUNT_BENCH_BACKFILL_ROWS", "").isBlank() ? null
      : System.getenv("SHUNT_BENCH_BACKFILL_ROWS").trim();

  /**
   * Rows to copy: SHUNT_BENCH_BACKFILL_ROWS, else as many as let old and new together fill at most
   * half the server's buffer pool (about 64 bytes a row each), between 200,000 and 2,000,000. An
   * OLTP server is sized so that its working set stays in memory; with tables twice the pool (this
   * machine's MariaDB has the default 128 MiB) the copy evicts the pages the foreground's point
   * reads need, and the figure measures the pool's size, not the backfill.
   */
  static int rows(long bufferPoolBytes, boolean quick) {
    if (ROWS_SET != null) return Integer.parseInt(ROWS_SET);
    if (quick) return 200_000;
    long fit = bufferPoolBytes / 2 / (2 * 64);
    return (int) Math.max(200_000, Math.min(2_000_000, fit / 100_000 * 100_000));
  }

  /** The flags of the throttled run the requirement is checked on. */
  static final String RECOMMENDED = System.getenv().getOrDefault("SHUNT_BENCH_RECOMMENDED", "--nice-ratio 0.3");

  /**
   * The throttled runs, "flag value" separated by ';' (SHUNT_BENCH_THROTTLES overrides): the
   * recommended one, then longer rests, which show what the foreground gains for the speed given up.
   */
  static final String THROTTLES = System.getenv().getOrDefault("SHUNT_BENCH_THROTTLES", RECOMMENDED + ";--nice-ratio 1;--nice-ratio 3");

  /** One way of copying, and what its runs measured. */
  static final class Copy {
    final String label;
    final String[] flags; // null: the INSERT … SELECT reference
    final List<Latencies> during = new ArrayList<>();
    final List<Latencies> baseline = new ArrayList<>();
    double rate;

    Copy(String label, String[] flags) {
      this.label = label;
      this.flags = flags;
    }
  }

  /** A copy's time and the foreground's latencies while it ran. */
  static final class Timed {
    private final Foreground fg;
    private long start;
    private long end;
    volatile Latencies during;

    Timed(Foreground fg) { this.fg = fg; }

    void begin() {
      during = fg == null ? new Latencies() : fg.startRecording();
      start = System.nanoTime();
    }

    void end() {
      end = System.nanoTime();
      during.stop();
    }

    double seconds() { return (end - start) / 1e9; }
  }

  /**
   * One {@code shunt backfill --restart} with the copy's flags, run through the CLI in this JVM, as
   * warm as the {@code INSERT … SELECT} it is measured against (a fresh JVM would spend the first
   * seconds of a short window compiling, on both cores: a cost a real backfill pays once), stopped
   * {@code seconds} after it started unless it finishes first: its workers are interrupted and
   * stop between batches.
   */
  private void shuntBackfill(Path toggle, Copy copy, Timed timed, double seconds) throws Exception {
    List<String> args = new ArrayList<>(List.of("backfill", "--config", toggle.toString(), "--migration", "bf_users", "--batch",
        String.valueOf(BATCH), "--restart"));
    args.addAll(List.of(copy.flags));
    int[] code = {-1};
    Thread runner = new Thread(() -> code[0] = cli(args.toArray(new String[0])), "shunt-bench-backfill");
    runner.setDaemon(true);
    timed.begin();
    runner.start();
    runner.join((long) (seconds * 1000));
    timed.end();
    boolean stopped = runner.isAlive();
    if (stopped) {
      for (Thread th : Thread.getAllStackTraces().keySet()) {
        if (th.getName().startsWith("shunt-backfill-bf_users")) th.interrupt();
      }
      runner.join(30_000);
      if (runner.isAlive()) throw new IllegalStateException("the stopped backfill did not end");
    } else if (code[0] != 0) {
      throw new IllegalStateException("shunt backfill " + String.join(" ", copy.flags) + " exited " + code[0]);
    }
  }

  /** Runs the CLI in this JVM with its output discarded. */
  private static synchronized int cli(String... args) {
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    java.io.PrintStream nul = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    System.setOut(nul);
    System.setErr(nul);
    try {
      return dev.shunt.cli.ShuntCli.run(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** Keyset chunks until the deadline: find the batch's last key, then one server-side upsert of that key range. */
  private static long insertSelect(Env env, long deadlineNanos) throws SQLException {
    long copied = 0;
    try (Connection c = env.raw(Env.DB);
        PreparedStatement bound = c.prepareStatement(
            "SELECT MAX(id), COUNT(*) FROM (SELECT id FROM bf_users WHERE id > ? ORDER BY id LIMIT " + BATCH + ") t");
        PreparedStatement copy = c.prepareStatement(
            "INSERT INTO bf_users_v2 (id, display_name, email, score) SELECT id, name, LOWER(email), score * 10 FROM bf_users"
                + " WHERE id > ? AND id <= ? ON DUPLICATE KEY UPDATE display_name = VALUES(display_name),"
                + " email = VALUES(email), score = VALUES(score)")) {
      long after = Long.MIN_VALUE;
      while (System.nanoTime() < deadlineNanos) {
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
      return copied;
    }
  }

  /** Latencies of one window: all operations, and the UPDATEs among them apart. */
  static final class Latencies {
    private long[] nanos = new long[4096];
    private boolean[] update = new boolean[4096];
    private int n;
    final AtomicLong deadlocks = new AtomicLong();
    volatile boolean open = true;

    synchronized void add(long v, boolean isUpdate) {
      if (!open) return;
      if (n == nanos.length) {
        nanos = Arrays.copyOf(nanos, n * 2);
        update = Arrays.copyOf(update, n * 2);
      }
      update[n] = isUpdate;
      nanos[n++] = v;
    }

    synchronized void stop() { open = false; }

    synchronized int count() { return n; }

    synchronized double p95Millis() { return p95(null); }

    /** p95 of the SELECTs ({@code false}) or the UPDATEs ({@code true}) alone; of all when null. */
    synchronized double p95(Boolean updates) {
      long[] s = new long[n];
      int k = 0;
      for (int i = 0; i < n; i++) if (updates == null || update[i] == updates) s[k++] = nanos[i];
      if (k == 0) return Double.NaN;
      s = Arrays.copyOf(s, k);
      Arrays.sort(s);
      return s[(int) Math.ceil(0.95 * k) - 1] / 1e6;
    }

    /** "p95 SELECT x ms, UPDATE y ms": where the tail comes from. */
    String byKind() { return String.format("SELECT p95 %.2f ms, UPDATE p95 %.2f ms", p95(false), p95(true)); }

    static Latencies merge(List<Latencies> parts) {
      Latencies m = new Latencies();
      for (Latencies x : parts) {
        synchronized (x) {
          for (int i = 0; i < x.n; i++) m.add(x.nanos[i], x.update[i]);
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
              boolean isUpdate = r.nextInt(10) >= 7;
              try {
                if (!isUpdate) {
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
              if (s != null) s.add(took, isUpdate);
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
