package dev.shunt.metrics;

import dev.shunt.config.ReadMode;
import dev.shunt.ops.BackfillProgress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** What happened to one migration in this process. */
public final class MigrationCounters {
  private final String migration;
  private final LongAdder unparsedStatements = new LongAdder();
  private final LongAdder unmirroredWrites = new LongAdder();
  private final LongAdder keysMirrored = new LongAdder();
  private final LongAdder secondaryFailures = new LongAdder();

  private final LongAdder[] reads = new LongAdder[ReadMode.values().length];
  private final LongAdder readsPrimaryOnly = new LongAdder();
  private final LongAdder secondaryReadFailures = new LongAdder();
  private final LongAdder compareSamples = new LongAdder();
  private final LongAdder comparesDone = new LongAdder();
  private final LongAdder compareAgreed = new LongAdder();
  private final LongAdder transientMismatches = new LongAdder();
  private final LongAdder confirmedMismatches = new LongAdder();
  private final LongAdder droppedCompares = new LongAdder();
  private final LongAdder breakerOpened = new LongAdder();
  private volatile String breakerState = "closed";
  private final Deque<String> recentMismatches = new ArrayDeque<>();
  // gauges that need a database query: refreshed by the fleet heartbeat's thread, never on a getter
  private volatile long repairQueueDepth = -1;
  private volatile BackfillProgress backfill;
  private volatile boolean backfillKnown;

  MigrationCounters(String migration) {
    this.migration = migration;
    for (int i = 0; i < reads.length; i++) reads[i] = new LongAdder();
  }

  // ---- reads ----

  /** A read of the migrated table was routed in {@code mode}. */
  public void read(ReadMode mode) { reads[mode.ordinal()].increment(); }
  /** Reads of the migrated table routed in {@code mode}. */
  public long reads(ReadMode mode) { return reads[mode.ordinal()].sum(); }

  public void readPrimaryOnly() { readsPrimaryOnly.increment(); }
  /** Reads served by the primary alone: outside read_percent, breaker open, or a query that cannot be routed. */
  public long readsPrimaryOnly() { return readsPrimaryOnly.sum(); }

  public void secondaryReadFailure() { secondaryReadFailures.increment(); }
  /** Reads of the secondary that failed or ran past the breaker's timeout. */
  public long secondaryReadFailures() { return secondaryReadFailures.sum(); }

  public void compareSample() { compareSamples.increment(); }
  public void compareDone() { comparesDone.increment(); }
  public void agreed() { compareAgreed.increment(); }
  public void transientMismatch() { transientMismatches.increment(); }
  public void droppedCompare() { droppedCompares.increment(); }

  /** A confirmed difference: {@code report} names the key and columns (values only with log_values). */
  public void confirmedMismatch(String report) {
    confirmedMismatches.increment();
    synchronized (recentMismatches) {
      if (recentMismatches.size() == 20) recentMismatches.removeFirst();
      recentMismatches.addLast(report);
    }
  }

  /** Compares started (sampled reads whose secondary read was queued). */
  public long compareSamples() { return compareSamples.sum(); }
  /** Compares finished, whatever their outcome. */
  public long comparesDone() { return comparesDone.sum(); }
  public long compareAgreed() { return compareAgreed.sum(); }
  /** Differences gone when read again after confirm_ms: races, not mismatches. */
  public long transientMismatches() { return transientMismatches.sum(); }
  public long confirmedMismatches() { return confirmedMismatches.sum(); }
  /** Compares dropped because the background queue was full. */
  public long droppedCompares() { return droppedCompares.sum(); }

  /** The last few confirmed mismatches, oldest first. */
  public List<String> recentMismatches() {
    synchronized (recentMismatches) {
      return new ArrayList<>(recentMismatches);
    }
  }

  public void breakerState(String state, boolean opened) {
    breakerState = state;
    if (opened) breakerOpened.increment();
  }
  /** closed, open or half-open. */
  public String breakerState() { return breakerState; }
  /** Times the read breaker opened. */
  public long breakerOpened() { return breakerOpened.sum(); }

  public String migration() { return migration; }

  // ---- read from the database in the background (fleet heartbeat) ----

  /** Keys of this migration in the repair queue table, as last read; -1 until first read. */
  public long repairQueueDepth() { return repairQueueDepth; }
  public void repairQueueDepth(long depth) { repairQueueDepth = depth; }

  /** The backfill's recorded progress as last read; null when none has started or it was not read yet. */
  public BackfillProgress backfill() { return backfill; }
  /** True once the backfill's progress has been read at least once. */
  public boolean backfillKnown() { return backfillKnown; }
  public void backfill(BackfillProgress progress) {
    backfill = progress;
    backfillKnown = true;
  }

  /** Back to unknown: nothing refreshes the database gauges any more (the migration's last file closed). */
  public void forgetDatabaseGauges() {
    repairQueueDepth = -1;
    backfill = null;
    backfillKnown = false;
  }

  /** A statement naming the table passed through unmirrored; {@code mayWrite} marks the table. */
  public void unparsedStatement(boolean mayWrite) {
    unparsedStatements.increment();
    if (mayWrite) unmirroredWrites.increment();
  }

  public void mirrored(int keys) { keysMirrored.add(keys); }

  public void secondaryFailure() { secondaryFailures.increment(); }

  /** Keys copied to the secondary. */
  public long keysMirrored() { return keysMirrored.sum(); }

  /** Copies to the secondary that failed (their keys went to the repair queue, or the statement failed). */
  public long secondaryFailures() { return secondaryFailures.sum(); }

  public long unparsedStatements() { return unparsedStatements.sum(); }

  /** Statements that may have written the table without a mirror: non-zero means run verify. */
  public long unmirroredWrites() { return unmirroredWrites.sum(); }
}
