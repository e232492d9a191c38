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

  /** True when {@code execution} into {@code m}'s table can only learn its keys from generated keys. */
  public boolean needsGeneratedKeys(WriteExecution execution, Migration m) {
    return plans.plan(execution.sql, execution.info, m, dialect).needsGeneratedKeys();
  }

  /**
   * Runs the application's write {@code call} (one statement, or a batch of {@code executions})
   * and mirrors it for {@code migrations}. {@code autoCommit} is the application's setting;
   * {@code generatedKeys} is null where the execution cannot return generated keys.
   */
  public <T> T run(Connection physical, boolean autoCommit, ShuntConfig config, List<Migration> migrations,
      List<WriteExecution> executions, Call<T> call, GeneratedKeys generatedKeys) throws SQLException {
    List<Target> targets = new ArrayList<>(migrations.size());
    for (Migration m : migrations) {
      Target t = target(config, m, executions, generatedKeys != null);
      if (t != null) targets.add(t);
    }
    if (targets.isEmpty()) return call.run(false);
    boolean withKeys = false;
    for (Target t : targets) withKeys |= t.needsGeneratedKeys();

    if (autoCommit) physical.setAutoCommit(false);
    boolean committed = false;
    try {
      for (Target t : targets) t.lockTouchedRows(physical, executions);
      T result = call.run(withKeys);
      for (Target t : targets) {
        t.addInsertedKeys(executions, withKeys ? generatedKeys.get() : null);
        copy(physical, t);
      }
      if (autoCommit) physical.commit();
      committed = true;
      return result;
    } finally {
      if (autoCommit) {
        if (!committed) rollbackQuietly(physical);
        physical.setAutoCommit(true);
      }
    }
  }

  private Target target(ShuntConfig config, Migration m, List<WriteExecution> executions, boolean keysPossible)
      throws SQLException {
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
    void lockTouchedRows(Connection c, List<WriteExecution> executions) throws SQLException {
      for (int i = 0; i < plans.size(); i++) {
        if (!plans.get(i).conflictRows().isEmpty()) lockConflictingRows(c, plans.get(i), executions.get(i).params);
        IndexedSql pre = plans.get(i).preselect();
        if (pre == null) continue;
        BoundParameters params = executions.get(i).params;
        try (PreparedStatement ps = c.prepareStatement(pre.sql())) {
          for (int p = 0; p < pre.parameterCount(); p++) {
            if (params == null) throw new SQLException("Shunt: a parameter in a plain statement", "HY000");
            params.bind(ps, p + 1, pre.sourceIndex(p));
          }
          readKeys(ps);
        }
      }
    }

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
            if (source == null) throw new SQLException("Shunt cannot evaluate the value of unique column " + index.get(k), "HY000");
            cond.append(k > 0 ? " AND " : "").append(dialect.quote(index.get(k))).append(" = ?");
            bind.add(source.value(params));
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

    private void readKeys(PreparedStatement ps) throws SQLException {
      try (ResultSet rs = ps.executeQuery()) {
        int n = migration.oldKey().size();
        while (rs.next()) {
          Object[] key = new Object[n];
          for (int k = 0; k < n; k++) key[k] = rs.getObject(k + 1);
          add(key);
        }
      }
    }

    void addInsertedKeys(List<WriteExecution> executions, ResultSet generated) throws SQLException {
      for (int i = 0; i < plans.size(); i++) {
        for (KeySource[] row : plans.get(i).insertedRows()) {
          Object[] key = new Object[row.length];
          for (int k = 0; k < row.length; k++) key[k] = row[k].value(executions.get(i).params);
          add(key);
        }
      }
      if (generated != null && needsGeneratedKeys()) {
        int column = keyColumn(generated.getMetaData(), migration.oldKey().get(0));
        while (generated.next()) add(new Object[] {generated.getObject(column)});
      }
    }

    private void add(Object[] key) {
      List<String> id = new ArrayList<>(key.length);
      for (Object v : key) id.add(v == null ? null : v.toString());
      keys.putIfAbsent(id, key);
    }

    List<Object[]> keys() { return new ArrayList<>(keys.values()); }
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
