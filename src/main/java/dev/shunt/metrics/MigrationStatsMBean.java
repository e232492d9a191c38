package dev.shunt.metrics;

/**
 * One migration of this process, as JMX shows it: ObjectName {@code dev.shunt:type=Migration,name=<migration>}.
 * Counters are cumulative since the process started; every getter reads memory only.
 */
public interface MigrationStatsMBean {
  String getName();
  /** The phase in force (or {@code writes/reads} when the file sets the two lines instead). */
  String getPhase();

  // writes
  long getKeysMirrored();
  long getSecondaryFailures();
  long getUnparsedStatements();
  long getUnmirroredWrites();
  /** Keys of this migration in {@code shunt_repair_queue}, refreshed every few seconds; -1 until first read. */
  long getRepairQueueDepth();

  // reads
  long getReadsOld();
  long getReadsCompare();
  long getReadsFallback();
  long getReadsMerge();
  long getReadsNew();
  long getReadsPrimaryOnly();
  long getSecondaryReadFailures();
  long getCompareSamples();
  long getComparesDone();
  long getCompareAgreed();
  long getTransientMismatches();
  long getConfirmedMismatches();
  long getDroppedCompares();
  String[] getRecentMismatches();
  /** closed, open or half-open. */
  String getBreakerState();
  long getBreakerOpened();

  // backfill, refreshed every few seconds from the old database
  /** not started, running or finished; unknown until first read. */
  String getBackfillState();
  long getBackfillRowsCopied();
  long getBackfillPlannedRows();
  int getBackfillChunksDone();
  int getBackfillChunks();

  // the toggle file declaring this migration
  String getConfigFile();
  long getConfigVersion();
  /** The error of the last rejected reload, or null while the file's content is in force. */
  String getConfigLastError();
}
