package dev.shunt.jdbc;

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
 * Shunt's result set: {@link #getStatement()} leads back to Shunt's statement, never the real one,
 * and a REF CURSOR read through getObject comes back wrapped too.
 */
final class ResultSetWrapper implements ResultSet {
  private final ConnectionWrapper connection;
  private StatementWrapper owner; // null for metadata results until asked for
  final ResultSet delegate;

  ResultSetWrapper(ConnectionWrapper connection, StatementWrapper owner, ResultSet delegate) {
    this.connection = connection;
    this.owner = owner;
    this.delegate = delegate;
  }

  @Override public Statement getStatement() throws SQLException {
    if (owner == null) {
      Statement raw = delegate.getStatement();
      if (raw == null) return null;
      owner = new StatementWrapper(connection, raw);
    }
    return owner;
  }

  // writes through the result set bypass Shunt's statement path: reported before they happen
  @Override public void updateRow() throws SQLException {
    if (owner != null) owner.rowWrittenThroughResultSet();
    delegate.updateRow();
  }
  @Override public void insertRow() throws SQLException {
    if (owner != null) owner.rowWrittenThroughResultSet();
    delegate.insertRow();
  }
  @Override public void deleteRow() throws SQLException {
    if (owner != null) owner.rowWrittenThroughResultSet();
    delegate.deleteRow();
  }

  @Override public <T> T unwrap(Class<T> iface) throws SQLException { return Wrappers.unwrap(this, delegate, iface); }
  @Override public boolean isWrapperFor(Class<?> iface) throws SQLException { return Wrappers.isWrapperFor(this, delegate, iface); }

  // ---- plain delegation ----

  @Override public boolean absolute(int i) throws SQLException { return delegate.absolute(i); }
  @Override public void afterLast() throws SQLException { delegate.afterLast(); }
  @Override public void beforeFirst() throws SQLException { delegate.beforeFirst(); }
  @Override public void cancelRowUpdates() throws SQLException { delegate.cancelRowUpdates(); }
  @Override public void clearWarnings() throws SQLException { delegate.clearWarnings(); }
  @Override public void close() throws SQLException { delegate.close(); }
  @Override public int findColumn(String s) throws SQLException { return delegate.findColumn(s); }
  @Override public boolean first() throws SQLException { return delegate.first(); }
  @Override public Array getArray(String s) throws SQLException { return delegate.getArray(s); }
  @Override public Array getArray(int i) throws SQLException { return delegate.getArray(i); }
  @Override public InputStream getAsciiStream(String s) throws SQLException { return delegate.getAsciiStream(s); }
  @Override public InputStream getAsciiStream(int i) throws SQLException { return delegate.getAsciiStream(i); }
  @Override public BigDecimal getBigDecimal(String s0, int i1) throws SQLException { return delegate.getBigDecimal(s0, i1); }
  @Override public BigDecimal getBigDecimal(String s) throws SQLException { return delegate.getBigDecimal(s); }
  @Override public BigDecimal getBigDecimal(int i0, int i1) throws SQLException { return delegate.getBigDecimal(i0, i1); }
  @Override public BigDecimal getBigDecimal(int i) throws SQLException { return delegate.getBigDecimal(i); }
  @Override public InputStream getBinaryStream(String s) throws SQLException { return delegate.getBinaryStream(s); }
  @Override public InputStream getBinaryStream(int i) throws SQLException { return delegate.getBinaryStream(i); }
  @Override public Blob getBlob(String s) throws SQLException { return delegate.getBlob(s); }
  @Override public Blob getBlob(int i) throws SQLException { return delegate.getBlob(i); }
  @Override public boolean getBoolean(String s) throws SQLException { return delegate.getBoolean(s); }
  @Override public boolean getBoolean(int i) throws SQLException { return delegate.getBoolean(i); }
  @Override public byte getByte(String s) throws SQLException { return delegate.getByte(s); }
  @Override public byte getByte(int i) throws SQLException { return delegate.getByte(i); }
  @Override public byte[] getBytes(String s) throws SQLException { return delegate.getBytes(s); }
  @Override public byte[] getBytes(int i) throws SQLException { return delegate.getBytes(i); }
  @Override public Reader getCharacterStream(String s) throws SQLException { return delegate.getCharacterStream(s); }
  @Override public Reader getCharacterStream(int i) throws SQLException { return delegate.getCharacterStream(i); }
  @Override public Clob getClob(String s) throws SQLException { return delegate.getClob(s); }
  @Override public Clob getClob(int i) throws SQLException { return delegate.getClob(i); }
  @Override public int getConcurrency() throws SQLException { return delegate.getConcurrency(); }
  @Override public String getCursorName() throws SQLException { return delegate.getCursorName(); }
  @Override public Date getDate(String s0, Calendar cal1) throws SQLException { return delegate.getDate(s0, cal1); }
  @Override public Date getDate(String s) throws SQLException { return delegate.getDate(s); }
  @Override public Date getDate(int i0, Calendar cal1) throws SQLException { return delegate.getDate(i0, cal1); }
  @Override public Date getDate(int i) throws SQLException { return delegate.getDate(i); }
  @Override public double getDouble(String s) throws SQLException { return delegate.getDouble(s); }
  @Override public double getDouble(int i) throws SQLException { return delegate.getDouble(i); }
  @Override public int getFetchDirection() throws SQLException { return delegate.getFetchDirection(); }
  @Override public int getFetchSize() throws SQLException { return delegate.getFetchSize(); }
  @Override public float getFloat(String s) throws SQLException { return delegate.getFloat(s); }
  @Override public float getFloat(int i) throws SQLException { return delegate.getFloat(i); }
  @Override public int getHoldability() throws SQLException { return delegate.getHoldability(); }
  @Override public int getInt(String s) throws SQLException { return delegate.getInt(s); }
  @Override public int getInt(int i) throws SQLException { return delegate.getInt(i); }
  @Override public long getLong(String s) throws SQLException { return delegate.getLong(s); }
  @Override public long getLong(int i) throws SQLException { return delegate.getLong(i); }
  @Override public ResultSetMetaData getMetaData() throws SQLException { return delegate.getMetaData(); }
  @Override public Reader getNCharacterStream(String s) throws SQLException { return delegate.getNCharacterStream(s); }
  @Override public Reader getNCharacterStream(int i) throws SQLException { return delegate.getNCharacterStream(i); }
  @Override public NClob getNClob(String s) throws SQLException { return delegate.getNClob(s); }
  @Override public NClob getNClob(int i) throws SQLException { return delegate.getNClob(i); }
  @Override public String getNString(String s) throws SQLException { return delegate.getNString(s); }
  @Override public String getNString(int i) throws SQLException { return delegate.getNString(i); }
  @Override public <T> T getObject(String s0, Class<T> classT1) throws SQLException { return classT1.cast(connection.wrapIfResultSet(delegate.getObject(s0, classT1), owner)); }
  @Override public Object getObject(String s0, Map<String, Class<?>> m1) throws SQLException { return connection.wrapIfResultSet(delegate.getObject(s0, m1), owner); }
  @Override public Object getObject(String s) throws SQLException { return connection.wrapIfResultSet(delegate.getObject(s), owner); }
  @Override public <T> T getObject(int i0, Class<T> classT1) throws SQLException { return classT1.cast(connection.wrapIfResultSet(delegate.getObject(i0, classT1), owner)); }
  @Override public Object getObject(int i0, Map<String, Class<?>> m1) throws SQLException { return connection.wrapIfResultSet(delegate.getObject(i0, m1), owner); }
  @Override public Object getObject(int i) throws SQLException { return connection.wrapIfResultSet(delegate.getObject(i), owner); }
  @Override public Ref getRef(String s) throws SQLException { return delegate.getRef(s); }
  @Override public Ref getRef(int i) throws SQLException { return delegate.getRef(i); }
  @Override public int getRow() throws SQLException { return delegate.getRow(); }
  @Override public RowId getRowId(String s) throws SQLException { return delegate.getRowId(s); }
  @Override public RowId getRowId(int i) throws SQLException { return delegate.getRowId(i); }
  @Override public SQLXML getSQLXML(String s) throws SQLException { return delegate.getSQLXML(s); }
  @Override public SQLXML getSQLXML(int i) throws SQLException { return delegate.getSQLXML(i); }
  @Override public short getShort(String s) throws SQLException { return delegate.getShort(s); }
  @Override public short getShort(int i) throws SQLException { return delegate.getShort(i); }
  @Override public String getString(String s) throws SQLException { return delegate.getString(s); }
  @Override public String getString(int i) throws SQLException { return delegate.getString(i); }
  @Override public Time getTime(String s0, Calendar cal1) throws SQLException { return delegate.getTime(s0, cal1); }
  @Override public Time getTime(String s) throws SQLException { return delegate.getTime(s); }
  @Override public Time getTime(int i0, Calendar cal1) throws SQLException { return delegate.getTime(i0, cal1); }
  @Override public Time getTime(int i) throws SQLException { return delegate.getTime(i); }
  @Override public Timestamp getTimestamp(String s0, Calendar cal1) throws SQLException { return delegate.getTimestamp(s0, cal1); }
  @Override public Timestamp getTimestamp(String s) throws SQLException { return delegate.getTimestamp(s); }
  @Override public Timestamp getTimestamp(int i0, Calendar cal1) throws SQLException { return delegate.getTimestamp(i0, cal1); }
  @Override public Timestamp getTimestamp(int i) throws SQLException { return delegate.getTimestamp(i); }
  @Override public int getType() throws SQLException { return delegate.getType(); }
  @Override public URL getURL(String s) throws SQLException { return delegate.getURL(s); }
  @Override public URL getURL(int i) throws SQLException { return delegate.getURL(i); }
  @Override public InputStream getUnicodeStream(String s) throws SQLException { return delegate.getUnicodeStream(s); }
  @Override public InputStream getUnicodeStream(int i) throws SQLException { return delegate.getUnicodeStream(i); }
  @Override public SQLWarning getWarnings() throws SQLException { return delegate.getWarnings(); }
  @Override public boolean isAfterLast() throws SQLException { return delegate.isAfterLast(); }
  @Override public boolean isBeforeFirst() throws SQLException { return delegate.isBeforeFirst(); }
  @Override public boolean isClosed() throws SQLException { return delegate.isClosed(); }
  @Override public boolean isFirst() throws SQLException { return delegate.isFirst(); }
  @Override public boolean isLast() throws SQLException { return delegate.isLast(); }
  @Override public boolean last() throws SQLException { return delegate.last(); }
  @Override public void moveToCurrentRow() throws SQLException { delegate.moveToCurrentRow(); }
  @Override public void moveToInsertRow() throws SQLException { delegate.moveToInsertRow(); }
  @Override public boolean next() throws SQLException { return delegate.next(); }
  @Override public boolean previous() throws SQLException { return delegate.previous(); }
  @Override public void refreshRow() throws SQLException { delegate.refreshRow(); }
  @Override public boolean relative(int i) throws SQLException { return delegate.relative(i); }
  @Override public boolean rowDeleted() throws SQLException { return delegate.rowDeleted(); }
  @Override public boolean rowInserted() throws SQLException { return delegate.rowInserted(); }
  @Override public boolean rowUpdated() throws SQLException { return delegate.rowUpdated(); }
  @Override public void setFetchDirection(int i) throws SQLException { delegate.setFetchDirection(i); }
  @Override public void setFetchSize(int i) throws SQLException { delegate.setFetchSize(i); }
  @Override public void updateArray(String s0, Array array1) throws SQLException { delegate.updateArray(s0, array1); }
  @Override public void updateArray(int i0, Array array1) throws SQLException { delegate.updateArray(i0, array1); }
  @Override public void updateAsciiStream(String s0, InputStream inputStream1, int i2) throws SQLException { delegate.updateAsciiStream(s0, inputStream1, i2); }
  @Override public void updateAsciiStream(String s0, InputStream inputStream1, long l2) throws SQLException { delegate.updateAsciiStream(s0, inputStream1, l2); }
  @Override public void updateAsciiStream(String s0, InputStream inputStream1) throws SQLException { delegate.updateAsciiStream(s0, inputStream1); }
  @Override public void updateAsciiStream(int i0, InputStream inputStream1, int i2) throws SQLException { delegate.updateAsciiStream(i0, inputStream1, i2); }
  @Override public void updateAsciiStream(int i0, InputStream inputStream1, long l2) throws SQLException { delegate.updateAsciiStream(i0, inputStream1, l2); }
  @Override public void updateAsciiStream(int i0, InputStream inputStream1) throws SQLException { delegate.updateAsciiStream(i0, inputStream1); }
  @Override public void updateBigDecimal(String s0, BigDecimal bigDecimal1) throws SQLException { delegate.updateBigDecimal(s0, bigDecimal1); }
  @Override public void updateBigDecimal(int i0, BigDecimal bigDecimal1) throws SQLException { delegate.updateBigDecimal(i0, bigDecimal1); }
  @Override public void updateBinaryStream(String s0, InputStream inputStream1, int i2) throws SQLException { delegate.updateBinaryStream(s0, inputStream1, i2); }
  @Override public void updateBinaryStream(String s0, InputStream inputStream1, long l2) throws SQLException { delegate.updateBinaryStream(s0, inputStream1, l2); }
  @Override public void updateBinaryStream(String s0, InputStream inputStream1) throws SQLException { delegate.updateBinaryStream(s0, inputStream1); }
  @Override public void updateBinaryStream(int i0, InputStream inputStream1, int i2) throws SQLException { delegate.updateBinaryStream(i0, inputStream1, i2); }
  @Override public void updateBinaryStream(int i0, InputStream inputStream1, long l2) throws SQLException { delegate.updateBinaryStream(i0, inputStream1, l2); }
  @Override public void updateBinaryStream(int i0, InputStream inputStream1) throws SQLException { delegate.updateBinaryStream(i0, inputStream1); }
  @Override public void updateBlob(String s0, InputStream inputStream1, long l2) throws SQLException { delegate.updateBlob(s0, inputStream1, l2); }
  @Override public void updateBlob(String s0, InputStream inputStream1) throws SQLException { delegate.updateBlob(s0, inputStream1); }
  @Override public void updateBlob(String s0, Blob blob1) throws SQLException { delegate.updateBlob(s0, blob1); }
  @Override public void updateBlob(int i0, InputStream inputStream1, long l2) throws SQLException { delegate.updateBlob(i0, inputStream1, l2); }
  @Override public void updateBlob(int i0, InputStream inputStream1) throws SQLException { delegate.updateBlob(i0, inputStream1); }
  @Override public void updateBlob(int i0, Blob blob1) throws SQLException { delegate.updateBlob(i0, blob1); }
  @Override public void updateBoolean(String s0, boolean b1) throws SQLException { delegate.updateBoolean(s0, b1); }
  @Override public void updateBoolean(int i0, boolean b1) throws SQLException { delegate.updateBoolean(i0, b1); }
  @Override public void updateByte(String s0, byte bv1) throws SQLException { delegate.updateByte(s0, bv1); }
  @Override public void updateByte(int i0, byte bv1) throws SQLException { delegate.updateByte(i0, bv1); }
  @Override public void updateBytes(String s0, byte[] bv1) throws SQLException { delegate.updateBytes(s0, bv1); }
  @Override public void updateBytes(int i0, byte[] bv1) throws SQLException { delegate.updateBytes(i0, bv1); }
  @Override public void updateCharacterStream(String s0, Reader reader1, int i2) throws SQLException { delegate.updateCharacterStream(s0, reader1, i2); }
  @Override public void updateCharacterStream(String s0, Reader reader1, long l2) throws SQLException { delegate.updateCharacterStream(s0, reader1, l2); }
  @Override public void updateCharacterStream(String s0, Reader reader1) throws SQLException { delegate.updateCharacterStream(s0, reader1); }
  @Override public void updateCharacterStream(int i0, Reader reader1, int i2) throws SQLException { delegate.updateCharacterStream(i0, reader1, i2); }
  @Override public void updateCharacterStream(int i0, Reader reader1, long l2) throws SQLException { delegate.updateCharacterStream(i0, reader1, l2); }
  @Override public void updateCharacterStream(int i0, Reader reader1) throws SQLException { delegate.updateCharacterStream(i0, reader1); }
  @Override public void updateClob(String s0, Reader reader1, long l2) throws SQLException { delegate.updateClob(s0, reader1, l2); }
  @Override public void updateClob(String s0, Reader reader1) throws SQLException { delegate.updateClob(s0, reader1); }
  @Override public void updateClob(String s0, Clob clob1) throws SQLException { delegate.updateClob(s0, clob1); }
  @Override public void updateClob(int i0, Reader reader1, long l2) throws SQLException { delegate.updateClob(i0, reader1, l2); }
  @Override public void updateClob(int i0, Reader reader1) throws SQLException { delegate.updateClob(i0, reader1); }
  @Override public void updateClob(int i0, Clob clob1) throws SQLException { delegate.updateClob(i0, clob1); }
  @Override public void updateDate(String s0, Date date1) throws SQLException { delegate.updateDate(s0, date1); }
  @Override public void updateDate(int i0, Date date1) throws SQLException { delegate.updateDate(i0, date1); }
  @Override public void updateDouble(String s0, double dv1) throws SQLException { delegate.updateDouble(s0, dv1); }
  @Override public void updateDouble(int i0, double dv1) throws SQLException { delegate.updateDouble(i0, dv1); }
  @Override public void updateFloat(String s0, float fv1) throws SQLException { delegate.updateFloat(s0, fv1); }
  @Override public void updateFloat(int i0, float fv1) throws SQLException { delegate.updateFloat(i0, fv1); }
  @Override public void updateInt(String s0, int i1) throws SQLException { delegate.updateInt(s0, i1); }
  @Override public void updateInt(int i0, int i1) throws SQLException { delegate.updateInt(i0, i1); }
  @Override public void updateLong(String s0, long l1) throws SQLException { delegate.updateLong(s0, l1); }
  @Override public void updateLong(int i0, long l1) throws SQLException { delegate.updateLong(i0, l1); }
  @Override public void updateNCharacterStream(String s0, Reader reader1, long l2) throws SQLException { delegate.updateNCharacterStream(s0, reader1, l2); }
  @Override public void updateNCharacterStream(String s0, Reader reader1) throws SQLException { delegate.updateNCharacterStream(s0, reader1); }
  @Override public void updateNCharacterStream(int i0, Reader reader1, long l2) throws SQLException { delegate.updateNCharacterStream(i0, reader1, l2); }
  @Override public void updateNCharacterStream(int i0, Reader reader1) throws SQLException { delegate.updateNCharacterStream(i0, reader1); }
  @Override public void updateNClob(String s0, Reader reader1, long l2) throws SQLException { delegate.updateNClob(s0, reader1, l2); }
  @Override public void updateNClob(String s0, Reader reader1) throws SQLException { delegate.updateNClob(s0, reader1); }
  @Override public void updateNClob(String s0, NClob nClob1) throws SQLException { delegate.updateNClob(s0, nClob1); }
  @Override public void updateNClob(int i0, Reader reader1, long l2) throws SQLException { delegate.updateNClob(i0, reader1, l2); }
  @Override public void updateNClob(int i0, Reader reader1) throws SQLException { delegate.updateNClob(i0, reader1); }
  @Override public void updateNClob(int i0, NClob nClob1) throws SQLException { delegate.updateNClob(i0, nClob1); }
  @Override public void updateNString(String s0, String s1) throws SQLException { delegate.updateNString(s0, s1); }
  @Override public void updateNString(int i0, String s1) throws SQLException { delegate.updateNString(i0, s1); }
  @Override public void updateNull(String s) throws SQLException { delegate.updateNull(s); }
  @Override public void updateNull(int i) throws SQLException { delegate.updateNull(i); }
  @Override public void updateObject(String s0, Object object1, int i2) throws SQLException { delegate.updateObject(s0, object1, i2); }
  @Override public void updateObject(String s0, Object object1, SQLType sQLType2, int i3) throws SQLException { delegate.updateObject(s0, object1, sQLType2, i3); }
  @Override public void updateObject(String s0, Object object1, SQLType sQLType2) throws SQLException { delegate.updateObject(s0, object1, sQLType2); }
  @Override public void updateObject(String s0, Object object1) throws SQLException { delegate.updateObject(s0, object1); }
  @Override public void updateObject(int i0, Object object1, int i2) throws SQLException { delegate.updateObject(i0, object1, i2); }
  @Override public void updateObject(int i0, Object object1, SQLType sQLType2, int i3) throws SQLException { delegate.updateObject(i0, object1, sQLType2, i3); }
  @Override public void updateObject(int i0, Object object1, SQLType sQLType2) throws SQLException { delegate.updateObject(i0, object1, sQLType2); }
  @Override public void updateObject(int i0, Object object1) throws SQLException { delegate.updateObject(i0, object1); }
  @Override public void updateRef(String s0, Ref ref1) throws SQLException { delegate.updateRef(s0, ref1); }
  @Override public void updateRef(int i0, Ref ref1) throws SQLException { delegate.updateRef(i0, ref1); }
  @Override public void updateRowId(String s0, RowId rowId1) throws SQLException { delegate.updateRowId(s0, rowId1); }
  @Override public void updateRowId(int i0, RowId rowId1) throws SQLException { delegate.updateRowId(i0, rowId1); }
  @Override public void updateSQLXML(String s0, SQLXML sQLXML1) throws SQLException { delegate.updateSQLXML(s0, sQLXML1); }
  @Override public void updateSQLXML(int i0, SQLXML sQLXML1) throws SQLException { delegate.updateSQLXML(i0, sQLXML1); }
  @Override public void updateShort(String s0, short sv1) throws SQLException { delegate.updateShort(s0, sv1); }
  @Override public void updateShort(int i0, short sv1) throws SQLException { delegate.updateShort(i0, sv1); }
  @Override public void updateString(String s0, String s1) throws SQLException { delegate.updateString(s0, s1); }
  @Override public void updateString(int i0, String s1) throws SQLException { delegate.updateString(i0, s1); }
  @Override public void updateTime(String s0, Time time1) throws SQLException { delegate.updateTime(s0, time1); }
  @Override public void updateTime(int i0, Time time1) throws SQLException { delegate.updateTime(i0, time1); }
  @Override public void updateTimestamp(String s0, Timestamp timestamp1) throws SQLException { delegate.updateTimestamp(s0, timestamp1); }
  @Override public void updateTimestamp(int i0, Timestamp timestamp1) throws SQLException { delegate.updateTimestamp(i0, timestamp1); }
  @Override public boolean wasNull() throws SQLException { return delegate.wasNull(); }
}
