package dev.shunt.backfill;

import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;

/**
 * Paces the backfill so the application's own statements stay fast: batches shrink when they run
 * long, when they collide with application locks, or when the foreground's p95 latency rises above
 * {@code --max-p95-ms}, and grow back toward {@code --batch} when things are calm. Between batches it
 * rests: a fixed {@code --sleep-ms}, and {@code --nice-ratio} times as long as the batch took, which
 * caps the copy's share of the database's time whatever a batch costs on this server.
 */
final class Throttle {
  static final long TARGET_BATCH_NANOS = 250_000_000L;
  private static final int MIN_BATCH = 10;

  private final int maxBatch;
  private final long sleepMs;
  private final double niceRatio;
  private final double maxP95Ms;
  private final DoubleSupplier foregroundP95Ms;
  private final java.util.function.Supplier<dev.shunt.config.BackfillSettings> settings;
  private final java.util.concurrent.atomic.AtomicLong nextFree = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
  private volatile int batch;

  Throttle(int maxBatch, long sleepMs, double niceRatio, double maxP95Ms, DoubleSupplier foregroundP95Ms) {
    this(maxBatch, sleepMs, niceRatio, maxP95Ms, foregroundP95Ms, () -> dev.shunt.config.BackfillSettings.DEFAULT);
  }

  Throttle(int maxBatch, long sleepMs, double niceRatio, double maxP95Ms, DoubleSupplier foregroundP95Ms,
      java.util.function.Supplier<dev.shunt.config.BackfillSettings> settings) {
    this.settings = settings;
    this.maxBatch = Math.max(1, maxBatch);
    this.sleepMs = sleepMs;
    this.niceRatio = niceRatio;
    this.maxP95Ms = maxP95Ms;
    this.foregroundP95Ms = foregroundP95Ms;
    this.batch = this.maxBatch;
  }

  int batch() { return batch; }

  void succeeded(long nanos) {
    int b = batch;
    if (nanos > 2 * TARGET_BATCH_NANOS) batch = Math.max(Math.min(MIN_BATCH, maxBatch), b / 2);
    else if (nanos < TARGET_BATCH_NANOS / 2) batch = Math.min(maxBatch, Math.max(b + 1, b * 3 / 2));
  }

  /** A batch lost to a deadlock or lock wait: retry it smaller. */
  void collided() { batch = Math.max(Math.min(MIN_BATCH, maxBatch), batch / 2); }

  /**
   * Waits between batches: the fixed pause, the nice ratio's share of {@code batchNanos} (what the
   * batch just done took; 0 after a failed one), then as long as the foreground is over its limit.
   */
  void pause(long batchNanos) throws InterruptedException {
    if (sleepMs > 0) Thread.sleep(sleepMs);
    if (niceRatio > 0 && batchNanos > 0) rest((long) (batchNanos * niceRatio));
    if (maxP95Ms <= 0) return;
    long backoff = 50;
    while (foregroundP95Ms.getAsDouble() > maxP95Ms) {
      collided();
      Thread.sleep(backoff);
      backoff = Math.min(2000, backoff * 2);
    }
  }

  /**
   * Waits while the toggle file says {@code backfill: { pause: true }}, looking again every 100 ms
   * (the file itself is re-read within its reload_ms). Called between batches, holding no lock.
   */
  void awaitTurn() throws InterruptedException {
    while (settings.get().pause()) rest(100_000_000L);
  }

  /**
   * Keeps the whole process under {@code backfill.max_rows_per_s}: each batch of {@code rows}
   * takes its share of a shared time line, and the worker waits for the end of its share.
   */
  void capped(long rows) throws InterruptedException {
    long cap = settings.get().maxRowsPerSecond();
    if (cap <= 0 || rows <= 0) return;
    long share = rows * 1_000_000_000L / cap;
    long now = System.nanoTime();
    long until = nextFree.updateAndGet(free -> Math.max(free, now) + share);
    if (until > now) rest(until - now);
  }

  /** Sleeps {@code nanos} precisely: {@code Thread.sleep(ms, ns)} rounds to whole milliseconds. */
  private static void rest(long nanos) throws InterruptedException {
    long until = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.interrupted()) throw new InterruptedException();
    }
  }
}
