package dev.shunt.plan;

import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.WriteMode;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.sql.StatementCache;
import dev.shunt.sql.StatementInfo;
import dev.shunt.sql.StatementKind;
import dev.shunt.sql.TableNameScanner;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns SQL text plus a configuration snapshot into a {@link StatementPlan}. Statements that
 * name no migrated table are decided by a text scan alone and never reach the parser.
 */
public final class StatementPlanner {
  private final StatementCache cache;
  private final UnmirroredStatements unmirrored;

  public StatementPlanner(StatementCache cache, ShuntMetrics metrics) {
    this.cache = cache;
    this.unmirrored = new UnmirroredStatements(metrics);
  }

  public StatementPlan plan(ShuntConfig config, String sql, SqlSession session) throws SQLException {
    if (config == null || !config.hasActiveMigrations() || !config.scanner().mentionsAny(sql)) {
      return StatementPlan.PASS_THROUGH;
    }
    StatementInfo info = cache.classify(sql, session.family());
    if (!info.parsed()) {
      return unmirrorable(config, sql, info, named(config, sql), null);
    }
    TableIdentity identity = new TableIdentity(session);
    List<Migration> writes = identity.matching(config, info.tablesWritten());
    List<Migration> reads = identity.matching(config, info.tablesRead());
    if (identity.doubt() != null) {
      return unmirrorable(config, sql, info, identity.doubtful(), identity.doubt());
    }
    if (info.kind() == StatementKind.MULTI && !(writes.isEmpty() && reads.isEmpty())) {
      return unmirrorable(config, sql, info, union(writes, reads), null);
    }
    if (reads.isEmpty() && writes.isEmpty()) return StatementPlan.PASS_THROUGH; // the name was a column, a literal or another schema's table
    return new StatementPlan(info, reads, writes, List.of(), mirrored(config, info, writes), onNewSide(config, info, writes));
  }

  private StatementPlan unmirrorable(ShuntConfig config, String sql, StatementInfo info, List<Migration> named, String why)
      throws SQLException {
    if (named.isEmpty()) return StatementPlan.PASS_THROUGH;
    for (Migration m : named) {
      if (m.writes() == WriteMode.NEW_PRIMARY && (why != null ? info.kind() != StatementKind.SELECT : UnmirroredStatements.mayWrite(sql, info))) {
        // the new table is the primary: a write run on the old table alone would be acknowledged
        // to the application yet missing from the side it reads, and a repair from the primary would undo it
        String reason = why != null ? why : info.doubt() != null ? info.doubt() : info.parsed() ? "it holds several statements"
            : "the parser rejected it";
        throw new dev.shunt.plan.Refusal("Shunt refuses a write naming " + m.oldTable() + " (migration " + m.name() + ", phase "
            + m.phaseLabel() + "): it cannot run it on the new table, which is primary, because " + reason
            + ". Use bound parameters, or split the statements");
      }
      if (m.writes() == WriteMode.NEW_ONLY) {
        // the old table is no longer written: running the text there would read stale rows or lose the write
        String reason = why != null ? why : info.doubt() != null ? info.doubt() : info.parsed() ? "it holds several statements"
            : "the parser rejected it";
        throw new dev.shunt.plan.Refusal("Shunt refuses a statement naming " + m.oldTable() + " (migration " + m.name() + ", phase "
            + m.phaseLabel() + "): it cannot run it on the new table, because " + reason
            + "; the old table is no longer written. Use bound parameters, or split the statements");
      }
    }
    if (why == null) unmirrored.report(config, sql, info, named);
    else unmirrored.report(config, sql, why, named, info.kind() != StatementKind.SELECT);
    return new StatementPlan(info, List.of(), List.of(), named, List.of(), List.of());
  }

  private static List<Migration> union(List<Migration> a, List<Migration> b) {
    List<Migration> out = new ArrayList<>(a);
    for (Migration m : b) if (!out.contains(m)) out.add(m);
    return out;
  }

  /**
   * The written migrations whose secondary Shunt keeps in step for this statement: old-primary,
   * in one database or two. Other write modes pass through to the primary until they are built.
   */
  private static List<Migration> mirrored(ShuntConfig config, StatementInfo info, List<Migration> writes) {
    if (writes.isEmpty() || info.kind() == StatementKind.DDL) return List.of();
    List<Migration> out = new ArrayList<>(1);
    for (Migration m : writes) if (m.writes() == WriteMode.OLD_PRIMARY) out.add(m);
    return out;
  }

  /**
   * The written migrations whose new table is primary (new-primary, new-only): the statement is
   * rewritten to run there, in the same database or the new one.
   */
  private static List<Migration> onNewSide(ShuntConfig config, StatementInfo info, List<Migration> writes) {
    if (writes.isEmpty() || info.kind() == StatementKind.DDL) return List.of();
    List<Migration> out = new ArrayList<>(1);
    for (Migration m : writes) if (m.writes() == WriteMode.NEW_PRIMARY || m.writes() == WriteMode.NEW_ONLY) out.add(m);
    return out;
  }

  /** The reporter of statements that cannot be mirrored, shared with the write path. */
  public UnmirroredStatements unmirrored() { return unmirrored; }

  /** Active migrations whose old table name appears in the text (for texts the parser rejected). */
  private static List<Migration> named(ShuntConfig config, String sql) {
    List<Migration> out = new ArrayList<>(1);
    for (Migration m : config.activeMigrations()) {
      if (new TableNameScanner(List.of(m.oldTable().nameKey())).mentionsAny(sql)) out.add(m);
    }
    return out;
  }
}
