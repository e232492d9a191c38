package dev.shunt.write;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shunt.config.Migration;
import dev.shunt.config.SecondaryFailurePolicy;
import dev.shunt.config.ShuntConfig;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.plan.UnmirroredStatements;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.sql.IndexedSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.shunt.log.MigrationMdc;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;
import net.sf.jsqlparser.statement.Statement;

/**
 * Keeps the new side of same-database migrations in step with an application write, old
 * primary: "mirror by key, copy by image". Before the statement, the keys it
 * will touch are locked and read with its own predicate; after it, the inserted keys are known;
 * then the new table is made to hold the transformed image of exactly those rows, inside the
 * application's transaction (one that Shunt opens and commits itself under autocommit).
 */
public final class WriteMirror {
  private static final Logger LOG = LoggerFactory.getLogger(WriteMirror.class);

  /** The application's own execution; {@code withKeys} asks the driver for generated keys. */
  @FunctionalInterface
  public interface Call<T> {
    T run(boolean withKeys) throws SQLException;
  }

  /** The update count of each execution in the result of a call, or null where unknown. */
  @FunctionalInterface
  public interface Counts<T> {
    long[] of(T result) throws SQLException;
  }

  /** The generated keys of the execution just run. */
  @FunctionalInterface
  public interface GeneratedKeys {
    ResultSet get() throws SQLException;
  }

  private final Dialect dialect;
  private final RepairQueue queue;
  private final ShuntMetrics metrics;
  private final UnmirroredStatements unmirrored;
  private final MirrorPlans plans = MirrorPlans.shared();
  private final Cache<Migration, SameDatabaseCopy> copies = Caffeine.newBuilder().weakKeys().build();
  private final UniqueIndexes uniqueIndexes;

  public WriteMirror(Dialect dialect, RepairQueue queue, ShuntMetrics metrics, UnmirroredStatements unmirrored) {
    this.dialect = dialect;
    this.queue = queue;
    this.metrics = metrics;
    this.unmirrored = unmirrored;
    this.uniqueIndexes = new UniqueIndexes(dialect);
  }

  public Dialect dialect() { return dialect; }

  public RepairQueue queue() { return queue; }

  /** True when {@code execution} into {@code m}'s table can only learn its keys from generated keys. */
  public boolean needsGeneratedKeys(Connection physical, WriteExecution execution, Migration m) {
    return plans.plan(execution.sql, execution.info, m, dialect, mig -> oldColumns(physical, mig)).needsGeneratedKeys();
  }

  /**
   * Runs the application's write {@code call} (one statement, or a batch of {@code executions})
   * and mirrors it for {@code migrations}. {@code autoCommit} is the application's setting;
   * {@code counts} reads update counts from the call's result, and is null when the call cannot be
   * run twice (batches); {@code generatedKeys} is null where the execution cannot return keys.
   */
  public <T> T run(Connection physical, boolean autoCommit, ShuntConfig config, List<Migration> migrations,
      List<WriteExecution> executions, Call<T> call, Counts<T> counts, GeneratedKeys generatedKeys,
      SecondarySession secondary) throws SQLException {
    List<KeyCapture> targets = new ArrayList<>(migrations.size());
    for (Migration m : migrations) {
      KeyCapture t = target(physical, config, m, executions, generatedKeys != null);
      if (t != null) targets.add(t);
    }
    if (targets.isEmpty()) return call.run(false);
    // under autocommit the guard costs nothing (the retry rolls back Shunt's own transaction), so
    // it is kept whatever the isolation level, sparing a round trip to ask for it on every write
    boolean guard = counts != null && (autoCommit ? exactPlans(targets) : phantomsPossible(physical, targets));
    if (!autoCommit) {
      try {
        return runOnce(config, physical, false, guard, targets, executions, call, counts, generatedKeys, secondary);
      } catch (PartialBatch p) {
        throw p.failure; // what ran is mirrored inside the application's transaction
      }
    }
    // under autocommit the whole unit is Shunt's own transaction: a deadlock that Shunt's extra
    // statements made possible is retried here instead of surfacing to the application
    physical.setAutoCommit(false);
    boolean switchedBack = false;
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          T result = runOnce(config, physical, true, guard, targets, executions, call, counts, generatedKeys, secondary);
          switchedBack = commitOwn(physical, secondary);
          return result;
        } catch (PartialBatch p) {
          // under the raw driver's autocommit the entries that succeeded are committed: so here
          switchedBack = commitOwn(physical, secondary);
          throw p.failure;
        } catch (SQLException e) {
          rollbackQuietly(physical);
          if (secondary != null) secondary.discard();
          boolean repeatable = counts != null; // a batch is cleared by its execution: never run twice
          if (!repeatable || !isTransactionRollback(e) || attempt == MAX_ATTEMPTS) throw e;
          for (KeyCapture t : targets) t.forgetKeys();
        }
      }
    } finally {
      if (!switchedBack) physical.setAutoCommit(true);
    }
  }

  /** Commits Shunt's own transaction; true when that switched autocommit back on. */
  private static boolean commitOwn(Connection physical, SecondarySession secondary) throws SQLException {
    if (secondary == null || !secondary.hasPending()) {
      // switching autocommit back on commits (JDBC and both servers say so): one round trip, not two
      physical.setAutoCommit(true);
      return true;
    }
    commit(physical, secondary);
    return false;
  }

  /** A batch whose failed entry did not stop the others: they ran, are mirrored, and the failure is the application's. */
  private static final class PartialBatch extends SQLException {
    private static final long serialVersionUID = 1L;
    final transient java.sql.BatchUpdateException failure;

    PartialBatch(java.sql.BatchUpdateException failure) {
      super(failure.getMessage(), failure.getSQLState(), failure.getErrorCode(), failure);
      this.failure = failure;
    }
  }

  private <T> T runOnce(ShuntConfig config, Connection physical, boolean ownTransaction, boolean guard, List<KeyCapture> targets,
      List<WriteExecution> executions, Call<T> call, Counts<T> counts, GeneratedKeys generatedKeys,
      SecondarySession secondary) throws SQLException {
    boolean withKeys = false;
    for (KeyCapture t : targets) withKeys |= t.needsGeneratedKeys();
    T result;
    java.sql.BatchUpdateException partial = null; // the entries around a failed one ran: mirror them, then fail
    for (int attempt = 1; ; attempt++) {
      Fence retryPoint = guard && !ownTransaction ? Fence.set(physical, "shunt_retry") : null;
      long[] locked = new long[executions.size()];
      for (KeyCapture t : targets) t.lockTouchedRows(physical, executions, locked);
      try {
        result = call.run(withKeys);
      } catch (java.sql.BatchUpdateException e) {
        if (!dialect.batchContinuesAfterFailure()) throw e;
        partial = e;
        result = null;
        if (retryPoint != null) retryPoint.release();
        break;
      }
      if (!guard || attempt == MAX_ATTEMPTS || !phantom(locked, counts.of(result))) {
        if (retryPoint != null) retryPoint.release();
        break;
      }
      // a row committed between the pre-select and the statement was written unlocked and
      // uncaptured: undo the statement and run both again, the row is now visible to the lock
      if (retryPoint != null) retryPoint.rollback();
      else physical.rollback();
      for (KeyCapture t : targets) t.forgetKeys();
    }
    long[] rowCounts = counts == null || partial != null ? null : counts.of(result);
    long inserted = rowCounts == null || rowCounts.length != 1 ? -1 : rowCounts[0];
    ResultSet keys = withKeys ? generatedKeys.get() : null;
    for (KeyCapture t : targets) {
      try {
        t.addInsertedKeys(physical, executions, keys, inserted);
      } catch (SQLException | RuntimeException e) {
        // the application's statement ran and is fine: what Shunt could not learn is reported
        // and marked (verify finds it), never turned into an error the raw driver would not raise
        unmirrored.report(config, executions.get(0).sql, "Shunt could not learn the inserted keys: " + Failures.describe(e, config.logValues()),
            List.of(t.migration), true);
      }
      if (secondary != null) secondary.add(t.migration, t.keys()); // copied when the transaction commits
      else copy(physical, t);
    }
    if (partial != null) throw new PartialBatch(partial);
    return result;
  }

  /** {@code INSERT INTO t VALUES (…)}: its values follow the old table's column order; name them so the rewrite can map them. */
  private void nameInsertColumns(net.sf.jsqlparser.statement.insert.Insert ins, Connection physical, Migration m) throws SQLException {
    if (ins.getColumns() != null || ins.getSetUpdateSets() != null) return;
    net.sf.jsqlparser.expression.operators.relational.ExpressionList<net.sf.jsqlparser.schema.Column> named =
        new net.sf.jsqlparser.expression.operators.relational.ExpressionList<>();
    for (String c : oldColumns(physical, m)) named.add(new net.sf.jsqlparser.schema.Column(c));
    ins.setColumns(named);
  }

  /**
   * A write the new table cannot take as Shunt would have to write it. The new table is primary:
   * run on the old table alone, the write would be acknowledged yet missing where the application
   * reads, and a repair from the primary would undo it; in new-only old is not written at all.
   */
  private static SQLException refusal(Migration m, String why) {
    return new dev.shunt.plan.Refusal("Shunt cannot write " + m.oldTable() + " to the new table (migration " + m.name() + ", phase "
        + m.phaseLabel() + "): " + why + (m.writes() == dev.shunt.config.WriteMode.NEW_ONLY
            ? "; the old table is no longer written" : "; the new table is primary"));
  }

  /** SQLState class 40: the database rolled the whole transaction back (deadlock, serialization failure). */
  private static boolean isTransactionRollback(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("40");
  }

  /** Runs an execution Shunt substituted for the application's, on the statement it prepared. */
  @FunctionalInterface
  public interface Substitute<T> {
    T run(PreparedStatement substitute) throws SQLException;
  }

  private final Map<Dialect, UniqueIndexes> newUniqueIndexes = new java.util.HashMap<>();
  private final dev.shunt.sql.translate.ColumnTypes columnTypes = new dev.shunt.sql.translate.ColumnTypes();
  private final Cache<List<Object>, Object> rewrites = Caffeine.newBuilder().maximumSize(10_000).build();

  /**
   * New-primary and new-only writes: the application's old-shaped statement is
   * rewritten for the new table and runs there, with the keys captured as for old-primary; under
   * new-primary, old is then made to hold the {@code reverse} image of those rows. A statement
   * that cannot be written to the new table is refused, never run on the old table alone.
   */
  public <T> T runOnNew(Connection physical, boolean autoCommit, ShuntConfig config, Migration m,
      WriteExecution execution, boolean appWantsKeys, Substitute<T> run, GeneratedKeys generatedKeys,
      NewDatabaseSession newDatabase) throws SQLException {
    Dialect target = newDatabase == null ? dialect : newDatabase.dialect();
    countAdjustment = 0;
    // keyed by the migration object: one per configuration snapshot, so a reload rewrites afresh
    Migration backwards = m.reversed();
    Connection primary = newDatabase == null ? physical : newDatabase.connection();
    UniqueIndexes newIndexes = newUniqueIndexes.computeIfAbsent(target, UniqueIndexes::new);
    List<List<String>> uniques = newIndexes.of(primary, backwards);
    Object rewritten = rewrites.get(List.of(m, execution.sql, target, uniques), k -> {
      try {
        Statement exact = dev.shunt.sql.SqlParsing.statement(execution.sql);
        if (exact instanceof net.sf.jsqlparser.statement.insert.Insert) nameInsertColumns((net.sf.jsqlparser.statement.insert.Insert) exact, physical, m);
        if (dialect == Dialect.MARIADB && target == Dialect.POSTGRESQL) {
          // MariaDB's meaning, restated over the old columns before the rewrite replaces them
          java.util.Set<String> keyColumns = new java.util.HashSet<>();
          for (String key : m.oldKey()) keyColumns.add(key.toLowerCase(java.util.Locale.ROOT));
          new dev.shunt.sql.translate.MariaDbToPostgres(columnTypes.forPostgres(physical, primary, m), true,
              columnTypes.explicitTargets(primary, target, m)).write(exact, keyColumns);
        }
        NewShapeRewriter rewriter = new NewShapeRewriter(m, target, newDatabase == null, uniques);
        IndexedSql sql = rewriter.rewrite(exact);
        MirrorPlan plan = MirrorPlanner.plan(dev.shunt.sql.SqlParsing.statement(sql.sql()), m.reversed(), target);
        if (plan.unmirrorable() != null) return plan.unmirrorable();
        return new Rewrite(sql, plan, rewriter.countsConflictsTwice());
      } catch (Exception e) {
        // Shunt's own reasons name columns and constructs; the parser's quote the text's tokens
        if (e instanceof net.sf.jsqlparser.parser.ParseException || e instanceof SQLException) return dev.shunt.log.Redact.error(e, false);
        return e.getMessage() == null ? e.toString() : e.getMessage();
      }
    });
    if (rewritten instanceof String) {
      throw refusal(m, (String) rewritten);
    }
    Rewrite r = (Rewrite) rewritten;
    if (execution.params == null && r.sql.parameterCount() > 0) {
      throw refusal(m, "its parameters were not recorded");
    }
    BoundParameters params = execution.params == null ? new BoundParameters() : execution.params.remap(r.sql.sourceIndexes());
    if (dialect == Dialect.MARIADB && target == Dialect.POSTGRESQL) params = params.booleansAsNumbers();
    if (!r.plan.conflictRows().isEmpty()) {
      String column = unevaluableUniqueColumn(newIndexes, primary, backwards, r.plan);
      if (column != null) {
        throw refusal(m, "the upsert gives unique column " + column + " of the new table a value Shunt cannot evaluate");
      }
    }
    // RETURNING: the inserted rows carry the keys; asking the driver too makes PostgreSQL's return no rows
    boolean returning = execution.plan.returnsInsertedRows();
    boolean keys = !returning && (appWantsKeys || r.plan.needsGeneratedKeys());
    if (autoCommit) physical.setAutoCommit(false);
    boolean committed = false;
    try {
      KeyCapture capture = new KeyCapture(backwards, List.of(r.plan), target, newIndexes);
      List<WriteExecution> executions = List.of(new WriteExecution(r.sql.sql(), execution.plan, params));
      capture.lockTouchedRows(primary, executions, new long[1]);
      PreparedStatement substitute = keys
          ? primary.prepareStatement(r.sql.sql(), java.sql.Statement.RETURN_GENERATED_KEYS)
          : primary.prepareStatement(r.sql.sql());
      try {
        params.bindAll(substitute);
      } catch (SQLException e) {
        substitute.close(); // not handed to the application's statement yet
        throw e;
      }
      long conflicting = capture.conflictingRows();
      T result = run.run(substitute); // the application's statement owns it from here
      javax.sql.rowset.CachedRowSet returned = null;
      if (returning && result instanceof ResultSet) {
        // the application reads a copy; Shunt reads the generated keys from the same rows
        returned = javax.sql.rowset.RowSetProvider.newFactory().createCachedRowSet();
        try (ResultSet rs = (ResultSet) result) {
          returned.populate(rs);
        }
        @SuppressWarnings("unchecked") T copy = (T) returned;
        result = copy;
      }
      countAdjustment = r.countsConflictsTwice ? conflicting : 0;
      if (countAdjustment != 0) result = adjusted(result, countAdjustment);
      capture.addInsertedKeys(primary, executions, !r.plan.needsGeneratedKeys() ? null : returned != null ? returned : generatedKeys.get(),
          result instanceof Integer ? (Integer) result : result instanceof Long ? (Long) result : -1);
      if (m.writes() == dev.shunt.config.WriteMode.NEW_PRIMARY) {
        if (newDatabase == null) {
          copy(physical, capture, keysToCopy -> copies.get(backwards, b -> new SameDatabaseCopy(b, dialect)).copy(physical, keysToCopy));
        } else if (newDatabase.oldSide() != null) {
          newDatabase.oldSide().add(backwards, capture.keys()); // written and committed first when the transaction commits
        } else {
          CrossDatabaseCopy back = new CrossDatabaseCopy(backwards, target, dialect);
          copy(physical, capture, keysToCopy -> back.write(physical, keysToCopy, back.read(primary, keysToCopy)));
        }
      }
      if (newDatabase != null) newDatabase.touched(m, capture.keys());
      if (autoCommit) {
        if (newDatabase != null) newDatabase.commit(physical::commit);
        else physical.commit();
      }
      committed = true;
      if (returned != null) returned.beforeFirst();
      return result;
    } catch (SQLException e) {
      // a MariaDB application handles PostgreSQL's failures by MariaDB's codes
      if (dialect == Dialect.MARIADB && target == Dialect.POSTGRESQL) throw dev.shunt.sql.translate.PostgresErrors.asMariaDb(e);
      throw e;
    } finally {
      if (autoCommit) {
        if (!committed) {
          rollbackQuietly(physical);
          if (newDatabase != null) newDatabase.rollback();
        }
        physical.setAutoCommit(true);
      }
    }
  }

  @FunctionalInterface
  private interface CopyAction {
    void copy(List<Object[]> keys) throws SQLException;
  }

  /** A statement rewritten for the new table and how its keys are captured there. */
  private static final class Rewrite {
    final IndexedSql sql;
    final MirrorPlan plan;
    final boolean countsConflictsTwice; // MariaDB's count is the new database's plus the conflicting rows

    Rewrite(IndexedSql sql, MirrorPlan plan, boolean countsConflictsTwice) {
      this.sql = sql;
      this.plan = plan;
      this.countsConflictsTwice = countsConflictsTwice;
    }
  }

  private long countAdjustment;

  /**
   * What the last new-side execution adds to its statement's update count so that the application
   * sees the count of the engine it wrote its statement for (a MariaDB upsert run on PostgreSQL).
   */
  public long countAdjustment() { return countAdjustment; }

  @SuppressWarnings("unchecked")
  private static <T> T adjusted(T result, long by) {
    if (result instanceof Integer) return (T) Integer.valueOf((int) ((Integer) result + by));
    if (result instanceof Long) return (T) Long.valueOf((Long) result + by);
    return result; // execute(): the count is read through getUpdateCount, which adds it
  }

  /**
   * Commits the primary, after writing and committing the secondary while the primary's row
   * locks are still held; a failed primary commit queues what the secondary received.
   */
  public static void commit(Connection primary, SecondarySession secondary) throws SQLException {
    if (secondary == null || !secondary.hasPending()) {
      primary.commit();
      return;
    }
    Map<Migration, List<Object[]>> flushed;
    try {
      flushed = secondary.flush(primary);
    } catch (SQLException e) {
      primary.rollback(); // on_secondary_failure: fail — the commit fails whole, as a failed commit does
      throw e;
    }
    try {
      primary.commit();
    } catch (SQLException e) {
      secondary.primaryCommitFailed(flushed, e);
      throw e;
    }
  }

  private static final int MAX_ATTEMPTS = 5;

  /**
   * True when the isolation level lets a statement touch a row its locking pre-select did not see:
   * READ COMMITTED and below (PostgreSQL's default). REPEATABLE READ in MariaDB locks the gaps.
   */
  private boolean phantomsPossible(Connection c, List<KeyCapture> targets) throws SQLException {
    if (!exactPlans(targets)) return false;
    if (dialect == Dialect.POSTGRESQL) return c.getTransactionIsolation() < Connection.TRANSACTION_SERIALIZABLE;
    return c.getTransactionIsolation() <= Connection.TRANSACTION_READ_COMMITTED;
  }

  /** True when some statement's row count must equal its locking pre-select's: a larger one is a phantom. */
  private static boolean exactPlans(List<KeyCapture> targets) {
    for (KeyCapture t : targets) for (MirrorPlan p : t.plans) if (p.touchesExactlyPreselected()) return true;
    return false;
  }

  private static boolean phantom(long[] locked, long[] counts) {
    if (counts == null) return false;
    for (int i = 0; i < locked.length && i < counts.length; i++) {
      if (locked[i] >= 0 && counts[i] > locked[i]) return true;
    }
    return false;
  }

  private KeyCapture target(Connection physical, ShuntConfig config, Migration m, List<WriteExecution> executions,
      boolean keysPossible) throws SQLException {
    List<MirrorPlan> list = new ArrayList<>(executions.size());
    for (WriteExecution e : executions) {
      if (!e.mirrors(m)) {
        list.add(MirrorPlan.NOTHING);
        continue;
      }
      MirrorPlan p = plans.plan(e.sql, e.info, m, dialect, mig -> oldColumns(physical, mig));
      if (p.needsGeneratedKeys() && !keysPossible) {
        p = MirrorPlan.unmirrorable("the keys are generated, and this way of executing cannot return them");
      } else if (e.params == null && p.usesParameters()) {
        p = MirrorPlan.unmirrorable("the statement was prepared before its table was migrated; prepare it again");
      } else if (!p.conflictRows().isEmpty()) {
        String column = unevaluableUniqueColumn(physical, m, p);
        if (column != null) p = MirrorPlan.unmirrorable("the upsert gives unique column " + column + " a value Shunt cannot evaluate");
      }
      if (p.unmirrorable() != null) {
        unmirrored.report(config, e.sql, p.unmirrorable(), List.of(m), true);
        return null;
      }
      list.add(p);
    }
    return new KeyCapture(m, list, dialect, uniqueIndexes);
  }

  private final Cache<Migration, List<String>> oldColumns = Caffeine.newBuilder().weakKeys().build();

  /** The old table's columns in table order (for an INSERT that names none), read once per migration. */
  private List<String> oldColumns(Connection c, Migration m) throws SQLException {
    List<String> known = oldColumns.getIfPresent(m);
    if (known != null) return known;
    List<String> names = new ArrayList<>();
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + dialect.quote(m.oldTable()) + " WHERE 1 = 0")) {
      java.sql.ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) names.add(md.getColumnName(i));
    }
    oldColumns.put(m, names);
    return names;
  }

  private void copy(Connection physical, KeyCapture t) throws SQLException {
    copy(physical, t, keys -> copies.get(t.migration, m -> new SameDatabaseCopy(m, dialect)).copy(physical, keys, t.presence()));
  }

  /** Copies the keys' images with {@code action}, writing on {@code physical}; failures as the mirroring rules say. */
  private void copy(Connection physical, KeyCapture t, CopyAction action) throws SQLException {
    List<Object[]> keys = t.keys();
    if (keys.isEmpty()) return;
    MigrationMdc.Scope mdc = MigrationMdc.enter(t.migration);
    // PostgreSQL aborts the whole transaction on a failed statement: fence the copy so a failure
    // can be rolled back without touching the application's own work
    Fence fence = dialect == Dialect.POSTGRESQL ? Fence.set(physical, "shunt_copy") : null;
    try {
      action.copy(keys);
      if (fence != null) fence.release();
      metrics.migration(t.migration.name()).mirrored(keys.size());
    } catch (SQLException e) {
      // a deadlock took the application's own work with it (MariaDB rolls back the whole
      // transaction): it must reach the application, queueing would report a lost write as done
      if (fence == null && isTransactionRollback(e)) throw e;
      if (fence != null) fence.rollback();
      metrics.migration(t.migration.name()).secondaryFailure();
      if (t.migration.onSecondaryFailure() == SecondaryFailurePolicy.FAIL) throw e;
      LOG.warn("Shunt could not copy {} key(s) of migration '{}' to {}: {}; the keys are queued for repair",
          keys.size(), t.migration.name(), t.migration.newTable(), Failures.describe(e, false));
      queue.enqueue(t.migration, keys, Failures.describe(e, false));
    } finally {
      mdc.close();
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the application's exception is the one that matters
    }
  }

  /** A unique column the upsert fills with a value Shunt cannot learn, or null. */
  private String unevaluableUniqueColumn(Connection c, Migration m, MirrorPlan p) throws SQLException {
    return unevaluableUniqueColumn(uniqueIndexes, c, m, p);
  }

  private static String unevaluableUniqueColumn(UniqueIndexes uniqueIndexes, Connection c, Migration m, MirrorPlan p)
      throws SQLException {
    for (List<String> index : uniqueIndexes.of(c, m)) {
      for (String column : index) {
        int at = UniqueIndexes.indexOf(p.conflictColumns(), column);
        if (at < 0) continue;
        for (KeySource[] row : p.conflictRows()) if (row[at] == null) return column;
      }
    }
    return null;
  }

}
