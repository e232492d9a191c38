package dev.shunt.write;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shunt.config.Migration;
import dev.shunt.config.SecondaryFailurePolicy;
import dev.shunt.config.ShuntConfig;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.plan.UnmirroredStatements;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Keeps the new side of same-database migrations in step with an application write, old
 * primary: "mirror by key, copy by image" (SPEC section 5). Before the statement, the keys it
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
  private final Map<String, List<List<String>>> uniqueIndexes = new java.util.HashMap<>();

  public WriteMirror(Dialect dialect, RepairQueue queue, ShuntMetrics metrics, UnmirroredStatements unmirrored) {
    this.dialect = dialect;
    this.queue = queue;
    this.metrics = metrics;
    this.unmirrored = unmirrored;
  }

  public Dialect dialect() { return dialect; }

  public RepairQueue queue() { return queue; }

  /** True when {@code execution} into {@code m}'s table can only learn its keys from generated keys. */
  public boolean needsGeneratedKeys(WriteExecution execution, Migration m) {
    return plans.plan(execution.sql, execution.info, m, dialect).needsGeneratedKeys();
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
    List<Target> targets = new ArrayList<>(migrations.size());
    for (Migration m : migrations) {
      Target t = target(physical, config, m, executions, generatedKeys != null);
      if (t != null) targets.add(t);
    }
    if (targets.isEmpty()) return call.run(false);
    boolean guard = counts != null && phantomsPossible(physical, targets);
    if (!autoCommit) return runOnce(physical, false, guard, targets, executions, call, counts, generatedKeys, secondary);
    // under autocommit the whole unit is Shunt's own transaction: a deadlock that Shunt's extra
    // statements made possible is retried here instead of surfacing to the application
    physical.setAutoCommit(false);
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          T result = runOnce(physical, true, guard, targets, executions, call, counts, generatedKeys, secondary);
          commit(physical, secondary);
          return result;
        } catch (SQLException e) {
          rollbackQuietly(physical);
          if (secondary != null) secondary.discard();
          boolean repeatable = counts != null; // a batch is cleared by its execution: never run twice
          if (!repeatable || !isTransactionRollback(e) || attempt == MAX_ATTEMPTS) throw e;
          for (Target t : targets) t.forgetKeys();
        }
      }
    } finally {
      physical.setAutoCommit(true);
    }
  }

  private <T> T runOnce(Connection physical, boolean ownTransaction, boolean guard, List<Target> targets,
      List<WriteExecution> executions, Call<T> call, Counts<T> counts, GeneratedKeys generatedKeys,
      SecondarySession secondary) throws SQLException {
    boolean withKeys = false;
    for (Target t : targets) withKeys |= t.needsGeneratedKeys();
    T result;
    for (int attempt = 1; ; attempt++) {
      Savepoint retryPoint = guard && !ownTransaction ? physical.setSavepoint() : null;
      long[] locked = new long[executions.size()];
      for (Target t : targets) t.lockTouchedRows(physical, executions, locked);
      result = call.run(withKeys);
      if (!guard || attempt == MAX_ATTEMPTS || !phantom(locked, counts.of(result))) {
        if (retryPoint != null) physical.releaseSavepoint(retryPoint);
        break;
      }
      // a row committed between the pre-select and the statement was written unlocked and
      // uncaptured: undo the statement and run both again, the row is now visible to the lock
      if (retryPoint != null) physical.rollback(retryPoint);
      else physical.rollback();
      for (Target t : targets) t.forgetKeys();
    }
    for (Target t : targets) {
      t.addInsertedKeys(physical, executions, withKeys ? generatedKeys.get() : null);
      if (secondary != null) secondary.add(t.migration, t.keys()); // copied when the transaction commits
      else copy(physical, t);
    }
    return result;
  }

  /** SQLState class 40: the database rolled the whole transaction back (deadlock, serialization failure). */
  private static boolean isTransactionRollback(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("40");
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
    Map<Migration, List<Object[]>> flushed = secondary.flush(primary);
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
  private boolean phantomsPossible(Connection c, List<Target> targets) throws SQLException {
    boolean exact = false;
    for (Target t : targets) for (MirrorPlan p : t.plans) exact |= p.touchesExactlyPreselected();
    if (!exact) return false;
    if (dialect == Dialect.POSTGRESQL) return c.getTransactionIsolation() < Connection.TRANSACTION_SERIALIZABLE;
    return c.getTransactionIsolation() <= Connection.TRANSACTION_READ_COMMITTED;
  }

  private static boolean phantom(long[] locked, long[] counts) {
    if (counts == null) return false;
    for (int i = 0; i < locked.length && i < counts.length; i++) {
      if (locked[i] >= 0 && counts[i] > locked[i]) return true;
    }
    return false;
  }

  private Target target(Connection physical, ShuntConfig config, Migration m, List<WriteExecution> executions,
      boolean keysPossible) throws SQLException {
    List<MirrorPlan> list = new ArrayList<>(executions.size());
    for (WriteExecution e : executions) {
      if (!e.mirrors(m)) {
        list.add(MirrorPlan.NOTHING);
        continue;
      }
      MirrorPlan p = plans.plan(e.sql, e.info, m, dialect);
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
    return new Target(m, list);
  }

  private void copy(Connection physical, Target t) throws SQLException {
    List<Object[]> keys = t.keys();
    if (keys.isEmpty()) return;
    MDC.put("shunt.migration", t.migration.name());
    MDC.put("shunt.phase", t.migration.phaseLabel());
    // PostgreSQL aborts the whole transaction on a failed statement: fence the copy so a failure
    // can be rolled back without touching the application's own work
    Savepoint fence = dialect == Dialect.POSTGRESQL ? physical.setSavepoint() : null;
    try {
      copies.get(t.migration, m -> new SameDatabaseCopy(m, dialect)).copy(physical, keys);
      if (fence != null) physical.releaseSavepoint(fence);
      metrics.migration(t.migration.name()).mirrored(keys.size());
    } catch (SQLException e) {
      // a deadlock took the application's own work with it (MariaDB rolls back the whole
      // transaction): it must reach the application, queueing would report a lost write as done
      if (fence == null && isTransactionRollback(e)) throw e;
      if (fence != null) physical.rollback(fence);
      metrics.migration(t.migration.name()).secondaryFailure();
      if (t.migration.onSecondaryFailure() == SecondaryFailurePolicy.FAIL) throw e;
      LOG.warn("Shunt could not copy {} key(s) of migration '{}' to {}: {} (SQLState {}); the keys are queued for repair",
          keys.size(), t.migration.name(), t.migration.newTable(), e.getMessage(), e.getSQLState());
      queue.enqueue(t.migration.name(), keys, e.getMessage());
    } finally {
      MDC.remove("shunt.migration");
      MDC.remove("shunt.phase");
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the application's exception is the one that matters
    }
  }

  /** One migration's key capture across the executions of one call. */
  private final class Target {
    final Migration migration;
    final List<MirrorPlan> plans;
    private final Map<List<String>, Object[]> keys = new LinkedHashMap<>();

    Target(Migration migration, List<MirrorPlan> plans) {
      this.migration = migration;
      this.plans = plans;
    }

    boolean needsGeneratedKeys() {
      for (MirrorPlan p : plans) if (p.needsGeneratedKeys()) return true;
      return false;
    }

    /** Runs each pre-select: the rows are locked, so the set cannot change before the write. */
    void lockTouchedRows(Connection c, List<WriteExecution> executions, long[] locked) throws SQLException {
      for (int i = 0; i < plans.size(); i++) {
        MirrorPlan plan = plans.get(i);
        if (!plan.touchesExactlyPreselected() && locked[i] == 0) locked[i] = -1; // nothing to compare with
        if (!plan.conflictRows().isEmpty()) lockConflictingRows(c, plan, executions.get(i).params);
        IndexedSql pre = plan.preselect();
        if (pre == null) continue;
        BoundParameters params = executions.get(i).params;
        try (PreparedStatement ps = c.prepareStatement(pre.sql())) {
          for (int p = 0; p < pre.parameterCount(); p++) {
            if (params == null) throw new SQLException("Shunt: a parameter in a plain statement", "HY000");
            params.bind(ps, p + 1, pre.sourceIndex(p));
          }
          long found = readKeys(ps);
          if (plan.touchesExactlyPreselected()) locked[i] = Math.max(locked[i], 0) + found;
        }
      }
    }

    void forgetKeys() { keys.clear(); }

    /**
     * An upsert may update or replace rows other than the ones its keys name: those that match
     * its values on any unique index. Lock and record them first.
     */
    private void lockConflictingRows(Connection c, MirrorPlan plan, BoundParameters params) throws SQLException {
      List<String> where = new ArrayList<>();
      List<Object> bind = new ArrayList<>();
      for (List<String> index : uniqueIndexes(c, migration)) {
        int[] positions = new int[index.size()];
        boolean covered = true;
        for (int k = 0; k < positions.length && covered; k++) {
          positions[k] = indexOfIgnoreCase(plan.conflictColumns(), index.get(k));
          covered = positions[k] >= 0;
        }
        if (!covered) continue; // a column the insert leaves to its default: NULL never conflicts
        for (KeySource[] row : plan.conflictRows()) {
          StringBuilder cond = new StringBuilder("(");
          for (int k = 0; k < positions.length; k++) {
            KeySource source = row[positions[k]];
            if (source == null) {
              throw new IllegalStateException("unique column " + index.get(k) + " gets a value Shunt cannot evaluate");
            }
            cond.append(k > 0 ? " AND " : "").append(dialect.quote(index.get(k))).append(" = ?");
            bind.add(source.value(c, params));
          }
          where.add(cond.append(')').toString());
        }
      }
      if (where.isEmpty()) return;
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int k = 0; k < migration.oldKey().size(); k++) sql.append(k > 0 ? ", " : "").append(dialect.quote(migration.oldKey().get(k)));
      sql.append(" FROM ").append(dialect.quote(migration.oldTable())).append(" WHERE ").append(String.join(" OR ", where))
          .append(dialect.exclusiveLock());
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < bind.size(); i++) ps.setObject(i + 1, bind.get(i));
        readKeys(ps);
      }
    }

    private long readKeys(PreparedStatement ps) throws SQLException {
      long found = 0;
      try (ResultSet rs = ps.executeQuery()) {
        int n = migration.oldKey().size();
        while (rs.next()) {
          Object[] key = new Object[n];
          for (int k = 0; k < n; k++) key[k] = rs.getObject(k + 1);
          add(key);
          found++;
        }
      }
      return found;
    }

    void addInsertedKeys(Connection c, List<WriteExecution> executions, ResultSet generated) throws SQLException {
      for (int i = 0; i < plans.size(); i++) {
        for (KeySource[] row : plans.get(i).insertedRows()) {
          Object[] key = new Object[row.length];
          for (int k = 0; k < row.length; k++) key[k] = row[k].value(c, executions.get(i).params);
          add(key);
        }
      }
      if (generated != null && needsGeneratedKeys()) {
        int column = keyColumn(generated.getMetaData(), migration.oldKey().get(0));
        while (generated.next()) add(new Object[] {generated.getObject(column)});
      }
    }

    private void add(Object[] key) {
      keys.putIfAbsent(Keys.id(key), key);
    }

    List<Object[]> keys() { return new ArrayList<>(keys.values()); }
  }

  /** A unique column the upsert fills with a value Shunt cannot learn, or null. */
  private String unevaluableUniqueColumn(Connection c, Migration m, MirrorPlan p) throws SQLException {
    for (List<String> index : uniqueIndexes(c, m)) {
      for (String column : index) {
        int at = indexOfIgnoreCase(p.conflictColumns(), column);
        if (at < 0) continue;
        for (KeySource[] row : p.conflictRows()) if (row[at] == null) return column;
      }
    }
    return null;
  }

  /** Unique indexes of the migration's old table, each as its column list; read once per connection. */
  private List<List<String>> uniqueIndexes(Connection c, Migration m) throws SQLException {
    String table = m.oldTable().toString();
    List<List<String>> known = uniqueIndexes.get(table);
    if (known != null) return known;
    Map<String, List<String>> byName = new LinkedHashMap<>();
    java.sql.DatabaseMetaData md = c.getMetaData();
    String name = dialect.fold(m.oldTable().name());
    String schema = m.oldTable().schema() == null ? null : dialect.fold(m.oldTable().schema());
    String catalog = dialect == Dialect.MARIADB ? (schema != null ? schema : c.getCatalog()) : null;
    String schemaPattern = dialect == Dialect.MARIADB ? null : (schema != null ? schema : c.getSchema());
    try (ResultSet rs = md.getIndexInfo(catalog, schemaPattern, name, true, true)) {
      while (rs.next()) {
        String column = rs.getString("COLUMN_NAME");
        if (column == null || rs.getShort("TYPE") == java.sql.DatabaseMetaData.tableIndexStatistic) continue;
        byName.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new ArrayList<>()).add(column);
      }
    }
    List<List<String>> out = new ArrayList<>(byName.values());
    uniqueIndexes.put(table, out);
    return out;
  }

  private static int indexOfIgnoreCase(List<String> list, String s) {
    for (int i = 0; i < list.size(); i++) {
      String[] parts = dev.shunt.sql.Identifiers.splitQualified(list.get(i));
      if (parts[parts.length - 1].equalsIgnoreCase(s)) return i;
    }
    return -1;
  }

  /** The generated-keys column of {@code key}: by name where the driver names it, else the first. */
  private static int keyColumn(ResultSetMetaData md, String key) throws SQLException {
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (md.getColumnLabel(i).equalsIgnoreCase(key) || md.getColumnName(i).equalsIgnoreCase(key)) return i;
    }
    if (md.getColumnCount() == 1) return 1; // MariaDB names it insert_id
    throw new SQLException("Shunt cannot find key column " + key + " among the generated keys", "HY000");
  }
}
