package dev.shunt.metrics;

import dev.shunt.config.ConfigException;
import dev.shunt.config.ConfigHandle;
import dev.shunt.config.Migration;
import dev.shunt.config.ReadMode;
import dev.shunt.config.ShuntConfig;
import dev.shunt.ops.BackfillProgress;

/** The JMX and Micrometer view of one migration: its counters and the toggle file that declares it. */
public final class MigrationStats implements MigrationStatsMBean {
  private final String name;
  private final MigrationCounters counters;
  private volatile ConfigHandle handle;

  MigrationStats(String name, MigrationCounters counters, ConfigHandle handle) {
    this.name = name;
    this.counters = counters;
    this.handle = handle;
  }

  ConfigHandle handle() { return handle; }
  void handle(ConfigHandle h) { handle = h; }
  public MigrationCounters counters() { return counters; }

  @Override public String getName() { return name; }

  @Override public String getPhase() {
    ShuntConfig c = handle.current();
    Migration m = c == null ? null : c.migrations().get(name);
    return m == null ? null : m.phaseLabel();
  }

  @Override public long getKeysMirrored() { return counters.keysMirrored(); }
  @Override public long getSecondaryFailures() { return counters.secondaryFailures(); }
  @Override public long getUnparsedStatements() { return counters.unparsedStatements(); }
  @Override public long getUnmirroredWrites() { return counters.unmirroredWrites(); }
  @Override public long getRepairQueueDepth() { return counters.repairQueueDepth(); }

  @Override public long getReadsOld() { return counters.reads(ReadMode.OLD); }
  @Override public long getReadsCompare() { return counters.reads(ReadMode.COMPARE); }
  @Override public long getReadsFallback() { return counters.reads(ReadMode.FALLBACK); }
  @Override public long getReadsMerge() { return counters.reads(ReadMode.MERGE); }
  @Override public long getReadsNew() { return counters.reads(ReadMode.NEW); }
  @Override public long getReadsPrimaryOnly() { return counters.readsPrimaryOnly(); }
  @Override public long getSecondaryReadFailures() { return counters.secondaryReadFailures(); }
  @Override public long getCompareSamples() { return counters.compareSamples(); }
  @Override public long getComparesDone() { return counters.comparesDone(); }
  @Override public long getCompareAgreed() { return counters.compareAgreed(); }
  @Override public long getTransientMismatches() { return counters.transientMismatches(); }
  @Override public long getConfirmedMismatches() { return counters.confirmedMismatches(); }
  @Override public long getDroppedCompares() { return counters.droppedCompares(); }
  @Override public String[] getRecentMismatches() { return counters.recentMismatches().toArray(new String[0]); }
  @Override public String getBreakerState() { return counters.breakerState(); }
  @Override public long getBreakerOpened() { return counters.breakerOpened(); }

  @Override public String getBackfillState() {
    if (!counters.backfillKnown()) return "unknown";
    BackfillProgress b = counters.backfill();
    if (b == null) return "not started";
    return b.finished ? "finished" : "running";
  }
  @Override public long getBackfillRowsCopied() {
    BackfillProgress b = counters.backfill();
    return b == null ? 0 : b.rowsCopied;
  }
  @Override public long getBackfillPlannedRows() {
    BackfillProgress b = counters.backfill();
    return b == null ? 0 : b.plannedRows;
  }
  @Override public int getBackfillChunksDone() {
    BackfillProgress b = counters.backfill();
    return b == null ? 0 : b.chunksDone;
  }
  @Override public int getBackfillChunks() {
    BackfillProgress b = counters.backfill();
    return b == null ? 0 : b.chunks;
  }

  @Override public String getConfigFile() { return handle.path().toString(); }
  @Override public long getConfigVersion() {
    ShuntConfig c = handle.current();
    return c == null ? -1 : c.version();
  }
  @Override public String getConfigLastError() {
    ConfigException e = handle.lastError();
    return e == null ? null : e.getMessage();
  }

  /** 1 while the read breaker is open or half-open (reads go to the primary only), else 0. */
  public double breakerOpenGauge() { return "closed".equals(counters.breakerState()) ? 0 : 1; }
  /** Keys in the repair queue, NaN until first read. */
  public double repairQueueGauge() {
    long d = counters.repairQueueDepth();
    return d < 0 ? Double.NaN : d;
  }
  /** 1 while the toggle file's last reload was rejected, else 0. */
  public double configErrorGauge() { return handle.lastError() == null ? 0 : 1; }
  /** 1 once the backfill finished, else 0. */
  public double backfillFinishedGauge() {
    BackfillProgress b = counters.backfill();
    return b != null && b.finished ? 1 : 0;
  }
}
