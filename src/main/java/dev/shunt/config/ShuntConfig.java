package dev.shunt.config;

import dev.shunt.sql.TableNameScanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One validated toggle file: an immutable snapshot. A reload builds a new one and swaps it in
 * whole; a transaction keeps the snapshot it started with.
 */
public final class ShuntConfig {
  private final Path source;
  private final long version;
  private final String contentHash;
  private final DatabaseSettings oldDatabase;
  private final DatabaseSettings newDatabase; // null: new tables live in the old database
  private final long reloadMs;
  private final boolean strict;
  private final boolean logValues;
  private final Map<String, Migration> migrations;
  private final BackfillSettings backfill;
  private final String stateSchema;
  private final List<Migration> activeMigrations;
  private final TableNameScanner scanner;
  private final TableNameScanner anyMigratedTable;

  ShuntConfig(Path source, long version, String contentHash, DatabaseSettings oldDatabase,
      DatabaseSettings newDatabase, long reloadMs, boolean strict, boolean logValues,
      Map<String, Migration> migrations, BackfillSettings backfill, String stateSchema) {
    this.source = source;
    this.backfill = backfill;
    this.stateSchema = stateSchema;
    this.version = version;
    this.contentHash = contentHash;
    this.oldDatabase = oldDatabase;
    this.newDatabase = newDatabase;
    this.reloadMs = reloadMs;
    this.strict = strict;
    this.logValues = logValues;
    this.migrations = Collections.unmodifiableMap(new LinkedHashMap<>(migrations));
    List<Migration> active = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Migration m : migrations.values()) {
      if (m.active()) {
        active.add(m);
        names.add(m.oldTable().nameKey());
      }
    }
    this.activeMigrations = List.copyOf(active);
    this.scanner = new TableNameScanner(names);
    List<String> all = new ArrayList<>();
    for (Migration m : migrations.values()) all.add(m.oldTable().nameKey());
    this.anyMigratedTable = new TableNameScanner(all);
  }

  /** A copy with another version number; the reloader numbers snapshots as it accepts them. */
  ShuntConfig withVersion(long newVersion) {
    return new ShuntConfig(source, newVersion, contentHash, oldDatabase, newDatabase, reloadMs, strict, logValues, migrations, backfill, stateSchema);
  }

  public Path source() { return source; }
  /** Increases by one with every accepted reload of the same file, starting at 1. */
  public long version() { return version; }
  /** SHA-256 of the file's bytes, so that two hosts can tell whether they loaded the same file. */
  public String contentHash() { return contentHash; }
  public DatabaseSettings oldDatabase() { return oldDatabase; }
  public DatabaseSettings newDatabase() { return newDatabase; }
  public long reloadMs() { return reloadMs; }
  /** The {@code backfill:} section: pause and rate cap for running backfills. */
  public BackfillSettings backfill() { return backfill; }
  /** Where Shunt keeps its own tables: {@code state.schema}, default {@code shunt}. */
  public dev.shunt.ops.StateTables state() { return dev.shunt.ops.StateTables.in(stateSchema); }
  public boolean strict() { return strict; }
  public boolean logValues() { return logValues; }
  public Map<String, Migration> migrations() { return migrations; }

  /** Migrations in any phase but {@code old}: the only ones a statement can need Shunt for. */
  public List<Migration> activeMigrations() { return activeMigrations; }

  /** False when no migration is active: then Shunt looks at no statement at all. */
  public boolean hasActiveMigrations() { return !activeMigrations.isEmpty(); }

  /**
   * The text scan for the old table of any migration, phase {@code old} included: a prepared
   * statement that names one records its parameters, in case the phase moves before it runs.
   */
  public TableNameScanner anyMigratedTable() { return anyMigratedTable; }

  /** The cheap text scan for the old-table names of the active migrations. */
  public TableNameScanner scanner() { return scanner; }
}
