package dev.shunt.plan;

import dev.shunt.config.Migration;
import dev.shunt.sql.StatementInfo;
import java.util.List;

/**
 * What Shunt will do with one statement under one configuration snapshot: the migrations whose
 * tables it reads and writes. {@link #PASS_THROUGH} means the statement goes straight to the
 * real driver.
 */
public final class StatementPlan {
  public static final StatementPlan PASS_THROUGH = new StatementPlan(null, List.of(), List.of(), List.of(), List.of(), List.of());

  private final StatementInfo info;
  private final List<Migration> reads;
  private final List<Migration> writes;
  private final List<Migration> unmirrored;
  private final List<Migration> mirrored;
  private final List<Migration> onNewSide;
  private final Migration routedRead;

  StatementPlan(StatementInfo info, List<Migration> reads, List<Migration> writes, List<Migration> unmirrored,
      List<Migration> mirrored, List<Migration> onNewSide) {
    this.onNewSide = onNewSide;
    this.info = info;
    this.reads = reads;
    this.writes = writes;
    this.unmirrored = unmirrored;
    this.mirrored = mirrored;
    this.routedRead = routedRead(info, reads, writes);
  }

  /** A SELECT that writes nothing: the first migration it reads whose reads need routing. */
  private static Migration routedRead(StatementInfo info, List<Migration> reads, List<Migration> writes) {
    if (info == null || info.kind() != dev.shunt.sql.StatementKind.SELECT || !writes.isEmpty()) return null;
    for (Migration m : reads) if (m.readsRouted()) return m;
    return null;
  }

  /** The migration whose read mode decides where this SELECT reads, or null: it runs as written. */
  public Migration routedRead() { return routedRead; }

  public boolean passThrough() { return this == PASS_THROUGH; }

  /** An {@code INSERT … RETURNING}: its rows are the inserted ones, and carry the keys the database generated. */
  public boolean returnsInsertedRows() {
    return info != null && info.ast() instanceof net.sf.jsqlparser.statement.insert.Insert
        && ((net.sf.jsqlparser.statement.insert.Insert) info.ast()).getReturningClause() != null;
  }
  /** The classification, or null for {@link #PASS_THROUGH}. */
  public StatementInfo info() { return info; }
  /** Active migrations whose old table the statement reads. */
  public List<Migration> reads() { return reads; }
  /** Active migrations whose old table the statement writes. */
  public List<Migration> writes() { return writes; }
  /** Written migrations in new-primary or new-only: the statement is rewritten to run on the new table. */
  public List<Migration> onNewSide() { return onNewSide; }

  /** True when the statement's writes go straight to the driver, unchanged and unmirrored. */
  public boolean writesPassThrough() { return mirrored.isEmpty() && onNewSide.isEmpty(); }

  /** Written migrations whose secondary this statement's writes are copied to. */
  public List<Migration> mirrored() { return mirrored; }
  /** Migrations whose table the statement names but Shunt cannot mirror it for (it runs on the primary only). */
  public List<Migration> unmirrored() { return unmirrored; }

  @Override public String toString() {
    if (passThrough()) return "pass-through";
    return info.kind() + " reads=" + names(reads) + " writes=" + names(writes) + (unmirrored.isEmpty() ? "" : " unmirrored=" + names(unmirrored));
  }

  private static String names(List<Migration> ms) {
    StringBuilder sb = new StringBuilder("[");
    for (Migration m : ms) sb.append(sb.length() > 1 ? "," : "").append(m.name());
    return sb.append(']').toString();
  }
}
