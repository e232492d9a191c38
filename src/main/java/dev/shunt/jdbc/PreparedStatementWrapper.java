package dev.shunt.jdbc;

import dev.shunt.config.ShuntConfig;
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
import java.util.concurrent.Executor;

/** Shunt's prepared statement: planned once per configuration snapshot, not per execution. */
class PreparedStatementWrapper extends StatementWrapper implements PreparedStatement {
  final PreparedStatement ps;
  final String sql;
  final BoundParameters params; // recorded only when the text names a migrated table
  private final KeyRequest keys;
  private final TransactionControl control; // the text is a transaction boundary, or null
  StatementPlan plan;
  ShuntConfig plannedUnder;

  PreparedStatementWrapper(ConnectionWrapper connection, PreparedStatement ps, String sql, KeyRequest keys)
      throws SQLException {
    super(connection, ps);
    this.ps = ps;
    this.sql = sql;
    this.keys = keys;
    this.control = connection.hasConfig() ? TransactionControl.of(sql) : null;
    this.params = connection.recordsParameters(sql) ? new BoundParameters() : null;
    connection.replan(this); // decide at prepare time, so strict mode refuses early too
  }

  private StatementPlan planExecution() throws SQLException {
    forgetKeys();
    StatementPlan p = connection.replan(this);
    lastPlan = p;
    lastSql = sql;
    return p;
  }

  private <T> T mirrored(StatementPlan p, boolean keysPossible, WriteMirror.Call<T> call,
      WriteMirror.Substitute<T> onNewSide) throws SQLException {
    return mirrored(p, sql, params, keys == KeyRequest.APP, keysPossible && keys != KeyRequest.NONE, call, onNewSide);
  }

  @Override public ResultSet executeQuery() throws SQLException {
    StatementPlan p = planExecution();
    if (p.writesPassThrough()) {
      if (p.routedRead() != null) {
        ResultSet r = routedRead(p, sql, params, ps::executeQuery);
        if (r != null) return r;
      }
      return resultSet(ps.executeQuery());
    }
    if (p.returnsInsertedRows() && p.onNewSide().isEmpty()) return returningInsert(p, sql, params, ps::executeQuery);
    return resultSet(mirrored(p, false, k -> ps.executeQuery(), PreparedStatement::executeQuery));
  }
  @Override public boolean execute() throws SQLException {
    if (control != null) return connection.transactionControl(control, k -> ps.execute());
    StatementPlan p = planExecution();
    if (p.writesPassThrough()) {
      if (p.routedRead() != null && routedRead(p, sql, params, ps::executeQuery) != null) return true;
      return ps.execute();
    }
    return mirrored(p, true, k -> ps.execute(), PreparedStatement::execute);
  }
  @Override public int executeUpdate() throws SQLException {
    if (control != null) return connection.transactionControl(control, k -> ps.executeUpdate());
    StatementPlan p = planExecution();
    if (p.writesPassThrough()) return ps.executeUpdate();
    return mirrored(p, true, k -> ps.executeUpdate(), PreparedStatement::executeUpdate);
  }
  @Override public long executeLargeUpdate() throws SQLException {
    if (control != null) return connection.transactionControl(control, k -> ps.executeLargeUpdate());
    StatementPlan p = planExecution();
    if (p.writesPassThrough()) return ps.executeLargeUpdate();
    return mirrored(p, true, k -> ps.executeLargeUpdate(), PreparedStatement::executeLargeUpdate);
  }
  @Override public void addBatch() throws SQLException {
    StatementPlan p = connection.replan(this);
    ps.addBatch();
    if (params == null) {
      recordBatchEntry(p, sql, null, null, null);
      return;
    }
    BoundParameters bound = params.copy();
    boolean replayable = bound.replayable();
    recordBatchEntry(p, sql, bound, replayable ? () -> {
      bound.bindAll(ps);
      ps.addBatch();
    } : null, replayable ? () -> {
      params.copyFrom(bound);
      bound.bindAll(ps);
      return executeLargeUpdate();
    } : null);
  }

  @Override boolean batchKeysPossible() { return keys != KeyRequest.NONE; }

  @Override boolean keyRequestIsApp() { return keys == KeyRequest.APP; }

  // ---- plain delegation ----

  @Override public void clearParameters() throws SQLException {
    ps.clearParameters();
    if (params != null) params.clear();
  }
  @Override public ResultSetMetaData getMetaData() throws SQLException { return ps.getMetaData(); }
  @Override public ParameterMetaData getParameterMetaData() throws SQLException { return ps.getParameterMetaData(); }
  @Override public void setArray(int i0, Array array1) throws SQLException { ps.setArray(i0, array1); if (params != null) params.set(i0, array1, (p, j) -> p.setArray(j, array1)); }
  @Override public void setAsciiStream(int i0, InputStream inputStream1, int i2) throws SQLException { ps.setAsciiStream(i0, inputStream1, i2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setAsciiStream(j, inputStream1, i2)); }
  @Override public void setAsciiStream(int i0, InputStream inputStream1, long l2) throws SQLException { ps.setAsciiStream(i0, inputStream1, l2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setAsciiStream(j, inputStream1, l2)); }
  @Override public void setAsciiStream(int i0, InputStream inputStream1) throws SQLException { ps.setAsciiStream(i0, inputStream1); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setAsciiStream(j, inputStream1)); }
  @Override public void setBigDecimal(int i0, BigDecimal bigDecimal1) throws SQLException { ps.setBigDecimal(i0, bigDecimal1); if (params != null) params.set(i0, bigDecimal1, (p, j) -> p.setBigDecimal(j, bigDecimal1)); }
  @Override public void setBinaryStream(int i0, InputStream inputStream1, int i2) throws SQLException { ps.setBinaryStream(i0, inputStream1, i2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setBinaryStream(j, inputStream1, i2)); }
  @Override public void setBinaryStream(int i0, InputStream inputStream1, long l2) throws SQLException { ps.setBinaryStream(i0, inputStream1, l2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setBinaryStream(j, inputStream1, l2)); }
  @Override public void setBinaryStream(int i0, InputStream inputStream1) throws SQLException { ps.setBinaryStream(i0, inputStream1); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setBinaryStream(j, inputStream1)); }
  @Override public void setBlob(int i0, InputStream inputStream1, long l2) throws SQLException { ps.setBlob(i0, inputStream1, l2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setBlob(j, inputStream1, l2)); }
  @Override public void setBlob(int i0, InputStream inputStream1) throws SQLException { ps.setBlob(i0, inputStream1); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setBlob(j, inputStream1)); }
  @Override public void setBlob(int i0, Blob blob1) throws SQLException { ps.setBlob(i0, blob1); if (params != null) params.set(i0, blob1, (p, j) -> p.setBlob(j, blob1)); }
  @Override public void setBoolean(int i0, boolean b1) throws SQLException { ps.setBoolean(i0, b1); if (params != null) params.set(i0, b1, (p, j) -> p.setBoolean(j, b1)); }
  @Override public void setByte(int i0, byte bv1) throws SQLException { ps.setByte(i0, bv1); if (params != null) params.set(i0, bv1, (p, j) -> p.setByte(j, bv1)); }
  @Override public void setBytes(int i0, byte[] bv1) throws SQLException { ps.setBytes(i0, bv1); if (params != null) params.set(i0, bv1, (p, j) -> p.setBytes(j, bv1)); }
  @Override public void setCharacterStream(int i0, Reader reader1, int i2) throws SQLException { ps.setCharacterStream(i0, reader1, i2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setCharacterStream(j, reader1, i2)); }
  @Override public void setCharacterStream(int i0, Reader reader1, long l2) throws SQLException { ps.setCharacterStream(i0, reader1, l2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setCharacterStream(j, reader1, l2)); }
  @Override public void setCharacterStream(int i0, Reader reader1) throws SQLException { ps.setCharacterStream(i0, reader1); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setCharacterStream(j, reader1)); }
  @Override public void setClob(int i0, Reader reader1, long l2) throws SQLException { ps.setClob(i0, reader1, l2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setClob(j, reader1, l2)); }
  @Override public void setClob(int i0, Reader reader1) throws SQLException { ps.setClob(i0, reader1); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setClob(j, reader1)); }
  @Override public void setClob(int i0, Clob clob1) throws SQLException { ps.setClob(i0, clob1); if (params != null) params.set(i0, clob1, (p, j) -> p.setClob(j, clob1)); }
  @Override public void setDate(int i0, Date date1, Calendar cal2) throws SQLException { ps.setDate(i0, date1, cal2); if (params != null) params.set(i0, date1, (p, j) -> p.setDate(j, date1, cal2)); }
  @Override public void setDate(int i0, Date date1) throws SQLException { ps.setDate(i0, date1); if (params != null) params.set(i0, date1, (p, j) -> p.setDate(j, date1)); }
  @Override public void setDouble(int i0, double dv1) throws SQLException { ps.setDouble(i0, dv1); if (params != null) params.set(i0, dv1, (p, j) -> p.setDouble(j, dv1)); }
  @Override public void setFloat(int i0, float fv1) throws SQLException { ps.setFloat(i0, fv1); if (params != null) params.set(i0, fv1, (p, j) -> p.setFloat(j, fv1)); }
  @Override public void setInt(int i0, int i1) throws SQLException { ps.setInt(i0, i1); if (params != null) params.set(i0, i1, (p, j) -> p.setInt(j, i1)); }
  @Override public void setLong(int i0, long l1) throws SQLException { ps.setLong(i0, l1); if (params != null) params.set(i0, l1, (p, j) -> p.setLong(j, l1)); }
  @Override public void setNCharacterStream(int i0, Reader reader1, long l2) throws SQLException { ps.setNCharacterStream(i0, reader1, l2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setNCharacterStream(j, reader1, l2)); }
  @Override public void setNCharacterStream(int i0, Reader reader1) throws SQLException { ps.setNCharacterStream(i0, reader1); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setNCharacterStream(j, reader1)); }
  @Override public void setNClob(int i0, Reader reader1, long l2) throws SQLException { ps.setNClob(i0, reader1, l2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setNClob(j, reader1, l2)); }
  @Override public void setNClob(int i0, Reader reader1) throws SQLException { ps.setNClob(i0, reader1); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setNClob(j, reader1)); }
  @Override public void setNClob(int i0, NClob nClob1) throws SQLException { ps.setNClob(i0, nClob1); if (params != null) params.set(i0, nClob1, (p, j) -> p.setNClob(j, nClob1)); }
  @Override public void setNString(int i0, String s1) throws SQLException { ps.setNString(i0, s1); if (params != null) params.set(i0, s1, (p, j) -> p.setNString(j, s1)); }
  @Override public void setNull(int i0, int i1, String s2) throws SQLException { ps.setNull(i0, i1, s2); if (params != null) params.set(i0, null, (p, j) -> p.setNull(j, i1, s2)); }
  @Override public void setNull(int i0, int i1) throws SQLException { ps.setNull(i0, i1); if (params != null) params.set(i0, null, (p, j) -> p.setNull(j, i1)); }
  @Override public void setObject(int i0, Object object1, int i2, int i3) throws SQLException { ps.setObject(i0, object1, i2, i3); if (params != null) params.set(i0, object1, (p, j) -> p.setObject(j, object1, i2, i3)); }
  @Override public void setObject(int i0, Object object1, int i2) throws SQLException { ps.setObject(i0, object1, i2); if (params != null) params.set(i0, object1, (p, j) -> p.setObject(j, object1, i2)); }
  @Override public void setObject(int i0, Object object1, SQLType sQLType2, int i3) throws SQLException { ps.setObject(i0, object1, sQLType2, i3); if (params != null) params.set(i0, object1, (p, j) -> p.setObject(j, object1, sQLType2, i3)); }
  @Override public void setObject(int i0, Object object1, SQLType sQLType2) throws SQLException { ps.setObject(i0, object1, sQLType2); if (params != null) params.set(i0, object1, (p, j) -> p.setObject(j, object1, sQLType2)); }
  @Override public void setObject(int i0, Object object1) throws SQLException { ps.setObject(i0, object1); if (params != null) params.set(i0, object1, (p, j) -> p.setObject(j, object1)); }
  @Override public void setRef(int i0, Ref ref1) throws SQLException { ps.setRef(i0, ref1); if (params != null) params.set(i0, ref1, (p, j) -> p.setRef(j, ref1)); }
  @Override public void setRowId(int i0, RowId rowId1) throws SQLException { ps.setRowId(i0, rowId1); if (params != null) params.set(i0, rowId1, (p, j) -> p.setRowId(j, rowId1)); }
  @Override public void setSQLXML(int i0, SQLXML sQLXML1) throws SQLException { ps.setSQLXML(i0, sQLXML1); if (params != null) params.set(i0, sQLXML1, (p, j) -> p.setSQLXML(j, sQLXML1)); }
  @Override public void setShort(int i0, short sv1) throws SQLException { ps.setShort(i0, sv1); if (params != null) params.set(i0, sv1, (p, j) -> p.setShort(j, sv1)); }
  @Override public void setString(int i0, String s1) throws SQLException { ps.setString(i0, s1); if (params != null) params.set(i0, s1, (p, j) -> p.setString(j, s1)); }
  @Override public void setTime(int i0, Time time1, Calendar cal2) throws SQLException { ps.setTime(i0, time1, cal2); if (params != null) params.set(i0, time1, (p, j) -> p.setTime(j, time1, cal2)); }
  @Override public void setTime(int i0, Time time1) throws SQLException { ps.setTime(i0, time1); if (params != null) params.set(i0, time1, (p, j) -> p.setTime(j, time1)); }
  @Override public void setTimestamp(int i0, Timestamp timestamp1, Calendar cal2) throws SQLException { ps.setTimestamp(i0, timestamp1, cal2); if (params != null) params.set(i0, timestamp1, (p, j) -> p.setTimestamp(j, timestamp1, cal2)); }
  @Override public void setTimestamp(int i0, Timestamp timestamp1) throws SQLException { ps.setTimestamp(i0, timestamp1); if (params != null) params.set(i0, timestamp1, (p, j) -> p.setTimestamp(j, timestamp1)); }
  @Override public void setURL(int i0, URL uRL1) throws SQLException { ps.setURL(i0, uRL1); if (params != null) params.set(i0, uRL1, (p, j) -> p.setURL(j, uRL1)); }
  @Override public void setUnicodeStream(int i0, InputStream inputStream1, int i2) throws SQLException { ps.setUnicodeStream(i0, inputStream1, i2); if (params != null) params.set(i0, BoundParameters.UNREPLAYABLE, (p, j) -> p.setUnicodeStream(j, inputStream1, i2)); }
}
