package dev.shunt.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.BreakerSettings;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The read breaker's states, on a clock the test moves. */
class ReadBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final MigrationCounters counters = ShuntMetrics.process().migration("breaker-unit-" + System.nanoTime());
  private final ReadBreaker breaker = new ReadBreaker(counters, now::get);
  private final BreakerSettings settings = new BreakerSettings(3, 100, 500);

  @Test void opensAfterEnoughFailuresAmongRecentReads() {
    for (int i = 0; i < 10; i++) {
      assertTrue(breaker.allow(settings));
      breaker.record(settings, true);
    }
    for (int i = 0; i < 2; i++) {
      assertTrue(breaker.allow(settings));
      breaker.record(settings, false);
    }
    assertEquals("closed", counters.breakerState());
    assertTrue(breaker.allow(settings));
    breaker.record(settings, false);
    assertEquals("open", counters.breakerState());
    assertEquals(1, counters.breakerOpened());
    assertFalse(breaker.allow(settings));
    assertTrue(breaker.isOpen(settings));
  }

  @Test void oldFailuresLeaveTheWindow() {
    for (int round = 0; round < 5; round++) {
      assertTrue(breaker.allow(settings));
      breaker.record(settings, false);
      for (int i = 0; i < ReadBreaker.WINDOW; i++) {
        assertTrue(breaker.allow(settings));
        breaker.record(settings, true);
      }
    }
    assertEquals("closed", counters.breakerState());
  }

  @Test void oneTrialAfterTheOpenPeriodClosesOrReopens() {
    open();
    now.addAndGet(499);
    assertFalse(breaker.allow(settings));
    now.addAndGet(1);
    assertTrue(breaker.allow(settings), "the trial");
    assertEquals("half-open", counters.breakerState());
    assertFalse(breaker.allow(settings), "one trial at a time");
    breaker.record(settings, false);
    assertEquals("open", counters.breakerState());
    assertEquals(2, counters.breakerOpened());
    now.addAndGet(500);
    assertTrue(breaker.allow(settings));
    breaker.cancel();
    assertTrue(breaker.allow(settings), "a cancelled trial may go out again");
    breaker.record(settings, true);
    assertEquals("closed", counters.breakerState());
    assertTrue(breaker.allow(settings));
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.allow(settings);
      breaker.record(settings, false);
    }
    assertEquals("open", counters.breakerState());
  }
}
