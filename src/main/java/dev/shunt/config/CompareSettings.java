package dev.shunt.config;

/** {@code compare: { sample, confirm_ms }}: share of reads compared and the re-read delay. */
public final class CompareSettings {
  public static final CompareSettings DEFAULT = new CompareSettings(1.0, 200);

  private final double sample;
  private final long confirmMs;

  public CompareSettings(double sample, long confirmMs) {
    this.sample = sample;
    this.confirmMs = confirmMs;
  }

  public double sample() { return sample; }
  public long confirmMs() { return confirmMs; }
}
