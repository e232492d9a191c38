package dev.shunt.write;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a secondary database is worth trying. After a failure, writers skip it for a short,
 * growing back-off and queue their keys straight away, so a secondary that is down costs the
 * application one failed attempt, not a connect time-out per statement. Shared per URL.
 */
public final class SecondaryHealth {
  private static final Map<String, SecondaryHealth> BY_URL = new ConcurrentHashMap<>();
  private static final long FIRST_BACKOFF_MS = 250;
  private static final long MAX_BACKOFF_MS = 5_000;

  private volatile long downUntil;
  private volatile long backoffMs = FIRST_BACKOFF_MS;
  private final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();

  public static SecondaryHealth of(String url) { return BY_URL.computeIfAbsent(url, u -> new SecondaryHealth()); }

  public boolean worthTrying() { return System.currentTimeMillis() >= downUntil; }

  public void failed() {
    downUntil = System.currentTimeMillis() + backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
  }

  /** Returns true when this ends an outage (the caller logs the recovery once). */
  public boolean succeeded() {
    backoffMs = FIRST_BACKOFF_MS;
    downUntil = 0;
    return failing.compareAndSet(true, false);
  }

  /** True for the first failure of an outage, so that it is logged once, not per statement. */
  public boolean reportFailure() { return failing.compareAndSet(false, true); }
}
