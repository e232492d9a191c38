package dev.shunt.config;

/**
 * Which writes/reads pairs and which phase moves are safe. A rule broken
 * here is rejected unless the migration says {@code force: true}.
 */
public final class PhaseRules {
  private PhaseRules() {}

  /**
   * Why this pair can serve stale or resurrected rows, or null when it is safe.
   * New is not written under {@code off}, so anything but old reads may serve stale new rows;
   * old is not written under {@code new-only}, so reading or merging it may resurrect deleted rows.
   */
  public static String unsafePair(WriteMode writes, ReadMode reads) {
    if (writes == WriteMode.OFF && (reads == ReadMode.NEW || reads == ReadMode.MERGE || reads == ReadMode.FALLBACK)) {
      return "reads: " + reads + " with writes: off would serve rows from a new side nobody writes";
    }
    if (writes == WriteMode.NEW_ONLY && (reads == ReadMode.OLD || reads == ReadMode.MERGE || reads == ReadMode.FALLBACK)) {
      return "reads: " + reads + " with writes: new-only would serve stale or deleted rows from the old side";
    }
    return null;
  }

  /** Why moving from {@code before} to {@code after} is unsafe, or null when it is a safe move. */
  public static String unsafeMove(Migration before, Migration after) {
    if (before.phase() != null && after.phase() != null) {
      int from = before.phase().ordinal();
      int to = after.phase().ordinal();
      if (before.phase() == Phase.NEW_ONLY && after.phase() == Phase.NEW_PRIMARY) {
        return "moving from new-only back to new-primary needs a repair run first (old missed the writes made in new-only)";
      }
      if (Math.abs(to - from) > 1) {
        return "moving from " + before.phase() + " to " + after.phase() + " skips a phase; move one step at a time";
      }
      return null;
    }
    int from = before.writes().ordinal();
    int to = after.writes().ordinal();
    if (before.writes() == WriteMode.NEW_ONLY && after.writes() == WriteMode.NEW_PRIMARY) {
      return "moving writes from new-only back to new-primary needs a repair run first (old missed the writes made in new-only)";
    }
    if (Math.abs(to - from) > 1) {
      return "moving writes from " + before.writes() + " to " + after.writes() + " skips a step; move one step at a time";
    }
    return null;
  }

  /** Why dropping this migration from the file is unsafe, or null when nothing is mirrored for it. */
  public static String unsafeRemoval(Migration before) {
    if (before.writes() == WriteMode.OFF || before.phase() == Phase.DONE) return null;
    return "migration '" + before.name() + "' was removed while in phase " + before.phaseLabel()
        + "; move it back to old (or forward to done) before removing it";
  }
}
