package dev.shunt.jdbc;

import dev.shunt.config.ConfigHandle;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.Migration;
import dev.shunt.fleet.Heartbeat;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.plan.StatementPlan;
import dev.shunt.plan.StatementPlanner;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.NewDatabaseSession;
import dev.shunt.write.RepairQueue;
import dev.shunt.write.RepairWorker;
import dev.shunt.write.Repairer;
import dev.shunt.write.SecondarySession;
import dev.shunt.write.SideConnections;
import dev.shunt.write.WriteExecution;
import dev.shunt.write.WriteMirror;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.*;
import java.util.Calendar;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Shunt's connection. Pins the configuration snapshot for the length of a transaction (per
 * statement under autocommit) and hands every statement it creates a way back to itself.
 * Without a toggle file ({@code config == null}) every call is a plain delegation.
 */
final class ConnectionWrapper implements ShuntConnection, dev.shunt.read.ReadSides, dev.shunt.plan.SqlSession {
  final Connection delegate;
  private final ConfigHandle config;
  private final StatementPlanner planner;
  private final SideConnections side;
  private WriteMirror mirror; // created at the first mirrored write
  private SecondarySession secondary; // two-database migrations: created at the first mirrored write
  private NewDatabaseSession newDatabase; // two-database new-primary: created at the first write there
  private ShuntConfig pinned; // the snapshot of the open transaction; null between transactions
  private boolean sqlTransaction; // a transaction opened with BEGIN / START TRANSACTION under JDBC autocommit
  private boolean autoCommit;
  private boolean released;
  private DatabaseMetaDataWrapper metaData;
  private Dialect dialect; // of the application's database, read once
  private Connection newReads; // two databases: Shunt's autocommit link for reads of the new side
  private String homeSchema; // the database or schema the connection opened in; read at the first need
  private String schemaNow; // PostgreSQL, H2: the current schema, read once and again after the application changes it

  ConnectionWrapper(Connection delegate, ConfigHandle config, StatementPlanner planner, SideConnections side)
      throws SQLException {
    this.delegate = delegate;
    this.config = config;
    this.planner = planner;
    this.side = side;
    this.autoCommit = config == null || delegate.getAutoCommit();
    if (config != null && oldDialect() == Dialect.MARIADB) homeSchema = currentSchema(); // before any USE; no round trip
    if (config != null && side != null) Heartbeat.ensureRunning(config, side);
  }

  // ---- configuration and planning ----

  @Override public ShuntConfig currentConfig() {
    if (config == null) return null;
    if (autoCommit && !sqlTransaction) return config.current();
    if (pinned == null) pinned = config.current();
    return pinned;
  }

  /** The plan for {@code sql} under this connection's snapshot; pass-through without a config. */
  StatementPlan plan(String sql) throws SQLException {
    if (config == null) return StatementPlan.PASS_THROUGH;
    if (schemaNow != null && startsWithSet(sql)) schemaNow = null; // SET search_path / SET SCHEMA
    return planner.plan(currentConfig(), sql, this);
  }

  /** Re-plans a prepared statement only when the snapshot changed since it was last planned. */
  StatementPlan replan(PreparedStatementWrapper ps) throws SQLException {
    if (config == null) return StatementPlan.PASS_THROUGH;
    ShuntConfig snapshot = currentConfig();
    if (ps.plannedUnder != snapshot) {
      ps.plan = planner.plan(snapshot, ps.sql, this);
      ps.plannedUnder = snapshot;
    }
    return ps.plan;
  }

  // ---- how the application's server reads a statement (dev.shunt.plan.SqlSession) ----

  @Override public dev.shunt.sql.ServerReading.Family family() throws SQLException {
    Dialect d = oldDialect();
    if (d == Dialect.MARIADB) return dev.shunt.sql.ServerReading.Family.MARIADB;
    return d == Dialect.POSTGRESQL ? dev.shunt.sql.ServerReading.Family.POSTGRESQL : dev.shunt.sql.ServerReading.Family.H2;
  }

  @Override public String currentSchema() {
    try {
      if (oldDialect() == Dialect.MARIADB) {
        // the driver tracks USE through the server's session tracking: no round trip
        String catalog = delegate.getCatalog();
        return catalog == null || catalog.equals("def") ? delegate.getSchema() : catalog;
      }
      if (schemaNow == null) schemaNow = delegate.getSchema();
      return schemaNow;
    } catch (SQLException e) {
      return null; // unknown: a qualified name is then a doubt, never a guess
    }
  }

  @Override public String homeSchema() {
    if (homeSchema == null) homeSchema = currentSchema();
    return homeSchema;
  }

  private static boolean startsWithSet(String sql) {
    int i = 0;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) i++;
    return sql.regionMatches(true, i, "SET", 0, 3);
  }

  /** False when Shunt runs without a toggle file: every call is a plain delegation. */
  boolean hasConfig() { return config != null; }

  /** True when a prepared statement of {@code sql} must record its parameters (it names a migrated table). */
  boolean recordsParameters(String sql) {
    return config != null && config.current().anyMigratedTable().mentionsAny(sql);
  }

  /** True when mirroring {@code plan} needs the keys the database generates for the insert. */
  boolean shuntNeedsKeys(StatementPlan plan, String sql) throws SQLException {
    // RETURNING hands Shunt the keys in the rows; asking the driver as well makes PostgreSQL's return no rows
    if (plan.mirrored().isEmpty() || plan.returnsInsertedRows()) return false;
    WriteExecution e = new WriteExecution(sql, plan, null);
    for (Migration m : plan.mirrored()) if (mirror().needsGeneratedKeys(delegate, e, m)) return true;
    return false;
  }

  /** Runs an application write through the mirror. */
  <T> T write(List<WriteExecution> executions, List<Migration> migrations, WriteMirror.Call<T> call,
      WriteMirror.Counts<T> counts, WriteMirror.GeneratedKeys keys) throws SQLException {
    ShuntConfig snapshot = currentConfig();
    return mirror().run(delegate, autoCommit && !sqlTransaction, snapshot, migrations, executions, call, counts, keys,
        secondary(snapshot));
  }

  /** Runs an application write on the new table (new-primary, new-only); refused when it cannot be rewritten. */
  <T> T writeOnNewSide(WriteExecution execution, boolean appAskedKeys, WriteMirror.Substitute<T> run,
      WriteMirror.GeneratedKeys keys) throws SQLException {
    ShuntConfig snapshot = currentConfig();
    return mirror().runOnNew(delegate, autoCommit && !sqlTransaction, snapshot, execution.plan().onNewSide().get(0), execution,
        appAskedKeys, run, keys, newDatabase(snapshot));
  }

  /** What the last new-side execution adds to its substitute's update count. */
  long countAdjustment() { return mirror == null ? 0 : mirror.countAdjustment(); }

  /** The connection to the new database while it is primary, or null when the new tables live in the old one. */
  private NewDatabaseSession newDatabase(ShuntConfig snapshot) throws SQLException {
    if (snapshot.newDatabase() == null) return null;
    if (newDatabase == null) {
      newDatabase = new NewDatabaseSession(snapshot.newDatabase(), mirror().queue(), snapshot.oldDatabase(), ShuntMetrics.process(),
          mirror().dialect());
    }
    return newDatabase;
  }

  /** Commits the application's transaction: the secondary before the primary, whichever side is which. */
  private void commitBothSides() throws SQLException {
    if (newDatabase != null && newDatabase.active()) newDatabase.commit(() -> WriteMirror.commit(delegate, secondary));
    else WriteMirror.commit(delegate, secondary);
  }

  void reportUnmirrorable(String sql, String why, List<Migration> migrations) throws SQLException {
    planner.unmirrored().report(currentConfig(), sql, why, migrations, true);
  }

  /** The link to the secondary database, or null when the new tables live in the primary's. */
  private SecondarySession secondary(ShuntConfig snapshot) throws SQLException {
    if (snapshot.newDatabase() == null) return null;
    if (secondary == null) {
      secondary = new SecondarySession(snapshot.newDatabase(), mirror().dialect(), mirror().queue(), ShuntMetrics.process());
    }
    return secondary;
  }

  private WriteMirror mirror() throws SQLException {
    if (mirror == null) {
      Dialect dialect = Dialect.forProductName(delegate.getMetaData().getDatabaseProductName());
      Path file = config.path();
      RepairQueue queue = new RepairQueue(dialect, side, RepairQueue.localFile(file), config.current().state());
      mirror = new WriteMirror(dialect, queue, ShuntMetrics.process(), planner.unmirrored());
      RepairWorker.ensureRunning(config, new Repairer(side, dialect, queue, config::current));
    }
    return mirror;
  }

  /**
   * What the application gets from getGeneratedKeys() when it did not ask for keys but Shunt did:
   * the raw driver's answer, an error on MariaDB and no rows elsewhere.
   */
  ResultSet keysNotRequested(StatementWrapper owner, javax.sql.rowset.CachedRowSet shuntKeys) throws SQLException {
    if (mirror().dialect() == Dialect.MARIADB) {
      throw new SQLException("Cannot return generated keys: query was not set with Statement.RETURN_GENERATED_KEYS");
    }
    return owner.resultSet(NoRows.of(shuntKeys.getMetaData()));
  }

  /** Runs {@code call}, a transaction boundary written as SQL, with the bookkeeping of the JDBC method it stands for. */
  <T> T transactionControl(TransactionControl control, WriteMirror.Call<T> call) throws SQLException {
    switch (control) {
      case DISTRIBUTED: {
        ShuntConfig snapshot = currentConfig();
        for (Migration m : snapshot.activeMigrations()) {
          if (m.writes() != dev.shunt.config.WriteMode.OFF) {
            throw new dev.shunt.plan.Refusal("Shunt cannot mirror writes of a distributed (XA or prepared) transaction, and migration "
                + m.name() + " writes the new side in phase " + m.phaseLabel() + "; run it outside Shunt or move the migration to phase old");
          }
        }
        return call.run(false);
      }
      case COMMIT_AND_CHAIN:
      case ROLLBACK_AND_CHAIN: {
        T r = transactionControl(control == TransactionControl.COMMIT_AND_CHAIN ? TransactionControl.COMMIT : TransactionControl.ROLLBACK, call);
        if (autoCommit) sqlTransaction = true; // the chained transaction is open, as after BEGIN
        return r;
      }
      case AUTOCOMMIT_OFF: {
        T r = call.run(false);
        if (autoCommit) {
          autoCommit = false;
          if (!sqlTransaction) transactionEnded(); // a fresh transaction begins, as with setAutoCommit(false)
        }
        return r;
      }
      case AUTOCOMMIT_ON: {
        if (autoCommit) return call.run(false); // no change: an open BEGIN goes on
        try {
          return transactionControl(TransactionControl.COMMIT, call); // switching on commits the transaction
        } finally {
          autoCommit = delegate.getAutoCommit();
        }
      }
      case BEGIN: {
        T r = call.run(false);
        sqlTransaction = true;
        transactionEnded();
        return r;
      }
      case ROLLBACK: {
        try {
          return call.run(false);
        } finally {
          if (secondary != null) secondary.discard();
          if (newDatabase != null) newDatabase.rollback();
          sqlTransaction = false;
          transactionEnded();
        }
      }
      default: {
        Map<Migration, List<Object[]>> flushed;
        try {
          flushed = secondary != null && secondary.hasPending() ? secondary.flush(delegate) : null;
        } catch (SQLException e) {
          delegate.rollback(); // on_secondary_failure: fail — the commit fails whole
          sqlTransaction = false;
          transactionEnded();
          throw e;
        }
        List<T> out = new java.util.ArrayList<>(1);
        try {
          if (newDatabase != null && newDatabase.active()) newDatabase.commit(() -> out.add(call.run(false)));
          else out.add(call.run(false));
        } catch (SQLException e) {
          if (flushed != null) secondary.primaryCommitFailed(flushed, e);
          throw e;
        } finally {
          sqlTransaction = false;
          transactionEnded();
        }
        return out.get(0);
      }
    }
  }

  /** Ends the transaction's pin: the next statement takes the snapshot then in force. */
  private void transactionEnded() { pinned = null; }

  // ---- wrappers on the way out ----

  ResultSet resultSet(ResultSet rs, StatementWrapper owner) {
    return rs == null ? null : new ResultSetWrapper(this, owner, rs);
  }

  Object wrapIfResultSet(Object value, StatementWrapper owner) {
    return value instanceof ResultSet ? resultSet((ResultSet) value, owner) : value;
  }

  @Override public Statement createStatement() throws SQLException {
    return new StatementWrapper(this, delegate.createStatement());
  }
  @Override public Statement createStatement(int type, int concurrency) throws SQLException {
    return new StatementWrapper(this, delegate.createStatement(type, concurrency));
  }
  @Override public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
    return new StatementWrapper(this, delegate.createStatement(type, concurrency, holdability));
  }
  @Override public PreparedStatement prepareStatement(String sql) throws SQLException {
    if (shuntNeedsKeys(plan(sql), sql)) {
      return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS), sql, KeyRequest.SHUNT);
    }
    return new PreparedStatementWrapper(this, delegate.prepareStatement(sql), sql, KeyRequest.NONE);
  }
  @Override public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    if (autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS) {
      return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql, KeyRequest.APP);
    }
    if (shuntNeedsKeys(plan(sql), sql)) {
      return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS), sql, KeyRequest.SHUNT);
    }
    return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, autoGeneratedKeys), sql, KeyRequest.NONE);
  }
  @Override public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, columnIndexes), sql, KeyRequest.APP);
  }
  @Override public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, columnNames), sql, KeyRequest.APP);
  }
  @Override public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
    return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, type, concurrency), sql, KeyRequest.NONE);
  }
  @Override public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
    return new PreparedStatementWrapper(this, delegate.prepareStatement(sql, type, concurrency, holdability), sql, KeyRequest.NONE);
  }
  @Override public CallableStatement prepareCall(String sql) throws SQLException {
    return new CallableStatementWrapper(this, delegate.prepareCall(sql), sql);
  }
  @Override public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
    return new CallableStatementWrapper(this, delegate.prepareCall(sql, type, concurrency), sql);
  }
  @Override public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
    return new CallableStatementWrapper(this, delegate.prepareCall(sql, type, concurrency, holdability), sql);
  }
  @Override public DatabaseMetaData getMetaData() throws SQLException {
    DatabaseMetaData raw = delegate.getMetaData();
    if (metaData == null || metaData.delegate != raw) metaData = new DatabaseMetaDataWrapper(this, raw);
    return metaData;
  }

  // ---- transaction boundaries ----

  @Override public void setAutoCommit(boolean on) throws SQLException {
    if (config != null && on == autoCommit) {
      delegate.setAutoCommit(on); // JDBC: no change, no commit; the transaction and its snapshot go on
      return;
    }
    if (on && !autoCommit && (secondary != null && secondary.hasPending() || newDatabase != null && newDatabase.active())) {
      commitBothSides(); // switching autocommit on commits the transaction
    }
    delegate.setAutoCommit(on);
    autoCommit = on;
    transactionEnded(); // switching commits (on) or starts a fresh transaction (off)
  }
  @Override public void commit() throws SQLException {
    try {
      commitBothSides();
    } finally {
      sqlTransaction = false;
      transactionEnded();
    }
  }
  @Override public void rollback() throws SQLException {
    try {
      delegate.rollback();
    } finally {
      if (secondary != null) secondary.discard();
      if (newDatabase != null) newDatabase.rollback();
      sqlTransaction = false;
      transactionEnded();
    }
  }

  // ---- reads (dev.shunt.read) ----

  /** Routes a SELECT by its migration's read mode; null when the application's statement runs as written. */
  dev.shunt.read.ReadRouter.Outcome routeRead(Migration m, String sql, dev.shunt.write.BoundParameters params,
      dev.shunt.read.ReadRouter.AppRead app, int resultSetType, long maxRows) throws SQLException {
    return ConnectionFactory.ROUTER.read(currentConfig(), m, sql, params, this, app, resultSetType, maxRows);
  }

  @Override public Connection oldConnection() { return delegate; }

  @Override public Connection newConnection() throws SQLException {
    ShuntConfig snapshot = currentConfig();
    if (snapshot.newDatabase() == null) return delegate;
    if (inTransaction() && newDatabase != null) return newDatabase.connection(); // sees this transaction's writes
    if (newReads == null || newReads.isClosed()) {
      newReads = SecondarySession.open(snapshot.newDatabase());
      newReads.setAutoCommit(true);
    }
    return newReads;
  }

  @Override public Dialect oldDialect() throws SQLException {
    if (dialect == null) dialect = Dialect.forProductName(delegate.getMetaData().getDatabaseProductName());
    return dialect;
  }

  @Override public Dialect newDialect() throws SQLException {
    ShuntConfig snapshot = currentConfig();
    return snapshot.newDatabase() == null ? oldDialect() : Dialect.forUrl(snapshot.newDatabase().url());
  }

  @Override public boolean sameDatabase() { return currentConfig().newDatabase() == null; }

  @Override public boolean inTransaction() { return !autoCommit || sqlTransaction; }

  @Override public boolean secondaryBehind(Migration m) {
    if (!inTransaction()) return false;
    if (m.newIsPrimary()) return newDatabase != null && newDatabase.oldSideBehind(m);
    return secondary != null && secondary.hasPending(m);
  }

  @Override public dev.shunt.read.CompareReads.Source compareSource() throws SQLException {
    ShuntConfig snapshot = currentConfig();
    Dialect old = oldDialect();
    Dialect neu = newDialect();
    dev.shunt.config.DatabaseSettings newDb = snapshot.newDatabase();
    return new dev.shunt.read.CompareReads.Source() {
      @Override public Connection open(boolean newSide) throws SQLException {
        Connection c = newSide && newDb != null ? SecondarySession.open(newDb) : side.open();
        if (!c.getAutoCommit()) c.setAutoCommit(true);
        return c;
      }

      @Override public Object reuseKey(boolean newSide) {
        if (newSide && newDb != null) return java.util.List.of("new", newDb.url(), String.valueOf(newDb.user()));
        return side.reuseKey();
      }

      @Override public Dialect dialect(boolean newSide) { return newSide ? neu : old; }

      @Override public boolean sameDatabase() { return newDb == null; }

      @Override public Migration current(String name) { return config.current().migrations().get(name); }
    };
  }

  // ---- lifecycle ----

  @Override public void close() throws SQLException {
    try {
      delegate.close();
    } finally {
      closeSessions();
      releaseConfig();
    }
  }
  @Override public void abort(Executor executor) throws SQLException {
    try {
      delegate.abort(executor);
    } finally {
      closeSessions();
      releaseConfig();
    }
  }

  /**
   * Ends the links to the other database. Keys still pending belong to a transaction that may
   * have committed behind JDBC's back (a COMMIT statement, DDL's implicit commit): they are queued
   * for repair, which copies whatever the primary holds, rather than dropped.
   */
  private void closeSessions() {
    if (secondary != null) {
      secondary.queuePending("connection closed with keys not yet copied");
      secondary.close();
    }
    if (newDatabase != null) newDatabase.close();
    if (newReads != null) {
      try {
        newReads.close();
      } catch (SQLException ignored) {
        // a read-only link of Shunt's own
      }
      newReads = null;
    }
  }
  @Override public boolean isClosed() throws SQLException { return delegate.isClosed(); }

  private void releaseConfig() {
    if (config != null && !released) {
      released = true;
      ConnectionFactory.releaseConfig(config);
    }
  }

  @Override public <T> T unwrap(Class<T> iface) throws SQLException { return Wrappers.unwrap(this, delegate, iface); }
  @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return Wrappers.isWrapperFor(this, delegate, iface); }

  // ---- plain delegation ----

  @Override public void beginRequest() throws SQLException { delegate.beginRequest(); }
  @Override public void clearWarnings() throws SQLException { delegate.clearWarnings(); }
  @Override public Array createArrayOf(String s0, Object[] object1) throws SQLException { return delegate.createArrayOf(s0, object1); }
  @Override public Blob createBlob() throws SQLException { return delegate.createBlob(); }
  @Override public Clob createClob() throws SQLException { return delegate.createClob(); }
  @Override public NClob createNClob() throws SQLException { return delegate.createNClob(); }
  @Override public SQLXML createSQLXML() throws SQLException { return delegate.createSQLXML(); }
  @Override public Struct createStruct(String s0, Object[] object1) throws SQLException { return delegate.createStruct(s0, object1); }
  @Override public void endRequest() throws SQLException { delegate.endRequest(); }
  @Override public boolean getAutoCommit() throws SQLException { return delegate.getAutoCommit(); }
  @Override public String getCatalog() throws SQLException { return delegate.getCatalog(); }
  @Override public Properties getClientInfo() throws SQLException { return delegate.getClientInfo(); }
  @Override public String getClientInfo(String s) throws SQLException { return delegate.getClientInfo(s); }
  @Override public int getHoldability() throws SQLException { return delegate.getHoldability(); }
  @Override public int getNetworkTimeout() throws SQLException { return delegate.getNetworkTimeout(); }
  @Override public String getSchema() throws SQLException { return delegate.getSchema(); }
  @Override public int getTransactionIsolation() throws SQLException { return delegate.getTransactionIsolation(); }
  @Override public Map<String, Class<?>> getTypeMap() throws SQLException { return delegate.getTypeMap(); }
  @Override public SQLWarning getWarnings() throws SQLException { return delegate.getWarnings(); }
  @Override public boolean isReadOnly() throws SQLException { return delegate.isReadOnly(); }
  @Override public boolean isValid(int i) throws SQLException { return delegate.isValid(i); }
  @Override public String nativeSQL(String s) throws SQLException { return delegate.nativeSQL(s); }
  @Override public void releaseSavepoint(Savepoint savepoint) throws SQLException { delegate.releaseSavepoint(savepoint); }
  @Override public void rollback(Savepoint savepoint) throws SQLException { delegate.rollback(savepoint); }
  @Override public void setCatalog(String s) throws SQLException {
    delegate.setCatalog(s);
    schemaNow = null;
  }
  @Override public void setClientInfo(String s0, String s1) throws SQLClientInfoException { delegate.setClientInfo(s0, s1); }
  @Override public void setClientInfo(Properties properties) throws SQLClientInfoException { delegate.setClientInfo(properties); }
  @Override public void setHoldability(int i) throws SQLException { delegate.setHoldability(i); }
  @Override public void setNetworkTimeout(Executor executor0, int i1) throws SQLException { delegate.setNetworkTimeout(executor0, i1); }
  @Override public void setReadOnly(boolean b) throws SQLException { delegate.setReadOnly(b); }
  @Override public Savepoint setSavepoint() throws SQLException { return delegate.setSavepoint(); }
  @Override public Savepoint setSavepoint(String s) throws SQLException { return delegate.setSavepoint(s); }
  @Override public void setSchema(String s) throws SQLException {
    delegate.setSchema(s);
    schemaNow = null;
  }
  @Override public void setShardingKey(ShardingKey shardingKey0, ShardingKey shardingKey1) throws SQLException { delegate.setShardingKey(shardingKey0, shardingKey1); }
  @Override public void setShardingKey(ShardingKey shardingKey) throws SQLException { delegate.setShardingKey(shardingKey); }
  @Override public boolean setShardingKeyIfValid(ShardingKey shardingKey0, int i1) throws SQLException { return delegate.setShardingKeyIfValid(shardingKey0, i1); }
  @Override public boolean setShardingKeyIfValid(ShardingKey shardingKey0, ShardingKey shardingKey1, int i2) throws SQLException { return delegate.setShardingKeyIfValid(shardingKey0, shardingKey1, i2); }
  @Override public void setTransactionIsolation(int i) throws SQLException { delegate.setTransactionIsolation(i); }
  @Override public void setTypeMap(Map<String, Class<?>> m) throws SQLException { delegate.setTypeMap(m); }
}
