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

/** Shunt's callable statement. A REF CURSOR read through getObject comes back wrapped. */
final class CallableStatementWrapper extends PreparedStatementWrapper implements CallableStatement {
  final CallableStatement cs;

  CallableStatementWrapper(ConnectionWrapper connection, CallableStatement cs, String sql) throws SQLException {
    super(connection, cs, sql, KeyRequest.NONE);
    this.cs = cs;
  }

  @Override public Object getObject(int parameterIndex) throws SQLException {
    return connection.wrapIfResultSet(cs.getObject(parameterIndex), this);
  }
  @Override public Object getObject(String parameterName) throws SQLException {
    return connection.wrapIfResultSet(cs.getObject(parameterName), this);
  }

  // ---- plain delegation ----

  @Override public Array getArray(String s) throws SQLException { return cs.getArray(s); }
  @Override public Array getArray(int i) throws SQLException { return cs.getArray(i); }
  @Override public BigDecimal getBigDecimal(String s) throws SQLException { return cs.getBigDecimal(s); }
  @Override public BigDecimal getBigDecimal(int i0, int i1) throws SQLException { return cs.getBigDecimal(i0, i1); }
  @Override public BigDecimal getBigDecimal(int i) throws SQLException { return cs.getBigDecimal(i); }
  @Override public Blob getBlob(String s) throws SQLException { return cs.getBlob(s); }
  @Override public Blob getBlob(int i) throws SQLException { return cs.getBlob(i); }
  @Override public boolean getBoolean(String s) throws SQLException { return cs.getBoolean(s); }
  @Override public boolean getBoolean(int i) throws SQLException { return cs.getBoolean(i); }
  @Override public byte getByte(String s) throws SQLException { return cs.getByte(s); }
  @Override public byte getByte(int i) throws SQLException { return cs.getByte(i); }
  @Override public byte[] getBytes(String s) throws SQLException { return cs.getBytes(s); }
  @Override public byte[] getBytes(int i) throws SQLException { return cs.getBytes(i); }
  @Override public Reader getCharacterStream(String s) throws SQLException { return cs.getCharacterStream(s); }
  @Override public Reader getCharacterStream(int i) throws SQLException { return cs.getCharacterStream(i); }
  @Override public Clob getClob(String s) throws SQLException { return cs.getClob(s); }
  @Override public Clob getClob(int i) throws SQLException { return cs.getClob(i); }
  @Override public Date getDate(String s0, Calendar cal1) throws SQLException { return cs.getDate(s0, cal1); }
  @Override public Date getDate(String s) throws SQLException { return cs.getDate(s); }
  @Override public Date getDate(int i0, Calendar cal1) throws SQLException { return cs.getDate(i0, cal1); }
  @Override public Date getDate(int i) throws SQLException { return cs.getDate(i); }
  @Override public double getDouble(String s) throws SQLException { return cs.getDouble(s); }
  @Override public double getDouble(int i) throws SQLException { return cs.getDouble(i); }
  @Override public float getFloat(String s) throws SQLException { return cs.getFloat(s); }
  @Override public float getFloat(int i) throws SQLException { return cs.getFloat(i); }
  @Override public int getInt(String s) throws SQLException { return cs.getInt(s); }
  @Override public int getInt(int i) throws SQLException { return cs.getInt(i); }
  @Override public long getLong(String s) throws SQLException { return cs.getLong(s); }
  @Override public long getLong(int i) throws SQLException { return cs.getLong(i); }
  @Override public Reader getNCharacterStream(String s) throws SQLException { return cs.getNCharacterStream(s); }
  @Override public Reader getNCharacterStream(int i) throws SQLException { return cs.getNCharacterStream(i); }
  @Override public NClob getNClob(String s) throws SQLException { return cs.getNClob(s); }
  @Override public NClob getNClob(int i) throws SQLException { return cs.getNClob(i); }
  @Override public String getNString(String s) throws SQLException { return cs.getNString(s); }
  @Override public String getNString(int i) throws SQLException { return cs.getNString(i); }
  @Override public <T> T getObject(String s0, Class<T> classT1) throws SQLException { return classT1.cast(connection.wrapIfResultSet(cs.getObject(s0, classT1), this)); }
  @Override public Object getObject(String s0, Map<String, Class<?>> m1) throws SQLException { return connection.wrapIfResultSet(cs.getObject(s0, m1), this); }
  @Override public <T> T getObject(int i0, Class<T> classT1) throws SQLException { return classT1.cast(connection.wrapIfResultSet(cs.getObject(i0, classT1), this)); }
  @Override public Object getObject(int i0, Map<String, Class<?>> m1) throws SQLException { return connection.wrapIfResultSet(cs.getObject(i0, m1), this); }
  @Override public Ref getRef(String s) throws SQLException { return cs.getRef(s); }
  @Override public Ref getRef(int i) throws SQLException { return cs.getRef(i); }
  @Override public RowId getRowId(String s) throws SQLException { return cs.getRowId(s); }
  @Override public RowId getRowId(int i) throws SQLException { return cs.getRowId(i); }
  @Override public SQLXML getSQLXML(String s) throws SQLException { return cs.getSQLXML(s); }
  @Override public SQLXML getSQLXML(int i) throws SQLException { return cs.getSQLXML(i); }
  @Override public short getShort(String s) throws SQLException { return cs.getShort(s); }
  @Override public short getShort(int i) throws SQLException { return cs.getShort(i); }
  @Override public String getString(String s) throws SQLException { return cs.getString(s); }
  @Override public String getString(int i) throws SQLException { return cs.getString(i); }
  @Override public Time getTime(String s0, Calendar cal1) throws SQLException { return cs.getTime(s0, cal1); }
  @Override public Time getTime(String s) throws SQLException { return cs.getTime(s); }
  @Override public Time getTime(int i0, Calendar cal1) throws SQLException { return cs.getTime(i0, cal1); }
  @Override public Time getTime(int i) throws SQLException { return cs.getTime(i); }
  @Override public Timestamp getTimestamp(String s0, Calendar cal1) throws SQLException { return cs.getTimestamp(s0, cal1); }
  @Override public Timestamp getTimestamp(String s) throws SQLException { return cs.getTimestamp(s); }
  @Override public Timestamp getTimestamp(int i0, Calendar cal1) throws SQLException { return cs.getTimestamp(i0, cal1); }
  @Override public Timestamp getTimestamp(int i) throws SQLException { return cs.getTimestamp(i); }
  @Override public URL getURL(String s) throws SQLException { return cs.getURL(s); }
  @Override public URL getURL(int i) throws SQLException { return cs.getURL(i); }
  @Override public void registerOutParameter(String s0, int i1, String s2) throws SQLException { cs.registerOutParameter(s0, i1, s2); }
  @Override public void registerOutParameter(String s0, int i1, int i2) throws SQLException { cs.registerOutParameter(s0, i1, i2); }
  @Override public void registerOutParameter(String s0, int i1) throws SQLException { cs.registerOutParameter(s0, i1); }
  @Override public void registerOutParameter(String s0, SQLType sQLType1, String s2) throws SQLException { cs.registerOutParameter(s0, sQLType1, s2); }
  @Override public void registerOutParameter(String s0, SQLType sQLType1, int i2) throws SQLException { cs.registerOutParameter(s0, sQLType1, i2); }
  @Override public void registerOutParameter(String s0, SQLType sQLType1) throws SQLException { cs.registerOutParameter(s0, sQLType1); }
  @Override public void registerOutParameter(int i0, int i1, String s2) throws SQLException { cs.registerOutParameter(i0, i1, s2); }
  @Override public void registerOutParameter(int i0, int i1, int i2) throws SQLException { cs.registerOutParameter(i0, i1, i2); }
  @Override public void registerOutParameter(int i0, int i1) throws SQLException { cs.registerOutParameter(i0, i1); }
  @Override public void registerOutParameter(int i0, SQLType sQLType1, String s2) throws SQLException { cs.registerOutParameter(i0, sQLType1, s2); }
  @Override public void registerOutParameter(int i0, SQLType sQLType1, int i2) throws SQLException { cs.registerOutParameter(i0, sQLType1, i2); }
  @Override public void registerOutParameter(int i0, SQLType sQLType1) throws SQLException { cs.registerOutParameter(i0, sQLType1); }
  @Override public void setAsciiStream(String s0, InputStream inputStream1, int i2) throws SQLException { cs.setAsciiStream(s0, inputStream1, i2); }
  @Override public void setAsciiStream(String s0, InputStream inputStream1, long l2) throws SQLException { cs.setAsciiStream(s0, inputStream1, l2); }
  @Override public void setAsciiStream(String s0, InputStream inputStream1) throws SQLException { cs.setAsciiStream(s0, inputStream1); }
  @Override public void setBigDecimal(String s0, BigDecimal bigDecimal1) throws SQLException { cs.setBigDecimal(s0, bigDecimal1); }
  @Override public void setBinaryStream(String s0, InputStream inputStream1, int i2) throws SQLException { cs.setBinaryStream(s0, inputStream1, i2); }
  @Override public void setBinaryStream(String s0, InputStream inputStream1, long l2) throws SQLException { cs.setBinaryStream(s0, inputStream1, l2); }
  @Override public void setBinaryStream(String s0, InputStream inputStream1) throws SQLException { cs.setBinaryStream(s0, inputStream1); }
  @Override public void setBlob(String s0, InputStream inputStream1, long l2) throws SQLException { cs.setBlob(s0, inputStream1, l2); }
  @Override public void setBlob(String s0, InputStream inputStream1) throws SQLException { cs.setBlob(s0, inputStream1); }
  @Override public void setBlob(String s0, Blob blob1) throws SQLException { cs.setBlob(s0, blob1); }
  @Override public void setBoolean(String s0, boolean b1) throws SQLException { cs.setBoolean(s0, b1); }
  @Override public void setByte(String s0, byte bv1) throws SQLException { cs.setByte(s0, bv1); }
  @Override public void setBytes(String s0, byte[] bv1) throws SQLException { cs.setBytes(s0, bv1); }
  @Override public void setCharacterStream(String s0, Reader reader1, int i2) throws SQLException { cs.setCharacterStream(s0, reader1, i2); }
  @Override public void setCharacterStream(String s0, Reader reader1, long l2) throws SQLException { cs.setCharacterStream(s0, reader1, l2); }
  @Override public void setCharacterStream(String s0, Reader reader1) throws SQLException { cs.setCharacterStream(s0, reader1); }
  @Override public void setClob(String s0, Reader reader1, long l2) throws SQLException { cs.setClob(s0, reader1, l2); }
  @Override public void setClob(String s0, Reader reader1) throws SQLException { cs.setClob(s0, reader1); }
  @Override public void setClob(String s0, Clob clob1) throws SQLException { cs.setClob(s0, clob1); }
  @Override public void setDate(String s0, Date date1, Calendar cal2) throws SQLException { cs.setDate(s0, date1, cal2); }
  @Override public void setDate(String s0, Date date1) throws SQLException { cs.setDate(s0, date1); }
  @Override public void setDouble(String s0, double dv1) throws SQLException { cs.setDouble(s0, dv1); }
  @Override public void setFloat(String s0, float fv1) throws SQLException { cs.setFloat(s0, fv1); }
  @Override public void setInt(String s0, int i1) throws SQLException { cs.setInt(s0, i1); }
  @Override public void setLong(String s0, long l1) throws SQLException { cs.setLong(s0, l1); }
  @Override public void setNCharacterStream(String s0, Reader reader1, long l2) throws SQLException { cs.setNCharacterStream(s0, reader1, l2); }
  @Override public void setNCharacterStream(String s0, Reader reader1) throws SQLException { cs.setNCharacterStream(s0, reader1); }
  @Override public void setNClob(String s0, Reader reader1, long l2) throws SQLException { cs.setNClob(s0, reader1, l2); }
  @Override public void setNClob(String s0, Reader reader1) throws SQLException { cs.setNClob(s0, reader1); }
  @Override public void setNClob(String s0, NClob nClob1) throws SQLException { cs.setNClob(s0, nClob1); }
  @Override public void setNString(String s0, String s1) throws SQLException { cs.setNString(s0, s1); }
  @Override public void setNull(String s0, int i1, String s2) throws SQLException { cs.setNull(s0, i1, s2); }
  @Override public void setNull(String s0, int i1) throws SQLException { cs.setNull(s0, i1); }
  @Override public void setObject(String s0, Object object1, int i2, int i3) throws SQLException { cs.setObject(s0, object1, i2, i3); }
  @Override public void setObject(String s0, Object object1, int i2) throws SQLException { cs.setObject(s0, object1, i2); }
  @Override public void setObject(String s0, Object object1, SQLType sQLType2, int i3) throws SQLException { cs.setObject(s0, object1, sQLType2, i3); }
  @Override public void setObject(String s0, Object object1, SQLType sQLType2) throws SQLException { cs.setObject(s0, object1, sQLType2); }
  @Override public void setObject(String s0, Object object1) throws SQLException { cs.setObject(s0, object1); }
  @Override public void setRowId(String s0, RowId rowId1) throws SQLException { cs.setRowId(s0, rowId1); }
  @Override public void setSQLXML(String s0, SQLXML sQLXML1) throws SQLException { cs.setSQLXML(s0, sQLXML1); }
  @Override public void setShort(String s0, short sv1) throws SQLException { cs.setShort(s0, sv1); }
  @Override public void setString(String s0, String s1) throws SQLException { cs.setString(s0, s1); }
  @Override public void setTime(String s0, Time time1, Calendar cal2) throws SQLException { cs.setTime(s0, time1, cal2); }
  @Override public void setTime(String s0, Time time1) throws SQLException { cs.setTime(s0, time1); }
  @Override public void setTimestamp(String s0, Timestamp timestamp1, Calendar cal2) throws SQLException { cs.setTimestamp(s0, timestamp1, cal2); }
  @Override public void setTimestamp(String s0, Timestamp timestamp1) throws SQLException { cs.setTimestamp(s0, timestamp1); }
  @Override public void setURL(String s0, URL uRL1) throws SQLException { cs.setURL(s0, uRL1); }
  @Override public boolean wasNull() throws SQLException { return cs.wasNull(); }
}
