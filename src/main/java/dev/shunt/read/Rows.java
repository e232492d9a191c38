package dev.shunt.read;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.rowset.CachedRowSet;
import javax.sql.rowset.RowSetFactory;
import javax.sql.rowset.RowSetMetaDataImpl;
import javax.sql.rowset.RowSetProvider;

/**
 * A result read into memory: the column metadata and every row's values. What merge and fallback
 * hand the application is built from it as a {@link CachedRowSet}, the JDK's complete
 * disconnected result set, so every getter, {@code wasNull} and the metadata behave as JDBC says.
 */
final class Rows {
  private static final RowSetFactory ROW_SETS;

  static {
    try {
      ROW_SETS = RowSetProvider.newFactory();
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final RowSetMetaDataImpl meta;
  final String[] classNames; // of the driver's getObject values, per column
  final List<Object[]> rows;

  private Rows(RowSetMetaDataImpl meta, String[] classNames, List<Object[]> rows) {
    this.meta = meta;
    this.classNames = classNames;
    this.rows = rows;
  }

  /** Reads every row of {@code rs} and closes it. */
  static Rows read(ResultSet rs) throws SQLException {
    try (ResultSet r = rs) {
      ResultSetMetaData md = r.getMetaData();
      int n = md.getColumnCount();
      RowSetMetaDataImpl meta = new RowSetMetaDataImpl();
      meta.setColumnCount(n);
      String[] classes = new String[n];
      for (int i = 1; i <= n; i++) {
        // CachedRowSet finds columns by name: the label is what the application asks for
        copyColumn(md, meta, i, md.getColumnLabel(i));
        classes[i - 1] = md.getColumnClassName(i);
      }
      List<Object[]> rows = new ArrayList<>();
      while (r.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) row[i] = r.getObject(i + 1);
        rows.add(row);
      }
      return new Rows(meta, classes, rows);
    }
  }

  int columns() throws SQLException { return meta.getColumnCount(); }

  String label(int column) throws SQLException { return meta.getColumnLabel(column); }

  /**
   * A value from the other side in the Java type this side's driver gives for the column, so the
   * application sees one type per column whichever side a row came from.
   */
  Object coerce(int column, Object v) throws SQLException {
    if (v == null) return null;
    String cls = classNames[column - 1];
    if (cls == null || v.getClass().getName().equals(cls) || !(v instanceof Number)) return v;
    Number n = (Number) v;
    switch (cls) {
      case "java.math.BigDecimal": {
        BigDecimal d = n instanceof BigDecimal ? (BigDecimal) n : new BigDecimal(n.toString());
        int scale = meta.getScale(column);
        return scale > 0 ? d.setScale(scale, RoundingMode.HALF_UP) : d;
      }
      case "java.lang.Integer": return n.intValue();
      case "java.lang.Long": return n.longValue();
      case "java.lang.Short": return n.shortValue();
      case "java.lang.Byte": return n.byteValue();
      case "java.lang.Double": return n.doubleValue();
      case "java.lang.Float": return n.floatValue();
      case "java.math.BigInteger": return new BigDecimal(n.toString()).toBigInteger();
      default: return v;
    }
  }

  /**
   * The first {@code visible} columns of {@code rows} as a result set with this side's metadata;
   * forward-only unless the application asked for a scrollable one.
   */
  ResultSet toResultSet(long maxRows, List<Object[]> rows, int visible, int resultSetType) throws SQLException {
    if (maxRows > 0 && rows.size() > maxRows) rows = rows.subList(0, (int) maxRows); // as the driver would cut it
    RowSetMetaDataImpl md = meta;
    if (visible < meta.getColumnCount()) md = truncated(visible);
    CachedRowSet out = ROW_SETS.createCachedRowSet();
    out.populate(source(md, rows, visible));
    out.setType(resultSetType == ResultSet.TYPE_FORWARD_ONLY ? ResultSet.TYPE_FORWARD_ONLY : ResultSet.TYPE_SCROLL_INSENSITIVE);
    out.setReadOnly(true);
    return NumericView.of(out);
  }

  private RowSetMetaDataImpl truncated(int visible) throws SQLException {
    RowSetMetaDataImpl md = new RowSetMetaDataImpl();
    md.setColumnCount(visible);
    for (int i = 1; i <= visible; i++) copyColumn(meta, md, i, meta.getColumnName(i));
    return md;
  }

  private static void copyColumn(ResultSetMetaData from, RowSetMetaDataImpl to, int i, String name) throws SQLException {
    to.setColumnLabel(i, from.getColumnLabel(i));
    to.setColumnName(i, name);
    to.setColumnType(i, from.getColumnType(i));
    to.setColumnTypeName(i, from.getColumnTypeName(i));
    to.setPrecision(i, Math.max(0, from.getPrecision(i)));
    to.setScale(i, Math.max(0, from.getScale(i)));
    to.setNullable(i, from.isNullable(i));
    to.setSigned(i, from.isSigned(i));
    to.setCurrency(i, from.isCurrency(i));
    to.setAutoIncrement(i, from.isAutoIncrement(i));
    to.setCaseSensitive(i, from.isCaseSensitive(i));
    to.setSearchable(i, from.isSearchable(i));
    to.setColumnDisplaySize(i, Math.max(0, from.getColumnDisplaySize(i)));
    to.setTableName(i, nonNull(from.getTableName(i)));
    to.setSchemaName(i, nonNull(from.getSchemaName(i)));
    to.setCatalogName(i, nonNull(from.getCatalogName(i)));
  }

  /**
   * The minimal forward-only result set {@link CachedRowSet#populate} reads from: metadata,
   * {@code next} and {@code getObject}. Built once per merged read, off the pass-through path.
   */
  private static ResultSet source(ResultSetMetaData md, List<Object[]> rows, int visible) {
    int[] at = {-1};
    boolean[] wasNull = {false};
    InvocationHandler h = (proxy, method, args) -> {
      switch (method.getName()) {
        case "getMetaData": return md;
        case "next": return ++at[0] < rows.size();
        case "getObject": {
          int column = (Integer) args[0];
          if (column < 1 || column > visible) throw new SQLException("column " + column + " out of range");
          Object v = rows.get(at[0])[column - 1];
          wasNull[0] = v == null;
          return v;
        }
        case "wasNull": return wasNull[0];
        case "close": return null;
        case "isClosed": return false;
        case "getType": return ResultSet.TYPE_FORWARD_ONLY;
        case "getConcurrency": return ResultSet.CONCUR_READ_ONLY;
        case "getWarnings": return null;
        case "hashCode": return System.identityHashCode(proxy);
        case "equals": return proxy == args[0];
        case "toString": return "Shunt merged rows";
        default: throw new SQLException("not supported while populating: " + method.getName());
      }
    };
    return (ResultSet) Proxy.newProxyInstance(Rows.class.getClassLoader(), new Class<?>[] {ResultSet.class}, h);
  }

  private static String nonNull(String s) { return s == null ? "" : s; }
}
