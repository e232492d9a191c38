package dev.shunt.write;

import dev.shunt.sql.IndexedSql;
import java.util.List;

/**
 * How to learn which keys of one migrated table one application statement touches:
 * from the inserted rows' values, from generated keys, or by a
 * locking pre-select with the statement's own predicate.
 */
final class MirrorPlan {
  private final String unmirrorable; // why the keys cannot be known, or null
  private final List<KeySource[]> insertedRows; // INSERT … VALUES: one array of key sources per row
  private final boolean generatedKeys; // INSERT whose keys the database generates
  private final List<String> conflictColumns; // upserts: the inserted columns…
  private final List<KeySource[]> conflictRows; // …and their values per row (null where not evaluable)
  private final IndexedSql preselect; // UPDATE / DELETE / INSERT … SELECT: the keys, read first
  private final boolean touchesExactlyPreselected; // UPDATE / DELETE: its row count equals the pre-select's
  private IndexedSql candidates; // MERGE: the keys its insert branch may create, read before it
  private Presence presence = Presence.UNKNOWN;

  /** What the primary holds for the captured keys once the statement ran. */
  enum Presence {
    /** a plain INSERT or an UPDATE that keeps the key: every key has its row */
    ROWS,
    /** a DELETE: no key has a row */
    NO_ROWS,
    /** anything else (upserts, INSERT IGNORE, key changes, MERGE): look */
    UNKNOWN
  }

  /** This plan, recording what the primary holds for its keys afterwards. */
  MirrorPlan with(Presence p) {
    if (unmirrorable == null && this != NOTHING) presence = p;
    return this;
  }

  Presence presence() { return presence; }

  private MirrorPlan(String unmirrorable, List<KeySource[]> insertedRows, boolean generatedKeys,
      List<String> conflictColumns, List<KeySource[]> conflictRows, IndexedSql preselect, boolean exact) {
    this.unmirrorable = unmirrorable;
    this.insertedRows = insertedRows;
    this.generatedKeys = generatedKeys;
    this.conflictColumns = conflictColumns;
    this.conflictRows = conflictRows;
    this.preselect = preselect;
    this.touchesExactlyPreselected = exact;
  }

  /** An execution that does not write this migration's table. */
  static final MirrorPlan NOTHING = new MirrorPlan(null, List.of(), false, List.of(), List.of(), null, false);

  static MirrorPlan unmirrorable(String why) {
    return new MirrorPlan(why, List.of(), false, List.of(), List.of(), null, false);
  }

  static MirrorPlan inserted(List<KeySource[]> keys, boolean generatedKeys, List<String> conflictColumns,
      List<KeySource[]> conflictRows, IndexedSql preselect) {
    return new MirrorPlan(null, keys, generatedKeys, conflictColumns, conflictRows, preselect, false);
  }

  /** INSERT … SELECT: it inserts at most the rows its pre-select found; more means a phantom. */
  static MirrorPlan insertSelect(IndexedSql sql) {
    return new MirrorPlan(null, List.of(), false, List.of(), List.of(), sql, true);
  }

  /** MERGE: the matched target rows, locked; and the keys its insert branch may create. */
  static MirrorPlan merge(IndexedSql matched, IndexedSql candidates) {
    MirrorPlan p = new MirrorPlan(null, List.of(), false, List.of(), List.of(), matched, false);
    p.candidates = candidates;
    return p;
  }

  /** Keys a MERGE may insert, or null. */
  IndexedSql candidates() { return candidates; }

  /** An UPDATE that sets the key to known values: the old keys locked first, the new key as given. */
  static MirrorPlan keyChange(IndexedSql preselect, KeySource[] newKey) {
    return new MirrorPlan(null, List.<KeySource[]>of(newKey), false, List.of(), List.of(), preselect, true);
  }

  /** UPDATE / DELETE: the rows it touches are the ones the locking pre-select returned. */
  static MirrorPlan preselect(IndexedSql sql) {
    return new MirrorPlan(null, List.of(), false, List.of(), List.of(), sql, true);
  }

  /**
   * True when the statement's update count must equal the pre-select's row count; more rows mean
   * a phantom (a row another transaction committed in between, which READ COMMITTED lets the
   * statement see without a lock).
   */
  boolean touchesExactlyPreselected() { return touchesExactlyPreselected; }

  /** True when capturing keys needs the application's bound parameters. */
  boolean usesParameters() {
    if (preselect != null && preselect.parameterCount() > 0) return true;
    if (candidates != null && candidates.parameterCount() > 0) return true;
    for (KeySource[] row : insertedRows) for (KeySource k : row) if (k.isParameter()) return true;
    for (KeySource[] row : conflictRows) for (KeySource k : row) if (k != null && k.isParameter()) return true;
    return false;
  }

  /** Why Shunt cannot mirror the statement, or null when it can. */
  String unmirrorable() { return unmirrorable; }
  List<KeySource[]> insertedRows() { return insertedRows; }
  boolean needsGeneratedKeys() { return generatedKeys; }
  IndexedSql preselect() { return preselect; }
  /** For an upsert, the inserted columns; empty otherwise. */
  List<String> conflictColumns() { return conflictColumns; }
  /** For an upsert, each row's value sources, aligned with {@link #conflictColumns()}. */
  List<KeySource[]> conflictRows() { return conflictRows; }
}
