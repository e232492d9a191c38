package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.plan.StatementPlan;
import dev.shunt.sql.StatementInfo;

/** One execution of an application write: its text, classification and (prepared) parameters. */
public final class WriteExecution {
  final String sql;
  final StatementPlan plan;
  final StatementInfo info;
  final BoundParameters params; // null for a plain Statement
  private final int batchIndex; // position in the driver's batch, 0 outside batches

  public WriteExecution(String sql, StatementPlan plan, BoundParameters params) {
    this(sql, plan, params, 0);
  }

  public WriteExecution(String sql, StatementPlan plan, BoundParameters params, int batchIndex) {
    this.sql = sql;
    this.plan = plan;
    this.info = plan.info();
    this.params = params;
    this.batchIndex = batchIndex;
  }

  /** Which update count of the batch's result belongs to this execution. */
  public int batchIndex() { return batchIndex; }

  public StatementPlan plan() { return plan; }

  public String sql() { return sql; }

  boolean mirrors(Migration m) { return plan.mirrored().contains(m); }
}
