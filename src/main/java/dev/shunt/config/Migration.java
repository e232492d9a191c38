package dev.shunt.config;

import dev.shunt.sql.TableRef;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry under {@code migrations:}, validated and immutable. */
public final class Migration {
  private final String name;
  private final TableRef oldTable;
  private final List<String> oldKey;
  private final TableRef newTable;
  private final List<String> newKey;
  private final Map<String, String> columns;
  private final Map<String, String> reverse;
  private final Phase phase; // null when writes/reads are given instead
  private final WriteMode writes;
  private final ReadMode reads;
  private final int readPercent;
  private final CompareSettings compare;
  private final String versionColumn;
  private final SecondaryFailurePolicy onSecondaryFailure;
  private final boolean force;
  private final BreakerSettings breaker;

  Migration(String name, TableRef oldTable, List<String> oldKey, TableRef newTable, List<String> newKey,
      Map<String, String> columns, Map<String, String> reverse, Phase phase, WriteMode writes, ReadMode reads,
      int readPercent, CompareSettings compare, String versionColumn, SecondaryFailurePolicy onSecondaryFailure,
      boolean force, BreakerSettings breaker) {
    this.breaker = breaker;
    this.name = name;
    this.oldTable = oldTable;
    this.oldKey = List.copyOf(oldKey);
    this.newTable = newTable;
    this.newKey = List.copyOf(newKey);
    this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    this.reverse = Collections.unmodifiableMap(new LinkedHashMap<>(reverse));
    this.phase = phase;
    this.writes = writes;
    this.reads = reads;
    this.readPercent = readPercent;
    this.compare = compare;
    this.versionColumn = versionColumn;
    this.onSecondaryFailure = onSecondaryFailure;
    this.force = force;
  }

  public String name() { return name; }
  public TableRef oldTable() { return oldTable; }
  public List<String> oldKey() { return oldKey; }
  public TableRef newTable() { return newTable; }
  public List<String> newKey() { return newKey; }
  /** New column name to SQL expression over old columns, in file order. */
  public Map<String, String> columns() { return columns; }
  /** Old column name to SQL expression over new columns, in file order; empty when not given. */
  public Map<String, String> reverse() { return reverse; }
  /** The named phase, or null when the file gives {@code writes}/{@code reads} instead. */
  public Phase phase() { return phase; }
  public WriteMode writes() { return writes; }
  public ReadMode reads() { return reads; }
  public int readPercent() { return readPercent; }
  public CompareSettings compare() { return compare; }
  public String versionColumn() { return versionColumn; }
  public SecondaryFailurePolicy onSecondaryFailure() { return onSecondaryFailure; }
  public boolean force() { return force; }
  public BreakerSettings breaker() { return breaker; }

  /** True when reads of the old table need routing: anything but old-only reads while old is primary. */
  public boolean readsRouted() { return newIsPrimary() || reads != ReadMode.OLD; }

  /** True when the new table is the authoritative side (new-primary, new-only). */
  public boolean newIsPrimary() { return writes == WriteMode.NEW_PRIMARY || writes == WriteMode.NEW_ONLY; }

  /**
   * The same migration seen from the new side: new is "old" and {@code reverse} is "columns".
   * Copying its images is how old is kept fresh while new is primary.
   */
  public Migration reversed() {
    Migration r = reversed;
    if (r == null) {
      r = new Migration(name, newTable, newKey, oldTable, oldKey, reverse, columns, phase, writes, reads,
          readPercent, compare, versionColumn, onSecondaryFailure, force, breaker);
      r.reversed = this;
      reversed = r;
    }
    return r;
  }

  private volatile Migration reversed; // one instance per snapshot, so caches keyed by identity hit

  /** True when new columns live on the old table itself. */
  public boolean sameTable() { return oldTable.equals(newTable); }

  /** True when statements on the old table need Shunt's attention (any phase but {@code old}). */
  public boolean active() { return writes != WriteMode.OFF || reads != ReadMode.OLD; }

  /** The phase name as {@code status} shows it: the named phase, or {@code writes/reads}. */
  public String phaseLabel() { return phase != null ? phase.wireName() : writes + "/" + reads; }
}
