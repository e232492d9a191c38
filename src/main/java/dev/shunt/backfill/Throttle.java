package dev.shunt.backfill;

import java.util.function.LongSupplier;

/**
 * Paces the backfill so the application's own statements stay fast: batches shrink when they run
 * long, when they collide with application locks, or when the foreground's p95 latency rises above
 * {@code --max-p95-ms}, and grow back toward {@code --batch} when things are calm.
 */
final class Throttle {
  static final long TARGET_BATCH_NANOS = 250_000_000L;
  private static final int MIN_BATCH = 10;

  private final int maxBatch;
  private final long sleepMs;
  private final long maxP95Ms;
  private final LongSupplier foregroundP95Ms;
  private volatile int batch;

  Throttle(int maxBatch, long sleepMs, long maxP95Ms, LongSupplier foregroundP95Ms) {
    this.maxBatch = Math.max(1, maxBatch);
    this.sleepMs = sleepMs;
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

  /** Waits between batches: the fixed pause, then as long as the foreground is over its limit. */
  void pause() throws InterruptedException {
    if (sleepMs > 0) Thread.sleep(sleepMs);
    if (maxP95Ms <= 0) return;
    long backoff = 50;
    while (foregroundP95Ms.getAsLong() > maxP95Ms) {
      collided();
      Thread.sleep(backoff);
      backoff = Math.min(2000, backoff * 2);
    }
  }
}
