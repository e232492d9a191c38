package dev.shunt.read;

import dev.shunt.config.BreakerSettings;
import dev.shunt.metrics.MigrationCounters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of one migration's secondary reads. Closed: reads go to the
 * secondary and the outcome of the last {@link #WINDOW} is remembered. When {@code failures} of
 * them failed (an error or a read slower than {@code timeout_ms}) it opens: reads stay on the
 * primary for {@code open_ms}. Then it is half-open: one trial read is let through, and its
 * outcome closes or re-opens it.
 */
public final class ReadBreaker {
  static final int WINDOW = 20;
  private static final Map<String, ReadBreaker> BY_MIGRATION = new ConcurrentHashMap<>();

  private enum State { CLOSED, OPEN, HALF_OPEN }

  private final MigrationCounters counters;
  private final LongSupplier clock;
  private final boolean[] failed = new boolean[WINDOW];
  private int next;
  private int failuresInWindow;
  private State state = State.CLOSED;
  private long openedAt;
  private boolean trialOut;

  ReadBreaker(MigrationCounters counters, LongSupplier clockMillis) {
    this.counters = counters;
    this.clock = clockMillis;
  }

  /** The process-wide breaker of migration {@code name}. */
  public static ReadBreaker of(String name, MigrationCounters counters) {
    return BY_MIGRATION.computeIfAbsent(name, n -> new ReadBreaker(counters, System::currentTimeMillis));
  }

  /** True when a read may go to the secondary now; a true answer must be followed by {@link #record}. */
  public synchronized boolean allow(BreakerSettings s) {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (clock.getAsLong() - openedAt < s.openMs()) return false;
        state = State.HALF_OPEN;
        counters.breakerState("half-open", false);
        trialOut = true;
        return true;
      default: // HALF_OPEN: one trial at a time
        if (trialOut) return false;
        trialOut = true;
        return true;
    }
  }

  /** True while open and not yet due for a trial: reads stay on the primary. Takes no trial. */
  public synchronized boolean isOpen(BreakerSettings s) {
    return state == State.OPEN && clock.getAsLong() - openedAt < s.openMs() || state == State.HALF_OPEN && trialOut;
  }

  /** A read {@link #allow} let through did not happen after all: a trial may go out again. */
  public synchronized void cancel() {
    if (state == State.HALF_OPEN) trialOut = false;
  }

  /** The outcome of a read {@link #allow} let through. */
  public synchronized void record(BreakerSettings s, boolean success) {
    if (state == State.HALF_OPEN) {
      trialOut = false;
      if (success) close();
      else open();
      return;
    }
    if (state == State.OPEN) return; // a read let through before it opened
    if (failed[next]) failuresInWindow--;
    failed[next] = !success;
    if (!success) failuresInWindow++;
    next = (next + 1) % WINDOW;
    if (failuresInWindow >= Math.min(s.failures(), WINDOW)) open();
  }

  private void open() {
    state = State.OPEN;
    openedAt = clock.getAsLong();
    counters.breakerState("open", true);
  }

  private void close() {
    state = State.CLOSED;
    java.util.Arrays.fill(failed, false);
    failuresInWindow = 0;
    next = 0;
    counters.breakerState("closed", false);
  }
}
