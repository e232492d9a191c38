package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One migration's key capture across the executions of one application call: the keys its pre-selects locked, the rows an upsert may hit on a unique index, and
 * the inserted keys, from values or from the generated keys.
 */
final class KeyCapture {

  final Migration migration;
  final List<MirrorPlan> plans;
  private final Dialect dialect;
  private final UniqueIndexes uniqueIndexes;
  private final Map<List<String>, Object[]> keys = new LinkedHashMap<>();
  private long conflicting; // rows an upsert's values matched on a unique index, before it ran

  /** How many existing rows the upserts' values matched on a unique index before they ran. */
  long conflictingRows() { return conflicting; }

  KeyCapture(Migration migration, List<MirrorPlan> plans, Dialect dialect, UniqueIndexes uniqueIndexes) {
    this.migration = migration;
    this.plans = plans;
    this.dialect = dialect;
    this.uniqueIndexes = uniqueIndexes;
  }

  /** What the primary holds for every captured key, when all of this capture's statements agree. */
  MirrorPlan.Presence presence() {
    MirrorPlan.Presence out = null;
    for (MirrorPlan p : plans) {
      if (p == MirrorPlan.NOTHING) continue;
      if (out == null) out = p.presence();
      else if (out != p.presence()) return MirrorPlan.Presence.UNKNOWN;
    }
    return out == null ? MirrorPlan.Presence.UNKNOWN : out;
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
      if (plan.candidates() != null) readWithParameters(c, plan.candidates(), executions.get(i).params);
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

  void forgetKeys() {
    keys.clear();
    conflicting = 0;
  }

  private long readWithParameters(Connection c, IndexedSql sql, BoundParameters params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.sql())) {
      for (int p = 0; p < sql.parameterCount(); p++) params.bind(ps, p + 1, sql.sourceIndex(p));
      return readKeys(ps);
    }
  }

  /**
   * An upsert may update or replace rows other than the ones its keys name: those that match
   * its values on any unique index. Lock and record them first.
   */
  private void lockConflictingRows(Connection c, MirrorPlan plan, BoundParameters params) throws SQLException {
    List<String> where = new ArrayList<>();
    List<Object> bind = new ArrayList<>();
    for (List<String> index : uniqueIndexes.of(c, migration)) {
      int[] positions = new int[index.size()];
      String[] defaults = new String[index.size()];
      boolean conflicts = true;
      boolean anyCondition = false;
      for (int k = 0; k < positions.length && conflicts; k++) {
        positions[k] = UniqueIndexes.indexOf(plan.conflictColumns(), index.get(k));
        if (positions[k] >= 0) {
          anyCondition = true;
          continue;
        }
        // a column the insert leaves to its default: NULL never conflicts; a constant default
        // does, so the rows holding it are candidates; a default that differs each time (a
        // sequence, a clock) is left out of the condition, which only widens it
        String def = uniqueIndexes.defaults(c, migration).get(index.get(k).toLowerCase(java.util.Locale.ROOT));
        if (def == null) conflicts = false;
        else if (!MirrorPlanner.nonDeterministicDefault(def)) {
          defaults[k] = def;
          anyCondition = true;
        }
      }
      if (!conflicts || !anyCondition) continue;
      for (KeySource[] row : plan.conflictRows()) {
        StringBuilder cond = new StringBuilder("(");
        boolean first = true;
        for (int k = 0; k < positions.length; k++) {
          if (positions[k] < 0 && defaults[k] == null) continue;
          cond.append(first ? "" : " AND ").append(dialect.quote(index.get(k)));
          first = false;
          if (positions[k] < 0) {
            cond.append(" = (").append(defaults[k]).append(')');
            continue;
          }
          KeySource source = row[positions[k]];
          if (source == null) {
            throw new IllegalStateException("unique column " + index.get(k) + " gets a value Shunt cannot evaluate");
          }
          cond.append(" = ?");
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
      conflicting += readKeys(ps);
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

  /**
   * Adds the keys the executions inserted. {@code insertedRows} is how many rows the driver says
   * were inserted (-1 when unknown): MariaDB Connector/J returns only the first generated key of a
   * multi-row INSERT, and the others follow it by {@code auto_increment_increment} as long as the
   * server hands out consecutive values ({@code innodb_autoinc_lock_mode} below 2).
   */
  void addInsertedKeys(Connection c, List<WriteExecution> executions, ResultSet generated, long insertedRows)
      throws SQLException {
    for (int i = 0; i < plans.size(); i++) {
      for (KeySource[] row : plans.get(i).insertedRows()) {
        Object[] key = new Object[row.length];
        for (int k = 0; k < row.length; k++) key[k] = row[k].value(c, executions.get(i).params);
        add(key);
      }
    }
    if (generated != null && needsGeneratedKeys()) {
      int column = keyColumn(generated.getMetaData(), migration.oldKey().get(0));
      List<Object> got = new ArrayList<>();
      while (generated.next()) got.add(generated.getObject(column));
      for (Object k : got) add(new Object[] {k});
      boolean plainInsert = plans.stream().allMatch(p -> p.conflictRows().isEmpty());
      if (plainInsert && insertedRows > got.size() && !got.isEmpty()) addFollowingKeys(c, got, insertedRows);
    }
  }

  private void addFollowingKeys(Connection c, List<Object> got, long insertedRows) throws SQLException {
    if (dialect != Dialect.MARIADB || got.size() != 1) {
      throw new KeyCaptureException("the driver returned " + got.size() + " generated keys for " + insertedRows + " inserted rows");
    }
    long step;
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@auto_increment_increment, @@innodb_autoinc_lock_mode")) {
      rs.next();
      step = rs.getLong(1);
      if (rs.getLong(2) >= 2) {
        throw new KeyCaptureException("multi-row INSERT with generated keys under innodb_autoinc_lock_mode=2: keys unknown");
      }
    }
    long first = ((Number) got.get(0)).longValue();
    for (long i = 1; i < insertedRows; i++) add(new Object[] {first + i * step});
  }

  private void add(Object[] key) {
    keys.putIfAbsent(Keys.id(key), key);
  }

  List<Object[]> keys() { return new ArrayList<>(keys.values()); }

  /** The generated-keys column of {@code key}: by name where the driver names it, else the first. */
  private static int keyColumn(ResultSetMetaData md, String key) throws SQLException {
    for (int i = 1; i <= md.getColumnCount(); i++) {
      if (md.getColumnLabel(i).equalsIgnoreCase(key) || md.getColumnName(i).equalsIgnoreCase(key)) return i;
    }
    if (md.getColumnCount() == 1) return 1; // MariaDB names it insert_id
    throw new KeyCaptureException("Shunt cannot find key column " + key + " among the generated keys");
  }

  /** Shunt's own reason for not knowing a key: its message carries no value, so it may be logged. */
  static final class KeyCaptureException extends SQLException {
    private static final long serialVersionUID = 1L;

    KeyCaptureException(String message) { super(message, "HY000"); }
  }
}
