package dev.shunt.log;

import dev.shunt.config.Migration;
import java.util.Collection;

/**
 * Puts {@code shunt.migration} and {@code shunt.phase} in the SLF4J MDC while Shunt works on a
 * migrated table, and restores whatever the thread had there before when the
 * scope closes, so an application's own MDC entries survive and pooled threads are left clean.
 * Through {@link MDC}: nothing happens when Shunt logs through {@code java.util.logging}.
 *
 * <pre>{@code try (MigrationMdc.Scope s = MigrationMdc.enter(m)) { ... LOG.warn(...) ... }}</pre>
 */
public final class MigrationMdc {
  public static final String MIGRATION = "shunt.migration";
  public static final String PHASE = "shunt.phase";

  private MigrationMdc() {}

  /** Sets both keys for {@code m} until the scope closes. */
  public static Scope enter(Migration m) {
    return enter(m.name(), m.phaseLabel());
  }

  /**
   * For a statement naming several migrated tables: their names and phases, comma-separated in
   * the same order; one migration gives the plain values.
   */
  public static Scope enter(Collection<Migration> ms) {
    StringBuilder names = new StringBuilder();
    StringBuilder phases = new StringBuilder();
    for (Migration m : ms) {
      if (names.length() > 0) {
        names.append(',');
        phases.append(',');
      }
      names.append(m.name());
      phases.append(m.phaseLabel());
    }
    return enter(names.toString(), phases.toString());
  }

  public static Scope enter(String migration, String phase) {
    String previousMigration = MDC.get(MIGRATION);
    String previousPhase = MDC.get(PHASE);
    MDC.put(MIGRATION, migration);
    MDC.put(PHASE, phase);
    return new Scope(previousMigration, previousPhase);
  }

  /** Restores the keys' previous values (or removes them) on close; never throws. */
  public static final class Scope implements AutoCloseable {
    private final String previousMigration;
    private final String previousPhase;

    private Scope(String previousMigration, String previousPhase) {
      this.previousMigration = previousMigration;
      this.previousPhase = previousPhase;
    }

    @Override public void close() {
      restore(MIGRATION, previousMigration);
      restore(PHASE, previousPhase);
    }

    private static void restore(String key, String value) {
      if (value == null) MDC.remove(key);
      else MDC.put(key, value);
    }
  }
}
