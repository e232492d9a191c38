package dev.shunt.metrics;

import java.util.concurrent.atomic.LongAdder;

/** What happened to one migration in this process. */
public final class MigrationCounters {
  private final String migration;
  private final LongAdder unparsedStatements = new LongAdder();
  private final LongAdder unmirroredWrites = new LongAdder();
  private final LongAdder keysMirrored = new LongAdder();
  private final LongAdder secondaryFailures = new LongAdder();

  MigrationCounters(String migration) { this.migration = migration; }

  public String migration() { return migration; }

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
