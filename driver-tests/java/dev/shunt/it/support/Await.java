package dev.shunt.it.support;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits on a condition with a deadline; never a fixed sleep. */
public final class Await {
  private Await() {}

  public static void until(String what, Duration timeout, Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Boolean.TRUE.equals(condition.call())) return;
      if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
