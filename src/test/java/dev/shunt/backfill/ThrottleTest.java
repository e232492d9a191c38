package dev.shunt.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottleTest {
  @Test
  void longBatchesShrinkAndShortOnesGrowBackToTheLimit() {
    Throttle t = new Throttle(1000, 0, 0, 0, () -> 0);
    t.succeeded(3 * Throttle.TARGET_BATCH_NANOS);
    assertEquals(500, t.batch());
    t.collided();
    assertEquals(250, t.batch());
    for (int i = 0; i < 20; i++) t.succeeded(Throttle.TARGET_BATCH_NANOS / 10);
    assertEquals(1000, t.batch(), "never above --batch");
  }

  @Test
  void waitsWhileTheForegroundIsOverItsLimitAndShrinksMeanwhile() throws InterruptedException {
    AtomicInteger probes = new AtomicInteger();
    // over the limit for the first three probes, then calm
    Throttle t = new Throttle(800, 0, 0, 20, () -> probes.incrementAndGet() <= 3 ? 50 : 5);
    t.pause(0);
    assertEquals(4, probes.get());
    assertTrue(t.batch() <= 100, "shrunk while the foreground suffered: " + t.batch());
  }

  @Test
  void noLimitMeansNoProbe() throws InterruptedException {
    Throttle t = new Throttle(800, 0, 0, 0, () -> {
      throw new AssertionError("probed without --max-p95-ms");
    });
    t.pause(0);
    assertEquals(800, t.batch());
  }

  @Test
  void theNiceRatioRestsInProportionToTheBatchJustDone() throws InterruptedException {
    Throttle t = new Throttle(800, 0, 0.5, 0, () -> 0);
    long batch = 40_000_000L; // a batch of 40 ms: rest at least 20 ms
    long start = System.nanoTime();
    t.pause(batch);
    long rested = System.nanoTime() - start;
    assertTrue(rested >= batch / 2, "rested " + rested + " ns");
    long start2 = System.nanoTime();
    t.pause(0); // after a failed batch: no rest owed
    assertTrue(System.nanoTime() - start2 < batch / 2, "no rest after a failed batch");
  }
}
