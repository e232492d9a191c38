package dev.shunt.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Everything a JDBC client could observe during a scenario, one line per observation, so that two
 * runs (raw driver and Shunt) can be compared with {@code assertEquals}. Names that legitimately
 * differ between runs (the database name, connection ids, identity hash codes) are masked.
 */
public final class Transcript {
  private final List<String> lines = new ArrayList<>();
  private final String databaseName;

  public Transcript(String databaseName) {
    this.databaseName = databaseName;
  }

  /** A call whose outcome (value or exception) is to be recorded. */
  @FunctionalInterface
  public interface Call {
    Object call() throws Exception;
  }

  /** A call that returns nothing. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  public List<String> lines() { return List.copyOf(lines); }

  public int size() { return lines.size(); }

  @Override public String toString() { return String.join("\n", lines); }

  /** Records {@code label: value}. */
  public void add(String label, Object value) {
    lines.add(mask(label + ": " + format(value)));
  }

  /** Records the value {@code call} returns, or the exception it throws. */
  public void attempt(String label, Call call) {
    try {
      add(label, call.call());
    } catch (Exception e) {
      exception(label, e);
    }
  }

  /** Runs {@code action}, recording "ok" or the exception it throws. */
  public void run(String label, Action action) {
    try {
      action.run();
      add(label, "ok");
    } catch (Exception e) {
      exception(label, e);
    }
  }

  /** Class, SQLState, vendor code and message of {@code e}, its next exceptions and batch counts. */
  public void exception(String label, Throwable e) {
    lines.add(mask(label + " threw " + describe(e)));
    if (e instanceof BatchUpdateException) {
      BatchUpdateException b = (BatchUpdateException) e;
      add(label + " updateCounts", b.getUpdateCounts());
      attempt(label + " largeUpdateCounts", b::getLargeUpdateCounts);
    }
    if (e instanceof SQLException) {
      SQLException next = ((SQLException) e).getNextException();
      for (int i = 0; next != null && i < 5; i++, next = next.getNextException()) {
        lines.add(mask(label + " next[" + i + "] " + describe(next)));
      }
    }
  }

  private static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
    if (e instanceof SQLException) {
      SQLException s = (SQLException) e;
      b.append(" state=").append(s.getSQLState()).append(" code=").append(s.getErrorCode());
    }
    return b.append(" msg=").append(e.getMessage()).toString();
  }

  /** The whole SQLWarning chain. */
  public void warnings(String label, SQLWarning w) {
    if (w == null) {
      add(label, "no warnings");
      return;
    }
    for (int i = 0; w != null && i < 20; i++, w = w.getNextWarning()) {
      lines.add(mask(label + "[" + i + "] " + w.getClass().getSimpleName() + " state=" + w.getSQLState()
          + " code=" + w.getErrorCode() + " msg=" + w.getMessage()));
    }
  }

  /** Column labels and type names, then every row through getObject, getString and wasNull. */
  public void rows(String label, ResultSet rs) throws SQLException {
    if (rs == null) {
      add(label, "no result set");
      return;
    }
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    StringBuilder header = new StringBuilder();
    for (int i = 1; i <= n; i++) header.append(i > 1 ? ", " : "").append(md.getColumnLabel(i)).append(' ').append(md.getColumnTypeName(i));
    add(label + " columns", header);
    int row = 0;
    while (rs.next()) {
      row++;
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        Object o = rs.getObject(i);
        boolean objNull = rs.wasNull();
        String s = rs.getString(i);
        boolean strNull = rs.wasNull();
        b.append(i > 1 ? " | " : "").append(format(o)).append(objNull ? " (null)" : "");
        if (!(o instanceof byte[]) && !(o instanceof Blob) && !(o instanceof Clob)) b.append(" str=").append(s).append(strNull ? " (null)" : "");
      }
      add(label + " row " + row, b);
    }
    add(label + " rowCount", row);
  }

  /** Every ResultSetMetaData property of every column (each call on its own, as drivers differ). */
  public void metaData(String label, ResultSetMetaData md) throws SQLException {
    if (md == null) {
      add(label, "no metadata");
      return;
    }
    int n = md.getColumnCount();
    add(label + " columnCount", n);
    for (int c = 1; c <= n; c++) {
      final int i = c;
      String p = label + " col" + i + " ";
      attempt(p + "label", () -> md.getColumnLabel(i));
      attempt(p + "name", () -> md.getColumnName(i));
      attempt(p + "table", () -> md.getTableName(i));
      attempt(p + "catalog", () -> md.getCatalogName(i));
      attempt(p + "schema", () -> md.getSchemaName(i));
      attempt(p + "type", () -> md.getColumnType(i));
      attempt(p + "typeName", () -> md.getColumnTypeName(i));
      attempt(p + "className", () -> md.getColumnClassName(i));
      attempt(p + "precision", () -> md.getPrecision(i));
      attempt(p + "scale", () -> md.getScale(i));
      attempt(p + "displaySize", () -> md.getColumnDisplaySize(i));
      attempt(p + "nullable", () -> md.isNullable(i));
      attempt(p + "autoIncrement", () -> md.isAutoIncrement(i));
      attempt(p + "signed", () -> md.isSigned(i));
      attempt(p + "readOnly", () -> md.isReadOnly(i));
      attempt(p + "caseSensitive", () -> md.isCaseSensitive(i));
    }
  }

  /** A printable, run-independent form of a value read from a driver. */
  public static String format(Object v) {
    try {
      if (v == null) return "null";
      if (v instanceof byte[]) return "bytes" + digest((byte[]) v);
      if (v instanceof int[]) return Arrays.toString((int[]) v);
      if (v instanceof long[]) return Arrays.toString((long[]) v);
      if (v instanceof Object[]) return Arrays.deepToString((Object[]) v);
      if (v instanceof Clob) { // before Blob: some drivers' Clob extends their Blob
        Clob c = (Clob) v;
        return "Clob" + digest(c.getSubString(1, (int) c.length()).getBytes(StandardCharsets.UTF_8));
      }
      if (v instanceof Blob) {
        Blob b = (Blob) v;
        return "Blob" + digest(b.getBytes(1, (int) b.length()));
      }
      if (v instanceof InputStream) return "stream" + digest(((InputStream) v).readAllBytes());
      if (v instanceof Reader) return "reader" + digest(readAll((Reader) v).getBytes(StandardCharsets.UTF_8));
      if (v instanceof Array) return "Array " + format(((Array) v).getArray());
      if (v instanceof Savepoint) return "Savepoint";
      if (v instanceof Properties) return new TreeMap<>((Map<?, ?>) v).toString();
      if (v instanceof CharSequence) return v.toString(); // long lines are shortened after masking
      if (v instanceof Wrapper) return jdbcInterface(v.getClass()); // a JDBC object: its kind, never its class
      if (v instanceof Boolean || v instanceof Integer) return v.toString();
      return v.getClass().getSimpleName() + ":" + v;
    } catch (SQLException | IOException | RuntimeException e) {
      return "unreadable " + describe(e);
    }
  }

  private static final List<Class<?>> JDBC_KINDS = List.of(java.sql.CallableStatement.class, java.sql.PreparedStatement.class,
      java.sql.Statement.class, ResultSet.class, java.sql.Connection.class, java.sql.DatabaseMetaData.class,
      ResultSetMetaData.class, java.sql.ParameterMetaData.class);

  private static String jdbcInterface(Class<?> c) {
    for (Class<?> kind : JDBC_KINDS) {
      if (kind.isAssignableFrom(c)) return "a " + kind.getSimpleName();
    }
    return "a JDBC object";
  }

  public static String readAll(Reader r) throws IOException {
    StringBuilder b = new StringBuilder();
    char[] buf = new char[4096];
    for (int n; (n = r.read(buf)) >= 0; ) b.append(buf, 0, n);
    return b.toString();
  }

  /** Length and a short SHA-256 prefix: enough to tell contents apart without printing them. */
  private static String digest(byte[] data) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(data);
      StringBuilder b = new StringBuilder("(").append(data.length).append(" bytes, ");
      for (int i = 0; i < 6; i++) b.append(String.format("%02x", h[i]));
      return b.append(')').toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String mask(String line) {
    String s = line;
    if (databaseName != null && !databaseName.isEmpty()) s = s.replace(databaseName, "<db>");
    s = s.replaceAll("\\(conn=\\d+\\)", "(conn=N)").replaceAll("@[0-9a-f]{5,}\\b", "@<id>");
    return s.length() <= 1000 ? s : s.substring(0, 200) + "… " + digest(s.getBytes(StandardCharsets.UTF_8));
  }
}
