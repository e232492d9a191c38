package dev.shunt.config;

/**
 * {@code breaker: { failures, timeout_ms, open_ms }}: when to stop reading the secondary. A read
 * that fails or takes longer than {@code timeout_ms} is a failure; {@code failures} of them among
 * the recent reads open the breaker for {@code open_ms}, after which one trial read decides.
 */
public final class BreakerSettings {
  public static final BreakerSettings DEFAULT = new BreakerSettings(5, 500, 5000);

  private final int failures;
  private final long timeoutMs;
  private final long openMs;

  public BreakerSettings(int failures, long timeoutMs, long openMs) {
    this.failures = failures;
    this.timeoutMs = timeoutMs;
    this.openMs = openMs;
  }

  public int failures() { return failures; }
  public long timeoutMs() { return timeoutMs; }
  public long openMs() { return openMs; }
}
