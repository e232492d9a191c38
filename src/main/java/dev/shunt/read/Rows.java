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
        String label = md.getColumnLabel(i);
        meta.setColumnLabel(i, label);
        meta.setColumnName(i, label); // CachedRowSet finds columns by name: the label is what the app asks for
        meta.setColumnType(i, md.getColumnType(i));
        meta.setColumnTypeName(i, md.getColumnTypeName(i));
        meta.setPrecision(i, Math.max(0, md.getPrecision(i)));
        meta.setScale(i, Math.max(0, md.getScale(i)));
        meta.setNullable(i, md.isNullable(i));
        meta.setSigned(i, md.isSigned(i));
        meta.setCurrency(i, md.isCurrency(i));
        meta.setAutoIncrement(i, md.isAutoIncrement(i));
        meta.setCaseSensitive(i, md.isCaseSensitive(i));
        meta.setSearchable(i, md.isSearchable(i));
        meta.setColumnDisplaySize(i, Math.max(0, md.getColumnDisplaySize(i)));
        meta.setTableName(i, nonNull(md.getTableName(i)));
        meta.setSchemaName(i, nonNull(md.getSchemaName(i)));
        meta.setCatalogName(i, nonNull(md.getCatalogName(i)));
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
      case "java.math.BigInteger": return new BigInteger(new BigDecimal(n.toString()).toBigInteger().toString());
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
    for (int i = 1; i <= visible; i++) {
      md.setColumnLabel(i, meta.getColumnLabel(i));
      md.setColumnName(i, meta.getColumnName(i));
      md.setColumnType(i, meta.getColumnType(i));
      md.setColumnTypeName(i, meta.getColumnTypeName(i));
      md.setPrecision(i, meta.getPrecision(i));
      md.setScale(i, meta.getScale(i));
      md.setNullable(i, meta.isNullable(i));
      md.setSigned(i, meta.isSigned(i));
      md.setCurrency(i, meta.isCurrency(i));
      md.setAutoIncrement(i, meta.isAutoIncrement(i));
      md.setCaseSensitive(i, meta.isCaseSensitive(i));
      md.setSearchable(i, meta.isSearchable(i));
      md.setColumnDisplaySize(i, meta.getColumnDisplaySize(i));
      md.setTableName(i, meta.getTableName(i));
      md.setSchemaName(i, meta.getSchemaName(i));
      md.setCatalogName(i, meta.getCatalogName(i));
    }
    return md;
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
