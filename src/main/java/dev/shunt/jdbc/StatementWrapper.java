package dev.shunt.jdbc;

import dev.shunt.config.Migration;
import dev.shunt.plan.StatementPlan;
import dev.shunt.write.BoundParameters;
import dev.shunt.write.WriteExecution;
import dev.shunt.write.WriteMirror;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;
import java.util.Map;
import java.util.Properties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetFactory;
import javax.sql.rowset.RowSetProvider;

/**
 * Shunt's statement. Every execution first asks the connection for a plan; a pass-through plan
 * (no config, phase {@code old}, or no migrated table named) costs a field read and a text scan.
 */
class StatementWrapper implements Statement {
  final ConnectionWrapper connection;
  final Statement delegate;
  private static final RowSetFactory ROW_SETS = rowSetFactory();

  private ResultSet lastRaw;
  private ResultSet lastWrapped;
  private List<WriteExecution> batch; // mirrored batch entries, created on first need
  private List<BatchEntry> replay; // every entry of the batch, to add it again should Shunt retry it
  private List<SingleRun> separately; // every entry of the batch, to run it on its own
  private int batchSize;

  /** Adds one entry of a batch to the driver's batch again. */
  @FunctionalInterface
  interface BatchEntry {
    void addAgain() throws SQLException;
  }
  private CachedRowSet shuntKeys; // generated keys Shunt read for the last execution, or null
  private PreparedStatement substitute; // the new-table statement Shunt ran instead, until the next execution
  private long substituteCountAdjustment; // added to the substitute's update count (a MariaDB upsert run on PostgreSQL)
  StatementPlan lastPlan; // of the last execution, for writes through its result set
  String lastSql;
  private boolean appAskedKeys;
  private ResultSet routed; // the result of a routed read, until the next execution

  private static RowSetFactory rowSetFactory() {
    try {
      return RowSetProvider.newFactory();
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  StatementWrapper(ConnectionWrapper connection, Statement delegate) {
    this.connection = connection;
    this.delegate = delegate;
  }

  /** Wraps a result set of this statement, returning the same wrapper for the same raw object. */
  final ResultSet resultSet(ResultSet raw) {
    if (raw == null) return null;
    if (raw != lastRaw) {
      lastRaw = raw;
      lastWrapped = connection.resultSet(raw, this);
    }
    return lastWrapped;
  }

  // ---- execution: a pass-through plan goes straight to the driver; a mirrored one through WriteMirror ----

  /** Plans {@code sql} and forgets the keys Shunt kept for the previous execution. */
  final StatementPlan planExecution(String sql) throws SQLException {
    forgetKeys();
    StatementPlan plan = connection.plan(sql);
    lastPlan = plan;
    lastSql = sql;
    return plan;
  }

  /**
   * A row of this statement's result set was changed through updateRow/insertRow/deleteRow:
   * Shunt cannot mirror that write, so it is reported and marked (refused under strict).
   */
  final void rowWrittenThroughResultSet() throws SQLException {
    StatementPlan plan = lastPlan;
    if (plan != null && !plan.reads().isEmpty()) {
      connection.reportUnmirrorable(lastSql, "it changes rows through an updatable result set", plan.reads());
    }
  }

  final void forgetKeys() {
    shuntKeys = null;
    routed = null;
    if (substitute != null) {
      try {
        substitute.close();
      } catch (SQLException ignored) {
        // it served its execution; nothing depends on closing it cleanly
      }
      substitute = null;
    }
  }

  /**
   * Serves a SELECT by its migration's read mode; null when the application's
   * statement should run as written. {@code app} runs it as written, on the old side.
   */
  final ResultSet routedRead(StatementPlan plan, String sql, BoundParameters params, dev.shunt.read.ReadRouter.AppRead app)
      throws SQLException {
    dev.shunt.read.ReadRouter.Outcome o = connection.routeRead(plan.routedRead(), sql, params, app, delegate.getResultSetType(),
        // the JDBC 1 getter: PostgreSQL's driver does not implement the long one, and a limit
        // beyond two billion rows is no limit a SELECT needs
        delegate.getMaxRows());
    if (o == null) return null;
    substitute = o.substitute;
    substituteCountAdjustment = 0;
    routed = resultSet(o.rows);
    return routed;
  }

  /** The statement that ran last: Shunt's substitute on the new table, or the application's own. */
  private Statement keySource() { return substitute != null ? substitute : delegate; }

  /** Runs a mirrored execution of {@code sql}; {@code keysPossible}: the call can return generated keys. */
  final <T> T mirrored(StatementPlan plan, String sql, BoundParameters params, boolean appAskedKeys,
      boolean keysPossible, WriteMirror.Call<T> call, WriteMirror.Substitute<T> onNewSide) throws SQLException {
    this.appAskedKeys = appAskedKeys;
    if (!plan.onNewSide().isEmpty()) {
      T result = connection.writeOnNewSide(new WriteExecution(sql, plan, params), appAskedKeys, sub -> {
        substitute = sub;
        return onNewSide.run(sub);
      }, this::captureKeys);
      substituteCountAdjustment = connection.countAdjustment();
      return result; // a statement the new table cannot take was refused
    }
    return connection.write(List.of(new WriteExecution(sql, plan, params)), plan.mirrored(), call, this::counts,
        keysPossible ? this::captureKeys : null);
  }

  /** Runs the statement behind an {@code INSERT … RETURNING}. */
  @FunctionalInterface
  interface RowsCall {
    ResultSet run() throws SQLException;
  }

  /**
   * An {@code INSERT … RETURNING} under old-primary (jOOQ's {@code insert … returning}): the rows it
   * returns are the inserted ones, so Shunt reads the generated keys from them (the driver has
   * none to give), and the application reads the same rows from a copy.
   */
  final ResultSet returningInsert(StatementPlan plan, String sql, BoundParameters params, RowsCall run) throws SQLException {
    CachedRowSet[] rows = {null};
    WriteMirror.Call<ResultSet> call = k -> {
      CachedRowSet copy = ROW_SETS.createCachedRowSet();
      try (ResultSet rs = run.run()) {
        copy.populate(rs);
      }
      rows[0] = copy;
      return copy;
    };
    ResultSet out = connection.write(List.of(new WriteExecution(sql, plan, params)), plan.mirrored(), call, null, () -> {
      rows[0].beforeFirst();
      return rows[0];
    });
    rows[0].beforeFirst();
    return resultSet(out);
  }

  /** The update count of each execution behind a call's result, or null where there is none. */
  final long[] counts(Object result) throws SQLException {
    if (result instanceof Integer) return new long[] {(Integer) result};
    if (result instanceof Long) return new long[] {(Long) result};
    if (result instanceof Boolean) return (Boolean) result ? null : new long[] {delegate.getUpdateCount()};
    if (result instanceof long[]) return (long[]) result;
    if (result instanceof int[]) {
      int[] c = (int[]) result;
      long[] out = new long[c.length];
      for (int i = 0; i < c.length; i++) out[i] = c[i];
      return out;
    }
    return null;
  }

  /** Copies the driver's generated keys so Shunt and the application can both read them. */
  final ResultSet captureKeys() throws SQLException {
    CachedRowSet rows = ROW_SETS.createCachedRowSet();
    rows.populate(keySource().getGeneratedKeys());
    shuntKeys = rows;
    return rows;
  }

  @Override public ResultSet executeQuery(String sql) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) {
      if (plan.routedRead() != null) {
        ResultSet r = routedRead(plan, sql, null, () -> delegate.executeQuery(sql));
        if (r != null) return r;
      }
      return resultSet(delegate.executeQuery(sql));
    }
    if (plan.returnsInsertedRows() && plan.onNewSide().isEmpty()) return returningInsert(plan, sql, null, () -> delegate.executeQuery(sql));
    return resultSet(mirrored(plan, sql, null, false, false, k -> delegate.executeQuery(sql), PreparedStatement::executeQuery));
  }
  @Override public boolean execute(String sql) throws SQLException {
    if (connection.hasConfig()) {
      TransactionControl control = TransactionControl.of(sql);
      if (control != null) return connection.transactionControl(control, k -> delegate.execute(sql));
    }
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) {
      if (plan.routedRead() != null && routedRead(plan, sql, null, () -> delegate.executeQuery(sql)) != null) return true;
      return delegate.execute(sql);
    }
    return mirrored(plan, sql, null, false, true, k -> k ? delegate.execute(sql, RETURN_GENERATED_KEYS) : delegate.execute(sql), PreparedStatement::execute);
  }
  @Override public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    if (connection.hasConfig()) {
      TransactionControl control = TransactionControl.of(sql);
      if (control != null) return connection.transactionControl(control, k -> delegate.execute(sql, autoGeneratedKeys));
    }
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.execute(sql, autoGeneratedKeys);
    boolean asked = autoGeneratedKeys == RETURN_GENERATED_KEYS;
    return mirrored(plan, sql, null, asked, true, k -> delegate.execute(sql, k ? RETURN_GENERATED_KEYS : autoGeneratedKeys), PreparedStatement::execute);
  }
  @Override public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.execute(sql, columnIndexes);
    return mirrored(plan, sql, null, true, true, k -> delegate.execute(sql, columnIndexes), PreparedStatement::execute);
  }
  @Override public boolean execute(String sql, String[] columnNames) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.execute(sql, columnNames);
    return mirrored(plan, sql, null, true, true, k -> delegate.execute(sql, columnNames), PreparedStatement::execute);
  }
  @Override public int executeUpdate(String sql) throws SQLException {
    if (connection.hasConfig()) {
      TransactionControl control = TransactionControl.of(sql);
      if (control != null) return connection.transactionControl(control, k -> delegate.executeUpdate(sql));
    }
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeUpdate(sql);
    return mirrored(plan, sql, null, false, true, k -> k ? delegate.executeUpdate(sql, RETURN_GENERATED_KEYS) : delegate.executeUpdate(sql), PreparedStatement::executeUpdate);
  }
  @Override public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    if (connection.hasConfig()) {
      TransactionControl control = TransactionControl.of(sql);
      if (control != null) return connection.transactionControl(control, k -> delegate.executeUpdate(sql, autoGeneratedKeys));
    }
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeUpdate(sql, autoGeneratedKeys);
    boolean asked = autoGeneratedKeys == RETURN_GENERATED_KEYS;
    return mirrored(plan, sql, null, asked, true, k -> delegate.executeUpdate(sql, k ? RETURN_GENERATED_KEYS : autoGeneratedKeys), PreparedStatement::executeUpdate);
  }
  @Override public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeUpdate(sql, columnIndexes);
    return mirrored(plan, sql, null, true, true, k -> delegate.executeUpdate(sql, columnIndexes), PreparedStatement::executeUpdate);
  }
  @Override public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeUpdate(sql, columnNames);
    return mirrored(plan, sql, null, true, true, k -> delegate.executeUpdate(sql, columnNames), PreparedStatement::executeUpdate);
  }
  @Override public long executeLargeUpdate(String sql) throws SQLException {
    if (connection.hasConfig()) {
      TransactionControl control = TransactionControl.of(sql);
      if (control != null) return connection.transactionControl(control, k -> delegate.executeLargeUpdate(sql));
    }
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeLargeUpdate(sql);
    return mirrored(plan, sql, null, false, true, k -> k ? delegate.executeLargeUpdate(sql, RETURN_GENERATED_KEYS) : delegate.executeLargeUpdate(sql), PreparedStatement::executeLargeUpdate);
  }
  @Override public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeLargeUpdate(sql, autoGeneratedKeys);
    boolean asked = autoGeneratedKeys == RETURN_GENERATED_KEYS;
    return mirrored(plan, sql, null, asked, true, k -> delegate.executeLargeUpdate(sql, k ? RETURN_GENERATED_KEYS : autoGeneratedKeys), PreparedStatement::executeLargeUpdate);
  }
  @Override public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeLargeUpdate(sql, columnIndexes);
    return mirrored(plan, sql, null, true, true, k -> delegate.executeLargeUpdate(sql, columnIndexes), PreparedStatement::executeLargeUpdate);
  }
  @Override public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    StatementPlan plan = planExecution(sql);
    if (plan.writesPassThrough()) return delegate.executeLargeUpdate(sql, columnNames);
    return mirrored(plan, sql, null, true, true, k -> delegate.executeLargeUpdate(sql, columnNames), PreparedStatement::executeLargeUpdate);
  }

  // ---- batches: the mirrored entries are kept so their keys can be captured around executeBatch ----

  @Override public void addBatch(String sql) throws SQLException {
    if (!connection.hasConfig()) {
      delegate.addBatch(sql);
      return;
    }
    StatementPlan plan = connection.plan(sql);
    delegate.addBatch(sql);
    recordBatchEntry(plan, sql, null, () -> delegate.addBatch(sql), () -> executeLargeUpdate(sql));
  }

  /**
   * Remembers a batch entry: a mirrored one for key capture, and (while the batch mirrors
   * anything) every one, so that a retried batch can be rebuilt. Pass-through batches keep nothing.
   */
  final void recordBatchEntry(StatementPlan plan, String sql, BoundParameters params, BatchEntry entry, SingleRun alone) {
    int index = batchSize++;
    if (plan.writesPassThrough() && (batch == null || batch.isEmpty())) {
      if (replay != null) {
        replay.add(entry);
        separately.add(alone);
      }
      return;
    }
    if (batch == null) batch = new ArrayList<>();
    if (replay == null) {
      replay = new ArrayList<>();
      separately = new ArrayList<>();
    }
    if (batch.isEmpty()) {
      // the first mirrored entry: the entries before it were pass-through, and cannot be replayed
      // unless recorded; start recording now and mark the earlier ones as lost for replay
      for (int i = replay.size(); i < index; i++) {
        replay.add(null);
        separately.add(null);
      }
    }
    replay.add(entry);
    separately.add(alone);
    batch.add(new WriteExecution(sql, plan, params, index));
  }

  /** Runs one batch entry on its own, through Shunt's single-statement path. */
  @FunctionalInterface
  interface SingleRun {
    long run() throws SQLException;
  }

  @Override public void clearBatch() throws SQLException {
    delegate.clearBatch();
    resetBatch();
  }
  @Override public int[] executeBatch() throws SQLException {
    forgetKeys();
    if (batch == null || batch.isEmpty()) {
      resetBatch();
      return delegate.executeBatch();
    }
    if (onNewSide() || keysOnlyOneByOne()) {
      long[] counts = entryByEntry();
      int[] out = new int[counts.length];
      for (int i = 0; i < counts.length; i++) out[i] = (int) counts[i];
      return out;
    }
    return mirroredBatch(k -> delegate.executeBatch());
  }
  @Override public long[] executeLargeBatch() throws SQLException {
    forgetKeys();
    if (batch == null || batch.isEmpty()) {
      resetBatch();
      return delegate.executeLargeBatch();
    }
    if (onNewSide() || keysOnlyOneByOne()) return entryByEntry();
    return mirroredBatch(k -> delegate.executeLargeBatch());
  }

  /**
   * True when the batch writes a table whose new side is primary: such entries are rewritten one by
   * one, so the batch runs entry by entry. Where an entry was not recorded it cannot, and the batch
   * runs as written, reported.
   */
  private boolean onNewSide() throws SQLException {
    List<WriteExecution> onNew = new ArrayList<>();
    for (WriteExecution e : batch) if (!e.plan().onNewSide().isEmpty()) onNew.add(e);
    if (onNew.isEmpty()) return false;
    if (!separately.contains(null)) return true;
    for (WriteExecution e : onNew) {
      connection.reportUnmirrorable(e.sql(), "a batch entry before it was not recorded; prepare the batch again", e.plan().onNewSide());
    }
    return false;
  }

  /**
   * True when an entry's mirror needs keys the database generates but the batch cannot return
   * them (a plain Statement's batch: jOOQ's {@code batch(…)} of literal SQL): run one by one, each
   * entry hands Shunt its keys, so the whole batch is mirrored instead of none of it.
   */
  private boolean keysOnlyOneByOne() throws SQLException {
    if (batchKeysPossible() || separately == null || separately.contains(null)) return false;
    for (WriteExecution e : batch) if (connection.shuntNeedsKeys(e.plan(), e.sql())) return true;
    return false;
  }

  /**
   * Runs the batch's entries one by one through Shunt, as the application's driver runs a batch:
   * MariaDB's goes on after a failed entry (marked {@code EXECUTE_FAILED}) and reports it at the
   * end; PostgreSQL's stops, and under autocommit the whole batch is one transaction. The keys the
   * entries generated are returned together, as the driver returns them.
   */
  private long[] entryByEntry() throws SQLException {
    List<SingleRun> runs = new ArrayList<>(separately);
    resetBatch();
    delegate.clearBatch();
    boolean goesOn = connection.oldDialect().batchContinuesAfterFailure();
    boolean atomic = !goesOn && connection.getAutoCommit();
    if (atomic) connection.setAutoCommit(false);
    long[] counts = new long[runs.size()];
    SQLException failed = null;
    CachedRowSet keys = null;
    boolean ok = false;
    try {
      for (int i = 0; i < counts.length; i++) {
        try {
          counts[i] = runs.get(i).run();
          if (appAskedKeys) keys = appendKeys(keys);
        } catch (SQLException e) {
          if (!goesOn) {
            // PostgreSQL's driver reports every entry of a failed batch as failed
            long[] failedAll = new long[counts.length];
            java.util.Arrays.fill(failedAll, EXECUTE_FAILED);
            throw new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), failedAll, e);
          }
          counts[i] = EXECUTE_FAILED;
          if (failed == null) failed = e;
        }
      }
      ok = true;
    } finally {
      if (atomic) {
        if (ok) connection.commit();
        else connection.rollback();
        connection.setAutoCommit(true);
      }
    }
    if (keys != null) shuntKeys = keys;
    if (failed != null) throw new BatchUpdateException(failed.getMessage(), failed.getSQLState(), failed.getErrorCode(), counts, failed);
    return counts;
  }

  /** The keys of the entry that just ran, added to those of the entries before it. */
  private CachedRowSet appendKeys(CachedRowSet sofar) throws SQLException {
    try (ResultSet now = getGeneratedKeys()) {
      if (sofar == null) {
        CachedRowSet rows = ROW_SETS.createCachedRowSet();
        rows.populate(now);
        return rows;
      }
      int n = now.getMetaData().getColumnCount();
      sofar.last();
      while (now.next()) {
        sofar.moveToInsertRow();
        for (int c = 1; c <= n; c++) sofar.updateObject(c, now.getObject(c));
        sofar.insertRow();
        sofar.moveToCurrentRow();
      }
      return sofar;
    }
  }

  private void resetBatch() {
    batchSize = 0;
    if (batch != null) batch.clear();
    if (replay != null) replay.clear();
    if (separately != null) separately.clear();
  }

  /** True when this statement's batch can return generated keys (prepared with a key request). */
  boolean batchKeysPossible() { return false; }

  private <T> T mirroredBatch(WriteMirror.Call<T> call) throws SQLException {
    List<WriteExecution> entries = new ArrayList<>(batch);
    List<BatchEntry> again = new ArrayList<>(replay);
    resetBatch(); // JDBC clears the batch on execution, whatever its outcome
    Set<Migration> migrations = new LinkedHashSet<>();
    for (WriteExecution e : entries) migrations.addAll(e.plan().mirrored());
    appAskedKeys = keyRequestIsApp();
    boolean replayable = !again.contains(null);
    boolean[] ran = {false};
    WriteMirror.Call<T> rerunnable = k -> {
      if (ran[0]) for (BatchEntry e : again) e.addAgain(); // the driver cleared it on the first run
      ran[0] = true;
      return call.run(k);
    };
    WriteMirror.Counts<T> counts = result -> {
      long[] all = counts(result);
      if (all == null) return null;
      long[] mine = new long[entries.size()];
      for (int i = 0; i < mine.length; i++) {
        int at = entries.get(i).batchIndex();
        mine[i] = at < all.length ? all[at] : -1;
      }
      return mine;
    };
    // without a full replay list the batch cannot run twice: no retry, so no phantom guard
    return connection.write(entries, new ArrayList<>(migrations), rerunnable, replayable ? counts : null,
        batchKeysPossible() ? this::captureKeys : null);
  }

  boolean keyRequestIsApp() { return false; }

  @Override public Connection getConnection() { return connection; }
  @Override public ResultSet getResultSet() throws SQLException {
    if (routed != null) return routed;
    return resultSet(keySource().getResultSet());
  }
  @Override public ResultSet getGeneratedKeys() throws SQLException {
    if (shuntKeys == null) return resultSet(keySource().getGeneratedKeys());
    if (!appAskedKeys) return connection.keysNotRequested(this, shuntKeys);
    shuntKeys.beforeFirst();
    return resultSet(shuntKeys);
  }
  @Override public void close() throws SQLException {
    forgetKeys();
    delegate.close();
  }

  // ---- results of the last execution: from Shunt's substitute when one ran ----

  @Override public int getUpdateCount() throws SQLException {
    if (routed != null) return -1;
    int n = keySource().getUpdateCount();
    return substitute != null && n >= 0 ? (int) (n + substituteCountAdjustment) : n;
  }
  @Override public long getLargeUpdateCount() throws SQLException {
    if (routed != null) return -1;
    long n = keySource().getLargeUpdateCount();
    return substitute != null && n >= 0 ? n + substituteCountAdjustment : n;
  }
  @Override public boolean getMoreResults() throws SQLException { return getMoreResults(CLOSE_CURRENT_RESULT); }
  @Override public boolean getMoreResults(int current) throws SQLException {
    if (routed != null) {
      if (current != KEEP_CURRENT_RESULT) routed.close();
      routed = null;
      return false;
    }
    return keySource().getMoreResults(current);
  }
  @Override public SQLWarning getWarnings() throws SQLException { return keySource().getWarnings(); }

  @Override public <T> T unwrap(Class<T> iface) throws SQLException { return Wrappers.unwrap(this, delegate, iface); }
  @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return Wrappers.isWrapperFor(this, delegate, iface); }

  // ---- plain delegation ----

  @Override public void cancel() throws SQLException { delegate.cancel(); }
  @Override public void clearWarnings() throws SQLException { delegate.clearWarnings(); }
  @Override public void closeOnCompletion() throws SQLException { delegate.closeOnCompletion(); }
  @Override public String enquoteIdentifier(String s0, boolean b1) throws SQLException { return delegate.enquoteIdentifier(s0, b1); }
  @Override public String enquoteLiteral(String s) throws SQLException { return delegate.enquoteLiteral(s); }
  @Override public String enquoteNCharLiteral(String s) throws SQLException { return delegate.enquoteNCharLiteral(s); }
  @Override public int getFetchDirection() throws SQLException { return delegate.getFetchDirection(); }
  @Override public int getFetchSize() throws SQLException { return delegate.getFetchSize(); }
  @Override public long getLargeMaxRows() throws SQLException { return delegate.getLargeMaxRows(); }
  @Override public int getMaxFieldSize() throws SQLException { return delegate.getMaxFieldSize(); }
  @Override public int getMaxRows() throws SQLException { return delegate.getMaxRows(); }
  @Override public int getQueryTimeout() throws SQLException { return delegate.getQueryTimeout(); }
  @Override public int getResultSetConcurrency() throws SQLException { return delegate.getResultSetConcurrency(); }
  @Override public int getResultSetHoldability() throws SQLException { return delegate.getResultSetHoldability(); }
  @Override public int getResultSetType() throws SQLException { return delegate.getResultSetType(); }
  @Override public boolean isCloseOnCompletion() throws SQLException { return delegate.isCloseOnCompletion(); }
  @Override public boolean isClosed() throws SQLException { return delegate.isClosed(); }
  @Override public boolean isPoolable() throws SQLException { return delegate.isPoolable(); }
  @Override public boolean isSimpleIdentifier(String s) throws SQLException { return delegate.isSimpleIdentifier(s); }
  @Override public void setCursorName(String s) throws SQLException { delegate.setCursorName(s); }
  @Override public void setEscapeProcessing(boolean b) throws SQLException { delegate.setEscapeProcessing(b); }
  @Override public void setFetchDirection(int i) throws SQLException { delegate.setFetchDirection(i); }
  @Override public void setFetchSize(int i) throws SQLException { delegate.setFetchSize(i); }
  @Override public void setLargeMaxRows(long l) throws SQLException { delegate.setLargeMaxRows(l); }
  @Override public void setMaxFieldSize(int i) throws SQLException { delegate.setMaxFieldSize(i); }
  @Override public void setMaxRows(int i) throws SQLException { delegate.setMaxRows(i); }
  @Override public void setPoolable(boolean b) throws SQLException { delegate.setPoolable(b); }
  @Override public void setQueryTimeout(int i) throws SQLException { delegate.setQueryTimeout(i); }
}
