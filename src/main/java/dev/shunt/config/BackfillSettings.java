package dev.shunt.config;

/**
 * The toggle file's {@code backfill:} section: what every running backfill obeys within
 * {@code reload_ms} of a change, so an operator can pause, resume and cap a copy without
 * restarting it.
 */
public final class BackfillSettings {
  public static final BackfillSettings DEFAULT = new BackfillSettings(false, 0);

  private final boolean pause;
  private final long maxRowsPerSecond;

  public BackfillSettings(boolean pause, long maxRowsPerSecond) {
    this.pause = pause;
    this.maxRowsPerSecond = maxRowsPerSecond;
  }

  /** True: every worker stops between batches and waits until it is false again. */
  public boolean pause() { return pause; }

  /** Rows per second the whole backfill process may copy; 0 for no cap. */
  public long maxRowsPerSecond() { return maxRowsPerSecond; }

  @Override public String toString() {
    return pause ? "paused" : maxRowsPerSecond > 0 ? "capped at " + maxRowsPerSecond + " rows/s" : "running";
  }
}
