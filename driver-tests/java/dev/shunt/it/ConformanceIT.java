package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.it.support.Transcript;
import dev.shunt.jdbc.ShuntConnection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pass-through conformance: every scenario runs once on a raw connection and once through
 * {@code jdbc:shunt:} (no toggle file), each on its own fresh database of the same engine, and the
 * two transcripts of everything a client can observe must be identical. The Shunt run also checks
 * the identity invariants of the driver (getConnection/getStatement lead back to Shunt's
 * objects, unwrap reaches the vendor's).
 */
class ConformanceIT {

  /** One scenario body; it records into {@code r.t} and creates objects through {@code r}. */
  @FunctionalInterface
  interface Scenario {
    void run(Run r) throws Exception;
  }

  private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("typesAndGetters", ConformanceIT::typesAndGetters);
    SCENARIOS.put("updateCounts", ConformanceIT::updateCounts);
    SCENARIOS.put("generatedKeys", ConformanceIT::generatedKeys);
    SCENARIOS.put("warnings", ConformanceIT::warnings);
    SCENARIOS.put("exceptions", ConformanceIT::exceptions);
    SCENARIOS.put("batches", ConformanceIT::batches);
    SCENARIOS.put("savepoints", ConformanceIT::savepoints);
    SCENARIOS.put("transactionVisibility", ConformanceIT::transactionVisibility);
    SCENARIOS.put("resultSetMetaData", ConformanceIT::resultSetMetaData);
    SCENARIOS.put("databaseMetaData", ConformanceIT::databaseMetaData);
    SCENARIOS.put("lobsAndStreams", ConformanceIT::lobsAndStreams);
    SCENARIOS.put("scrollable", ConformanceIT::scrollable);
    SCENARIOS.put("maxRowsAndFetchSize", ConformanceIT::maxRowsAndFetchSize);
    SCENARIOS.put("callable", ConformanceIT::callable);
    SCENARIOS.put("multipleResults", ConformanceIT::multipleResults);
    SCENARIOS.put("closeBehaviour", ConformanceIT::closeBehaviour);
    SCENARIOS.put("connectionState", ConformanceIT::connectionState);
    SCENARIOS.put("updatableResultSet", ConformanceIT::updatableResultSet);
  }

  static Stream<Arguments> cases() {
    return Stream.of(Engine.MARIADB, Engine.POSTGRES)
        .flatMap(e -> SCENARIOS.keySet().stream().map(s -> Arguments.of(e, s)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void shuntTranscriptEqualsRaw(Engine engine, String scenario) throws Exception {
    List<String> raw = transcript(engine, scenario, false, null);
    List<String> shunt = transcript(engine, scenario, true, null);
    keepForInspection(engine, scenario, raw);
    assertTrue(raw.size() >= 5, () -> "scenario recorded too little to compare:\n" + String.join("\n", raw));
    assertEquals(String.join("\n", raw), String.join("\n", shunt), "raw and Shunt transcripts differ for " + scenario);
    // again with a toggle file in an active phase, so every statement goes through the text scan
    // and planner (the migrated table is not one the scenarios touch)
    List<String> planned = transcript(engine, scenario, true, activeToggleFile());
    assertEquals(String.join("\n", raw), String.join("\n", planned), "raw and planned Shunt transcripts differ for " + scenario);
  }

  // ---------------------------------------------------------------------------------------------
  // Result sets that arrive as values (PostgreSQL REF CURSORs): getStatement must still be Shunt's,
  // whichever getObject overload of CallableStatement or ResultSet returns them.
  // ---------------------------------------------------------------------------------------------

  private static final String CURSOR_FUNCTION = "CREATE FUNCTION curs() RETURNS refcursor AS $$ DECLARE r refcursor; "
      + "BEGIN OPEN r FOR SELECT id FROM t ORDER BY id; RETURN r; END $$ LANGUAGE plpgsql";

  /** Runs {@code body} on a Shunt connection (autocommit off, as cursors need) to a database with t and curs(). */
  private static void withCursorDatabase(CursorCheck body) throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.POSTGRES, "cursor")) {
      db.exec("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1), (2)", CURSOR_FUNCTION);
      try (Connection c = db.openShunt()) {
        c.setAutoCommit(false);
        body.run(c);
        c.rollback();
      }
    }
  }

  @FunctionalInterface
  interface CursorCheck {
    void run(Connection shunt) throws Exception;
  }

  /** The cursor's rows, after checking it is a Shunt result set leading back to {@code owner}. */
  private static List<Integer> shuntCursor(Object value, Statement owner) throws SQLException {
    assertTrue(value instanceof ResultSet, "expected a ResultSet, got " + value);
    ResultSet rs = (ResultSet) value;
    assertShuntClass(rs);
    assertSame(owner, rs.getStatement(), "a REF CURSOR's getStatement must be the Shunt statement that produced it");
    List<Integer> ids = new ArrayList<>();
    while (rs.next()) ids.add(rs.getInt(1));
    return ids;
  }

  @Test
  void postgresRefCursorOutParameterThroughGetObject() throws Exception {
    withCursorDatabase(c -> {
      try (CallableStatement cs = c.prepareCall("{? = call curs()}")) {
        cs.registerOutParameter(1, Types.OTHER);
        cs.execute();
        assertEquals(List.of(1, 2), shuntCursor(cs.getObject(1), cs));
      }
    });
  }

  @Test
  void postgresRefCursorOutParameterThroughTypedGetObject() throws Exception {
    withCursorDatabase(c -> {
      try (CallableStatement cs = c.prepareCall("{? = call curs()}")) {
        cs.registerOutParameter(1, Types.OTHER);
        cs.execute();
        assertEquals(List.of(1, 2), shuntCursor(cs.getObject(1, ResultSet.class), cs));
      }
    });
  }

  @Test
  void postgresRefCursorColumnThroughResultSetGetObject() throws Exception {
    withCursorDatabase(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT curs()")) {
        assertTrue(rs.next());
        assertEquals(List.of(1, 2), shuntCursor(rs.getObject(1), st));
      }
    });
  }

  /** Leaves the raw transcript under target/ so a reader can see what was compared. */
  private static void keepForInspection(Engine engine, String scenario, List<String> lines) throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Path.of("target", "conformance-transcripts");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.write(dir.resolve(engine.name().toLowerCase(java.util.Locale.ROOT) + "-" + scenario + ".txt"), lines);
  }

  /** Runs {@code scenario} on a fresh database, through Shunt or not, and returns its transcript. */
  private static Path activeToggleFile;

  /** A toggle file whose one migration (of a table no scenario uses) is in shadow-write. */
  private static synchronized Path activeToggleFile() throws IOException {
    if (activeToggleFile == null) {
      activeToggleFile = Files.createTempFile("shunt-conformance", ".yaml");
      activeToggleFile.toFile().deleteOnExit();
      ToggleFiles.writeInPlace(activeToggleFile, ToggleFiles.usersMigration("shadow-write", "")
          .replace("table: users,", "table: conformance_unused,"));
    }
    return activeToggleFile;
  }

  private static List<String> transcript(Engine engine, String scenario, boolean shunt, Path config) throws Exception {
    try (TestDatabase db = TestDatabases.create(engine, "conf")) {
      Transcript t = new Transcript(db.name());
      try (Run r = new Run(engine, db, shunt, config, t)) {
        SCENARIOS.get(scenario).run(r);
      } catch (SQLException | RuntimeException e) {
        if (!shunt) throw new AssertionError("scenario " + scenario + " failed on the raw driver (a test bug)", e);
        t.exception("scenario aborted", e); // shows up in the diff against the raw run
      }
      return t.lines();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The run context: connection, transcript and (Shunt run only) identity checks.
  // ---------------------------------------------------------------------------------------------

  static final class Run implements AutoCloseable {
    final Engine engine;
    final TestDatabase db;
    final boolean shunt;
    final Path config; // toggle file of the Shunt run, or null for none
    final Transcript t;
    final Connection conn;
    private final List<Connection> opened = new ArrayList<>();

    Run(Engine engine, TestDatabase db, boolean shunt, Path config, Transcript t) throws SQLException {
      this.engine = engine;
      this.db = db;
      this.shunt = shunt;
      this.config = config;
      this.t = t;
      this.conn = open(null);
    }

    boolean maria() { return engine == Engine.MARIADB; }

    /** The engine's spelling of a statement. */
    String sql(String mariadb, String postgres) { return maria() ? mariadb : postgres; }

    /** Another connection of the same kind (raw or Shunt) to the same database. */
    Connection open(String param) throws SQLException {
      String url = shunt ? db.shuntUrl() : db.rawUrl();
      if (param != null) url = TestDatabase.withParam(url, param);
      Properties p = new Properties();
      if (config != null) p.setProperty("shunt.config", config.toString());
      Connection c = DriverManager.getConnection(url, p);
      opened.add(c);
      if (shunt) checkShuntConnection(c);
      return c;
    }

    private void checkShuntConnection(Connection c) throws SQLException {
      assertShuntClass(c);
      assertSame(c, c.unwrap(ShuntConnection.class), "unwrap(ShuntConnection) must be the Shunt connection");
      assertTrue(c.isWrapperFor(ShuntConnection.class));
      Class<?> vendor = maria() ? org.mariadb.jdbc.Connection.class : org.postgresql.PGConnection.class;
      Class<?> other = maria() ? org.postgresql.PGConnection.class : org.mariadb.jdbc.Connection.class;
      Object real = c.unwrap(vendor);
      assertNotNull(real);
      assertTrue(vendor.isInstance(real), "unwrap must reach the vendor connection");
      assertNotSame(c, real);
      assertTrue(c.isWrapperFor(vendor), "isWrapperFor must agree with unwrap");
      assertFalse(c.isWrapperFor(other), "isWrapperFor must deny the other vendor's type");
      DatabaseMetaData md = c.getMetaData();
      assertShuntClass(md);
      assertSame(c, md.getConnection(), "DatabaseMetaData.getConnection must be the Shunt connection");
    }

    Statement statement() throws SQLException { return stmt(conn.createStatement(), conn); }

    PreparedStatement prepare(String sql) throws SQLException { return stmt(conn.prepareStatement(sql), conn); }

    /** In the Shunt run: a Shunt statement whose getConnection is {@code owner}. */
    <S extends Statement> S stmt(S s, Connection owner) throws SQLException {
      if (shunt) {
        assertShuntClass(s);
        assertSame(owner, s.getConnection(), "Statement.getConnection must be the Shunt connection");
        Class<?> vendor = maria() ? org.mariadb.jdbc.Statement.class : org.postgresql.PGStatement.class;
        assertTrue(s.isWrapperFor(vendor));
        assertTrue(vendor.isInstance(s.unwrap(vendor)), "Statement.unwrap must reach the vendor statement");
      }
      return s;
    }

    /** In the Shunt run: a Shunt result set whose getStatement is {@code owner}. */
    ResultSet rs(ResultSet rs, Statement owner) throws SQLException {
      if (shunt && rs != null) {
        assertShuntClass(rs);
        assertSame(owner, rs.getStatement(), "ResultSet.getStatement must be the Shunt statement that produced it");
      }
      return rs;
    }

    /** In the Shunt run: a metadata result set whose statement is null or Shunt's. */
    ResultSet metaRs(ResultSet rs) throws SQLException {
      if (shunt && rs != null) {
        assertShuntClass(rs);
        Statement s = rs.getStatement();
        if (s != null) {
          assertShuntClass(s);
          assertSame(conn, s.getConnection(), "a metadata statement must lead back to the Shunt connection");
        }
      }
      return rs;
    }

    ResultSet query(Statement st, String sql) throws SQLException {
      ResultSet rs = rs(st.executeQuery(sql), st);
      if (shunt) assertSame(rs, st.getResultSet(), "getResultSet must return the same Shunt result set");
      return rs;
    }

    ResultSet keys(Statement st) throws SQLException { return rs(st.getGeneratedKeys(), st); }

    /** Records the rows of {@code sql} run on a fresh statement. */
    void select(String label, String sql) throws SQLException {
      try (Statement st = statement(); ResultSet rs = query(st, sql)) {
        t.rows(label, rs);
      }
    }

    @Override public void close() throws SQLException {
      for (Connection c : opened) c.close();
    }
  }

  static void assertShuntClass(Object o) {
    assertTrue(o.getClass().getName().startsWith("dev.shunt."), () -> "expected a Shunt wrapper, got " + o.getClass().getName());
  }

  /** The usual test table: id (generated), name, qty. */
  private static void createItems(Run r) throws SQLException {
    try (Statement st = r.statement()) {
      st.execute(r.sql("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL, qty INT, UNIQUE KEY t_name (name)) ENGINE=InnoDB",
          "CREATE TABLE t (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, qty INT, CONSTRAINT t_name UNIQUE (name))"));
    }
  }

  private static void insertItems(Run r, int n) throws SQLException {
    try (PreparedStatement ps = r.prepare("INSERT INTO t (name, qty) VALUES (?, ?)")) {
      for (int i = 1; i <= n; i++) {
        ps.setString(1, "item" + i);
        ps.setInt(2, i * 10);
        ps.executeUpdate();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scenarios
  // ---------------------------------------------------------------------------------------------

  /** Typed setters and getters, getObject, wasNull and the Java types the driver picks. */
  static void typesAndGetters(Run r) throws Exception {
    Transcript t = r.t;
    try (Statement st = r.statement()) {
      st.execute(r.sql(
          "CREATE TABLE ty (id INT PRIMARY KEY, i INT, bi BIGINT, dc DECIMAL(10,3), vc VARCHAR(40), tx TEXT, d DATE, ts DATETIME(3), b BOOLEAN, dbl DOUBLE, tm TIME, n INT)",
          "CREATE TABLE ty (id INT PRIMARY KEY, i INT, bi BIGINT, dc NUMERIC(10,3), vc VARCHAR(40), tx TEXT, d DATE, ts TIMESTAMP(3), b BOOLEAN, dbl DOUBLE PRECISION, tm TIME, n INT)"));
    }
    try (PreparedStatement ps = r.prepare("INSERT INTO ty VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setInt(1, 1);
      ps.setInt(2, -42);
      ps.setLong(3, 9_000_000_000L);
      ps.setBigDecimal(4, new BigDecimal("1234.567"));
      ps.setString(5, "héllo 'quoted'");
      ps.setString(6, "long text ✓");
      ps.setDate(7, Date.valueOf("2024-02-29"));
      ps.setTimestamp(8, Timestamp.valueOf("2024-02-29 13:14:15.678"));
      ps.setBoolean(9, true);
      ps.setDouble(10, 2.5);
      ps.setTime(11, Time.valueOf("23:59:58"));
      ps.setNull(12, Types.INTEGER);
      t.add("insert 1", ps.executeUpdate());
      ps.clearParameters();
      ps.setObject(1, 2);
      ps.setObject(2, 7, Types.INTEGER);
      ps.setObject(3, 5L);
      ps.setObject(4, new BigDecimal("-0.001"), Types.DECIMAL, 3);
      ps.setString(5, "ünïcode");
      t.run("setNString", () -> ps.setNString(5, "ünïcode"));
      ps.setObject(6, "");
      ps.setObject(7, LocalDate.of(1999, 12, 31));
      ps.setObject(8, LocalDateTime.of(2000, 1, 1, 0, 0, 0));
      ps.setObject(9, Boolean.FALSE);
      ps.setFloat(10, 0.25f);
      ps.setObject(11, Time.valueOf("00:00:01"));
      ps.setObject(12, null, Types.INTEGER);
      t.add("insert 2", ps.executeUpdate());
      ps.clearParameters();
      ps.setInt(1, 3);
      for (int i = 2; i <= 12; i++) ps.setNull(i, Types.VARCHAR);
      t.attempt("insert 3 (all null as varchar)", ps::executeUpdate);
    }
    r.select("all", "SELECT * FROM ty ORDER BY id");
    try (Statement st = r.statement(); ResultSet rs = r.query(st, "SELECT * FROM ty ORDER BY id")) {
      t.metaData("meta", rs.getMetaData());
      while (rs.next()) {
        String p = "row " + rs.getInt("id") + " ";
        t.attempt(p + "getInt(i)", () -> rs.getInt("i"));
        t.attempt(p + "wasNull", rs::wasNull);
        t.attempt(p + "getLong(bi)", () -> rs.getLong(3));
        t.attempt(p + "getShort(i)", () -> rs.getShort(2));
        t.attempt(p + "getByte(i)", () -> rs.getByte(2));
        t.attempt(p + "getBigDecimal(dc)", () -> rs.getBigDecimal("dc"));
        t.attempt(p + "getDouble(dc)", () -> rs.getDouble("dc"));
        t.attempt(p + "getString(vc)", () -> rs.getString("vc"));
        t.attempt(p + "getNString(vc)", () -> rs.getNString("vc"));
        t.attempt(p + "getDate(d)", () -> rs.getDate("d"));
        t.attempt(p + "getTimestamp(ts)", () -> rs.getTimestamp("ts"));
        t.attempt(p + "getObject(ts, LocalDateTime)", () -> rs.getObject("ts", LocalDateTime.class));
        t.attempt(p + "getObject(d, LocalDate)", () -> rs.getObject(7, LocalDate.class));
        t.attempt(p + "getBoolean(b)", () -> rs.getBoolean("b"));
        t.attempt(p + "getDouble(dbl)", () -> rs.getDouble("dbl"));
        t.attempt(p + "getFloat(dbl)", () -> rs.getFloat("dbl"));
        t.attempt(p + "getTime(tm)", () -> rs.getTime("tm"));
        t.attempt(p + "getInt(n)", () -> rs.getInt("n"));
        t.attempt(p + "wasNull after n", rs::wasNull);
        t.attempt(p + "getObject(n, Integer)", () -> rs.getObject("n", Integer.class));
        t.attempt(p + "getInt(vc)", () -> rs.getInt("vc"));
        t.attempt(p + "findColumn(TX)", () -> rs.findColumn("TX"));
        t.attempt(p + "getRow", rs::getRow);
      }
      t.attempt("after last next", rs::next);
    }
  }

  /** execute/getUpdateCount/getMoreResults sequences and the large update variants. */
  static void updateCounts(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    try (Statement st = r.statement()) {
      t.add("execute insert", st.execute("INSERT INTO t (name, qty) VALUES ('a', 1), ('b', 2), ('c', 3)"));
      t.add("updateCount", st.getUpdateCount());
      t.add("largeUpdateCount", st.getLargeUpdateCount());
      t.add("resultSet", st.getResultSet());
      t.add("moreResults", st.getMoreResults());
      t.add("updateCount after more", st.getUpdateCount());
      t.add("executeUpdate update", st.executeUpdate("UPDATE t SET qty = qty + 1 WHERE qty >= 2"));
      t.add("executeUpdate no match", st.executeUpdate("UPDATE t SET qty = 0 WHERE 1 = 0"));
      t.add("executeLargeUpdate delete", st.executeLargeUpdate("DELETE FROM t WHERE name = 'a'"));
      t.add("executeUpdate ddl", st.executeUpdate("CREATE TABLE t2 (x INT)"));
      t.add("execute select", st.execute("SELECT name, qty FROM t ORDER BY id"));
      ResultSet rs = r.rs(st.getResultSet(), st);
      t.add("updateCount with result", st.getUpdateCount());
      t.rows("select", rs);
      t.add("moreResults after select", st.getMoreResults());
      t.add("rs closed by getMoreResults", rs.isClosed());
      t.add("updateCount at end", st.getUpdateCount());
      t.attempt("executeQuery of an update", () -> st.executeQuery("UPDATE t SET qty = 5 WHERE name = 'b'"));
      t.attempt("executeUpdate of a select", () -> st.executeUpdate("SELECT 1"));
    }
    try (PreparedStatement ps = r.prepare("UPDATE t SET qty = ? WHERE qty > ?")) {
      ps.setInt(1, 100);
      ps.setInt(2, 0);
      t.add("ps executeLargeUpdate", ps.executeLargeUpdate());
      ps.setInt(1, 7);
      ps.setInt(2, 1000);
      t.add("ps execute", ps.execute());
      t.add("ps updateCount", ps.getUpdateCount());
      t.add("ps largeUpdateCount", ps.getLargeUpdateCount());
    }
    r.select("final", "SELECT * FROM t ORDER BY id");
  }

  /** RETURN_GENERATED_KEYS, key columns by name and index, on Statement and PreparedStatement. */
  static void generatedKeys(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    try (Statement st = r.statement()) {
      t.add("executeUpdate keys", st.executeUpdate("INSERT INTO t (name, qty) VALUES ('k1', 1)", Statement.RETURN_GENERATED_KEYS));
      t.rows("keys 1", r.keys(st));
      t.add("execute keys", st.execute("INSERT INTO t (name, qty) VALUES ('k2', 2), ('k3', 3)", Statement.RETURN_GENERATED_KEYS));
      t.rows("keys 2", r.keys(st));
      t.add("execute by name", st.execute("INSERT INTO t (name, qty) VALUES ('k4', 4)", new String[] {"id"}));
      t.rows("keys 3", r.keys(st));
      t.add("executeLargeUpdate keys", st.executeLargeUpdate("INSERT INTO t (name) VALUES ('k5')", Statement.RETURN_GENERATED_KEYS));
      t.rows("keys 4", r.keys(st));
      t.add("no keys requested", st.executeUpdate("INSERT INTO t (name) VALUES ('k6')", Statement.NO_GENERATED_KEYS));
      t.attempt("keys when not requested", () -> {
        try (ResultSet k = r.keys(st)) {
          return k == null ? "null" : k.next() ? "row " + k.getObject(1) : "empty";
        }
      });
    }
    try (PreparedStatement ps = r.stmt(r.conn.prepareStatement("INSERT INTO t (name, qty) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS), r.conn)) {
      for (int i = 7; i <= 8; i++) {
        ps.setString(1, "k" + i);
        ps.setInt(2, i);
        t.add("ps insert " + i, ps.executeUpdate());
        t.rows("ps keys " + i, r.keys(ps));
      }
    }
    try (PreparedStatement ps = r.stmt(r.conn.prepareStatement("INSERT INTO t (name, qty) VALUES (?, ?)", new String[] {"id", "name"}), r.conn)) {
      ps.setString(1, "k9");
      ps.setInt(2, 9);
      t.add("ps by names", ps.executeUpdate());
      t.rows("ps keys by names", r.keys(ps));
    }
    t.attempt("ps by index", () -> {
      try (PreparedStatement ps = r.stmt(r.conn.prepareStatement("INSERT INTO t (name, qty) VALUES (?, ?)", new int[] {1}), r.conn)) {
        ps.setString(1, "k10");
        ps.setInt(2, 10);
        ps.executeUpdate();
        try (ResultSet k = r.keys(ps)) {
          return k.next() ? k.getObject(1) : "empty";
        }
      }
    });
    r.select("final", "SELECT id, name FROM t ORDER BY id");
  }

  /** The SQLWarning chains of statement, result set and connection, and clearWarnings. */
  static void warnings(Run r) throws Exception {
    Transcript t = r.t;
    t.warnings("conn initially", r.conn.getWarnings());
    try (Statement st = r.statement()) {
      t.add("drop missing", st.execute("DROP TABLE IF EXISTS no_such_table"));
      t.warnings("after drop", st.getWarnings());
      st.clearWarnings();
      t.warnings("after clear", st.getWarnings());
      String warn = r.sql("SELECT CAST('12abc' AS SIGNED) AS v, 1/0 AS z",
          "DO $$ BEGIN RAISE WARNING 'careful % of %', 1, 2; RAISE NOTICE 'just a notice'; END $$");
      boolean hasRs = st.execute(warn);
      t.add("warn execute", hasRs);
      if (hasRs) {
        try (ResultSet rs = r.rs(st.getResultSet(), st)) {
          t.rows("warn rows", rs);
          t.warnings("warn rs", rs.getWarnings());
        }
      }
      t.warnings("warn stmt", st.getWarnings());
    }
    t.warnings("conn after", r.conn.getWarnings());
    r.conn.clearWarnings();
    t.warnings("conn cleared", r.conn.getWarnings());
  }

  /** Exceptions: class, SQLState, vendor code and message (database name masked). */
  static void exceptions(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 2);
    try (Statement st = r.statement()) {
      t.attempt("syntax", () -> st.execute("SELEC 1"));
      t.attempt("missing table", () -> st.executeQuery("SELECT * FROM no_such_table"));
      t.attempt("missing column", () -> st.executeQuery("SELECT nope FROM t"));
      t.attempt("duplicate key", () -> st.executeUpdate("INSERT INTO t (id, name) VALUES (1, 'dup')"));
      t.attempt("unique name", () -> st.executeUpdate("INSERT INTO t (name) VALUES ('item1')"));
      t.attempt("not null", () -> st.executeUpdate("INSERT INTO t (name) VALUES (NULL)"));
      t.attempt("division by zero", () -> {
        try (ResultSet rs = st.executeQuery("SELECT 1 / 0")) {
          return rs.next() ? rs.getObject(1) : "no row";
        }
      });
      t.attempt("still usable", () -> {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      try (ResultSet rs = r.query(st, "SELECT id, name FROM t ORDER BY id")) {
        t.attempt("getInt before next", () -> rs.getInt(1));
        rs.next();
        t.attempt("unknown label", () -> rs.getInt("nope"));
        t.attempt("index out of range", () -> rs.getString(99));
        t.attempt("bad conversion", () -> rs.getInt("name"));
        rs.close();
        t.attempt("next after close", rs::next);
        t.attempt("getString after close", () -> rs.getString(1));
      }
    }
    try (PreparedStatement ps = r.prepare("SELECT name FROM t WHERE id = ?")) {
      t.attempt("missing parameter", ps::executeQuery);
      t.attempt("parameter index", () -> {
        ps.setInt(2, 1);
        return "set";
      });
    }
    Statement closed = r.statement();
    closed.close();
    t.attempt("closed statement", () -> closed.executeQuery("SELECT 1"));
    t.attempt("prepare invalid", () -> {
      try (PreparedStatement ps = r.prepare("SELECT * FROM no_such_table WHERE x = ?")) {
        ps.setInt(1, 1);
        return ps.executeQuery().next();
      }
    });
  }

  /** Statement and PreparedStatement batches, failures with BatchUpdateException counts. */
  static void batches(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    try (Statement st = r.statement()) {
      st.addBatch("INSERT INTO t (name, qty) VALUES ('s1', 1)");
      st.addBatch("INSERT INTO t (name, qty) VALUES ('s2', 2), ('s3', 3)");
      st.addBatch("UPDATE t SET qty = qty * 10");
      t.add("statement batch", st.executeBatch());
      t.add("empty batch", st.executeBatch());
      st.addBatch("INSERT INTO t (name) VALUES ('s4')");
      st.clearBatch();
      t.add("cleared batch", st.executeBatch());
      st.addBatch("DELETE FROM t WHERE name = 's3'");
      t.add("large batch", st.executeLargeBatch());
    }
    try (PreparedStatement ps = r.prepare("INSERT INTO t (name, qty) VALUES (?, ?)")) {
      for (int i = 1; i <= 4; i++) {
        ps.setString(1, "p" + i);
        ps.setInt(2, i);
        ps.addBatch();
      }
      t.add("ps batch", ps.executeBatch());
      for (String name : new String[] {"q1", "p2", "q3"}) { // p2 is a duplicate
        ps.setString(1, name);
        ps.setInt(2, 0);
        ps.addBatch();
      }
      t.attempt("ps batch with duplicate", ps::executeBatch);
      ps.clearBatch();
      ps.setString(1, "L1");
      ps.setInt(2, 1);
      ps.addBatch();
      t.add("ps large batch", ps.executeLargeBatch());
    }
    r.conn.setAutoCommit(false);
    try (Statement st = r.statement()) {
      st.addBatch("INSERT INTO t (name) VALUES ('tx1')");
      st.addBatch("INSERT INTO t (name) VALUES (NULL)");
      st.addBatch("INSERT INTO t (name) VALUES ('tx3')");
      t.attempt("tx batch with failure", st::executeBatch);
      r.conn.rollback();
    }
    r.conn.setAutoCommit(true);
    r.select("final", "SELECT name, qty FROM t ORDER BY name");
  }

  /** Named and unnamed savepoints: set, rollback to, release, use after release. */
  static void savepoints(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    Connection c = r.conn;
    c.setAutoCommit(false);
    try (Statement st = r.statement()) {
      st.executeUpdate("INSERT INTO t (name) VALUES ('before')");
      Savepoint a = c.setSavepoint("a");
      t.attempt("a name", a::getSavepointName);
      t.attempt("a id", a::getSavepointId);
      st.executeUpdate("INSERT INTO t (name) VALUES ('after a')");
      Savepoint b = c.setSavepoint();
      t.attempt("b id", b::getSavepointId);
      t.attempt("b name", b::getSavepointName);
      st.executeUpdate("INSERT INTO t (name) VALUES ('after b')");
      t.run("rollback to b", () -> c.rollback(b));
      r.select("after rollback to b", "SELECT name FROM t ORDER BY id");
      Savepoint d = c.setSavepoint("d");
      st.executeUpdate("INSERT INTO t (name) VALUES ('after d')");
      t.run("release d", () -> c.releaseSavepoint(d));
      t.run("rollback to released d", () -> c.rollback(d));
      t.run("rollback to a", () -> c.rollback(a));
      r.select("after rollback to a", "SELECT name FROM t ORDER BY id");
      c.commit();
    }
    c.setAutoCommit(true);
    t.run("savepoint in autocommit", c::setSavepoint);
    r.select("final", "SELECT name FROM t ORDER BY id");
  }

  /** Commit and rollback as seen from a second connection of the same kind. */
  static void transactionVisibility(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    Connection other = r.open(null);
    Connection c = r.conn;
    t.add("autocommit", c.getAutoCommit());
    c.setAutoCommit(false);
    t.add("autocommit off", c.getAutoCommit());
    try (Statement st = r.statement(); Statement os = r.stmt(other.createStatement(), other)) {
      st.executeUpdate("INSERT INTO t (name) VALUES ('one')");
      t.add("other before commit", count(os));
      c.commit();
      t.add("other after commit", count(os));
      st.executeUpdate("INSERT INTO t (name) VALUES ('two')");
      t.add("own before rollback", count(st));
      c.rollback();
      t.add("other after rollback", count(os));
      t.add("own after rollback", count(st));
      st.executeUpdate("INSERT INTO t (name) VALUES ('three')");
      c.setAutoCommit(true); // commits the open transaction
      t.add("other after autocommit on", count(os));
      t.run("commit in autocommit", c::commit);
      t.run("rollback in autocommit", c::rollback);
    }
  }

  private static Object count(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT name FROM t ORDER BY id")) {
      StringBuilder b = new StringBuilder();
      while (rs.next()) b.append(rs.getString(1)).append(' ');
      return "[" + b.toString().trim() + "]";
    }
  }

  /** ResultSetMetaData of a join with aliases, and prepared-statement metadata before execution. */
  static void resultSetMetaData(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 2);
    try (Statement st = r.statement()) {
      t.add("ddl", st.executeUpdate("CREATE TABLE u (uid INT PRIMARY KEY, t_id INT NOT NULL, note VARCHAR(20))"));
    }
    try (Statement st = r.statement();
         ResultSet rs = r.query(st, "SELECT t.id, t.name AS label, t.qty * 2 AS doubled, u.note, COUNT(*) OVER () AS total"
             + " FROM t LEFT JOIN u ON u.t_id = t.id ORDER BY t.id")) {
      t.metaData("join", rs.getMetaData());
      t.rows("join", rs);
    }
    try (PreparedStatement ps = r.prepare("SELECT id, name FROM t WHERE qty > ? AND name <> ?")) {
      t.attempt("ps metadata before execute", () -> {
        t.metaData("ps", ps.getMetaData());
        return "ok";
      });
      t.attempt("parameter count", () -> ps.getParameterMetaData().getParameterCount());
      t.attempt("parameter 1 type", () -> ps.getParameterMetaData().getParameterType(1));
      t.attempt("parameter 2 type name", () -> ps.getParameterMetaData().getParameterTypeName(2));
    }
  }

  /** DatabaseMetaData: names, capabilities, and the catalog queries for the test table. */
  static void databaseMetaData(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    try (Statement st = r.statement()) {
      st.execute("CREATE INDEX t_qty ON t (qty)");
    }
    DatabaseMetaData md = r.conn.getMetaData();
    t.add("product", md.getDatabaseProductName());
    t.add("product version", md.getDatabaseProductVersion());
    t.add("driver", md.getDriverName());
    t.add("driver version", md.getDriverVersion());
    t.add("driver major", md.getDriverMajorVersion());
    t.add("jdbc version", md.getJDBCMajorVersion() + "." + md.getJDBCMinorVersion());
    t.add("url", md.getURL());
    t.add("user", md.getUserName());
    t.add("quote", md.getIdentifierQuoteString());
    t.add("catalog term", md.getCatalogTerm());
    t.add("savepoints", md.supportsSavepoints());
    t.add("batch", md.supportsBatchUpdates());
    t.add("generated keys", md.supportsGetGeneratedKeys());
    t.add("multiple results", md.supportsMultipleResultSets());
    t.add("scroll insensitive", md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
    t.add("isolation", md.getDefaultTransactionIsolation());
    t.add("stores lower", md.storesLowerCaseIdentifiers());
    String catalog = r.maria() ? r.conn.getCatalog() : null;
    String schema = r.maria() ? null : "public";
    t.rows("tables", r.metaRs(md.getTables(catalog, schema, "t", new String[] {"TABLE"})));
    t.rows("columns", r.metaRs(md.getColumns(catalog, schema, "t", "%")));
    t.rows("primary keys", r.metaRs(md.getPrimaryKeys(catalog, schema, "t")));
    t.rows("index info", r.metaRs(md.getIndexInfo(catalog, schema, "t", false, false)));
    t.rows("unique index info", r.metaRs(md.getIndexInfo(catalog, schema, "t", true, false)));
    t.rows("table types", r.metaRs(md.getTableTypes()));
    t.rows("missing table", r.metaRs(md.getTables(catalog, schema, "no_such_table", null)));
  }

  /** BLOB/CLOB columns through bytes, strings, streams, readers and Blob/Clob objects. */
  static void lobsAndStreams(Run r) throws Exception {
    Transcript t = r.t;
    try (Statement st = r.statement()) {
      st.execute(r.sql("CREATE TABLE lobs (id INT PRIMARY KEY, bin LONGBLOB, txt LONGTEXT)",
          "CREATE TABLE lobs (id INT PRIMARY KEY, bin BYTEA, txt TEXT)"));
    }
    byte[] bytes = new byte[3000];
    for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 7);
    String text = "héllo wörld ✓ ".repeat(200);
    try (PreparedStatement ps = r.prepare("INSERT INTO lobs VALUES (?, ?, ?)")) {
      insertLob(t, ps, 1, "bytes+string", () -> {
        ps.setBytes(2, bytes);
        ps.setString(3, text);
      });
      insertLob(t, ps, 2, "streams with length", () -> {
        ps.setBinaryStream(2, new ByteArrayInputStream(bytes), bytes.length);
        ps.setCharacterStream(3, new StringReader(text), text.length());
      });
      insertLob(t, ps, 3, "streams without length", () -> {
        ps.setBinaryStream(2, new ByteArrayInputStream(bytes));
        ps.setCharacterStream(3, new StringReader(text));
      });
      insertLob(t, ps, 4, "setBlob/setClob from streams", () -> {
        ps.setBlob(2, new ByteArrayInputStream(bytes));
        ps.setClob(3, new StringReader(text));
      });
      insertLob(t, ps, 5, "createBlob/createClob", () -> {
        Blob blob = r.conn.createBlob();
        t.add("blob setBytes", blob.setBytes(1, bytes));
        Clob clob = r.conn.createClob();
        t.add("clob setString", clob.setString(1, text));
        ps.setBlob(2, blob);
        ps.setClob(3, clob);
      });
      insertLob(t, ps, 6, "nulls", () -> {
        ps.setNull(2, Types.BLOB);
        ps.setNull(3, Types.CLOB);
      });
    }
    try (Statement st = r.statement(); ResultSet rs = r.query(st, "SELECT id, bin, txt FROM lobs ORDER BY id")) {
      while (rs.next()) {
        String p = "row " + rs.getInt(1) + " ";
        t.attempt(p + "getBytes", () -> rs.getBytes("bin"));
        t.attempt(p + "wasNull", rs::wasNull);
        t.attempt(p + "getBinaryStream", () -> rs.getBinaryStream(2));
        t.attempt(p + "getBlob", () -> rs.getBlob(2));
        t.attempt(p + "getObject bin", () -> rs.getObject(2));
        t.attempt(p + "getString", () -> rs.getString("txt"));
        t.attempt(p + "getCharacterStream", () -> rs.getCharacterStream(3));
        t.attempt(p + "getClob", () -> rs.getClob(3));
        t.attempt(p + "getAsciiStream", () -> rs.getAsciiStream(3));
      }
    }
    largeObjects(r, bytes);
  }

  /** Blob objects inside a transaction (PostgreSQL keeps them as large objects in an oid column). */
  private static void largeObjects(Run r, byte[] bytes) throws Exception {
    Transcript t = r.t;
    try (Statement st = r.statement()) {
      st.execute(r.sql("CREATE TABLE lo_t (id INT PRIMARY KEY, lo LONGBLOB)", "CREATE TABLE lo_t (id INT PRIMARY KEY, lo OID)"));
    }
    r.conn.setAutoCommit(false);
    try (PreparedStatement ps = r.prepare("INSERT INTO lo_t VALUES (?, ?)")) {
      insertLob(t, ps, 1, "lo setBlob(stream, length)", () -> ps.setBlob(2, new ByteArrayInputStream(bytes), bytes.length));
    }
    try (Statement st = r.statement(); ResultSet rs = r.query(st, "SELECT id, lo FROM lo_t ORDER BY id")) {
      while (rs.next()) {
        t.attempt("lo getBlob", () -> rs.getBlob(2));
        t.attempt("lo getBlob length", () -> rs.getBlob(2).length());
        t.attempt("lo getBlob stream", () -> rs.getBlob("lo").getBinaryStream());
      }
    }
    r.conn.commit();
    r.conn.setAutoCommit(true);
  }

  private static void insertLob(Transcript t, PreparedStatement ps, int id, String label, Transcript.Action bind) {
    t.attempt("insert " + label, () -> {
      ps.clearParameters();
      ps.setInt(1, id);
      bind.run();
      return ps.executeUpdate();
    });
  }

  /** Scrollable, read-only result sets: absolute, relative, previous, first, last, afterLast. */
  static void scrollable(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 5);
    try (Statement st = r.stmt(r.conn.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY), r.conn);
         ResultSet rs = r.query(st, "SELECT id, name FROM t ORDER BY id")) {
      t.add("type", rs.getType());
      t.add("concurrency", rs.getConcurrency());
      t.add("stmt type", st.getResultSetType());
      t.add("isBeforeFirst", rs.isBeforeFirst());
      t.add("absolute(3)", rs.absolute(3) + " " + rs.getString(2) + " row=" + rs.getRow());
      t.add("previous", rs.previous() + " " + rs.getString(2));
      t.add("relative(2)", rs.relative(2) + " " + rs.getString(2));
      t.add("last", rs.last() + " " + rs.getString(2) + " row=" + rs.getRow() + " isLast=" + rs.isLast());
      t.add("next past end", rs.next());
      t.add("isAfterLast", rs.isAfterLast());
      t.add("first", rs.first() + " " + rs.getString(2) + " isFirst=" + rs.isFirst());
      t.add("absolute(-2)", rs.absolute(-2) + " " + rs.getString(2));
      t.add("absolute(99)", rs.absolute(99));
      rs.afterLast();
      t.add("previous from afterLast", rs.previous() + " " + rs.getString(2));
      rs.beforeFirst();
      t.add("next from beforeFirst", rs.next() + " " + rs.getString(2));
      t.attempt("fetch direction", rs::getFetchDirection);
    }
    try (Statement st = r.statement(); ResultSet rs = r.query(st, "SELECT id FROM t ORDER BY id")) {
      t.add("forward type", rs.getType());
      rs.next();
      rs.next();
      t.attempt("forward previous", rs::previous);
      t.attempt("forward absolute(1)", () -> rs.absolute(1));
      t.attempt("forward first", rs::first);
    }
  }

  /** setMaxRows/setLargeMaxRows cap the rows; setFetchSize is reported back, rows unchanged. */
  static void maxRowsAndFetchSize(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 7);
    try (Statement st = r.statement()) {
      t.add("default maxRows", st.getMaxRows());
      st.setMaxRows(3);
      t.add("maxRows", st.getMaxRows());
      try (ResultSet rs = r.query(st, "SELECT id FROM t ORDER BY id")) {
        t.rows("capped", rs);
      }
      t.run("setLargeMaxRows", () -> st.setLargeMaxRows(2));
      t.attempt("largeMaxRows", st::getLargeMaxRows);
      try (ResultSet rs = r.query(st, "SELECT id FROM t ORDER BY id")) {
        t.rows("large capped", rs);
      }
      st.setMaxRows(0);
      st.setFetchSize(2);
      t.add("fetchSize", st.getFetchSize());
      try (ResultSet rs = r.query(st, "SELECT id FROM t ORDER BY id")) {
        t.add("rs fetchSize", rs.getFetchSize());
        rs.setFetchSize(4);
        t.add("rs fetchSize set", rs.getFetchSize());
        t.rows("fetch 2", rs);
      }
      t.attempt("negative fetch size", () -> {
        st.setFetchSize(-1);
        return st.getFetchSize();
      });
      t.attempt("negative max rows", () -> {
        st.setMaxRows(-1);
        return st.getMaxRows();
      });
      t.add("query timeout", st.getQueryTimeout());
      st.setQueryTimeout(7);
      t.add("query timeout set", st.getQueryTimeout());
      t.add("max field size", st.getMaxFieldSize());
    }
    r.conn.setAutoCommit(false); // PostgreSQL fetches through a cursor only inside a transaction
    try (PreparedStatement ps = r.prepare("SELECT id, name FROM t WHERE id > ? ORDER BY id")) {
      ps.setFetchSize(3);
      ps.setMaxRows(5);
      ps.setInt(1, 1);
      try (ResultSet rs = r.rs(ps.executeQuery(), ps)) {
        t.rows("ps cursor", rs);
      }
    }
    r.conn.commit();
    r.conn.setAutoCommit(true);
  }

  /** CallableStatement: OUT and INOUT parameters, a function's return value, a procedure's rows. */
  static void callable(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 3);
    try (Statement st = r.statement()) {
      if (r.maria()) {
        st.execute("CREATE PROCEDURE calc(IN a INT, IN b INT, OUT s INT, INOUT m INT) BEGIN SET s = a + b; SET m = m * a; END");
        st.execute("CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2");
        st.execute("CREATE PROCEDURE items_upto(IN n INT) BEGIN SELECT id, name FROM t WHERE id <= n ORDER BY id; END");
      } else {
        st.execute("CREATE FUNCTION calc(a INT, b INT, OUT s INT, INOUT m INT) AS $$ BEGIN s := a + b; m := m * a; END $$ LANGUAGE plpgsql");
        st.execute("CREATE FUNCTION twice(x INT) RETURNS INT AS $$ SELECT x * 2 $$ LANGUAGE sql");
        st.execute("CREATE FUNCTION items_upto(n INT) RETURNS TABLE(id INT, name VARCHAR) AS $$ SELECT t.id, t.name FROM t WHERE t.id <= n ORDER BY t.id $$ LANGUAGE sql");
      }
    }
    try (CallableStatement cs = r.stmt(r.conn.prepareCall("{call calc(?, ?, ?, ?)}"), r.conn)) {
      cs.setInt(1, 3);
      cs.setInt(2, 4);
      cs.registerOutParameter(3, Types.INTEGER);
      cs.setInt(4, 5);
      cs.registerOutParameter(4, Types.INTEGER);
      t.add("calc execute", cs.execute());
      t.attempt("calc s", () -> cs.getInt(3));
      t.attempt("calc wasNull", cs::wasNull);
      t.attempt("calc m", () -> cs.getObject(4));
      t.attempt("calc m as string", () -> cs.getString(4));
      t.attempt("calc m as long", () -> cs.getLong(4));
      t.attempt("calc by name", () -> cs.getInt("s"));
      t.attempt("calc unregistered", () -> cs.getInt(1));
      t.add("calc updateCount", cs.getUpdateCount());
      cs.setInt(1, 2);
      cs.setNull(2, Types.INTEGER);
      cs.setInt(4, 10);
      cs.execute();
      t.attempt("calc null s", () -> cs.getObject(3));
      t.attempt("calc null wasNull", cs::wasNull);
      t.attempt("calc m again", () -> cs.getInt(4));
    }
    try (CallableStatement cs = r.stmt(r.conn.prepareCall("{? = call twice(?)}"), r.conn)) {
      cs.registerOutParameter(1, Types.INTEGER);
      cs.setInt(2, 21);
      cs.execute();
      t.attempt("twice", () -> cs.getInt(1));
      t.attempt("twice object", () -> cs.getObject(1));
      t.attempt("twice BigDecimal", () -> cs.getBigDecimal(1));
    }
    try (CallableStatement cs = r.stmt(r.conn.prepareCall("{call items_upto(?)}"), r.conn)) {
      cs.setInt(1, 2);
      boolean hasRs = cs.execute();
      t.add("items execute", hasRs);
      ResultSet rs = r.rs(cs.getResultSet(), cs);
      t.rows("items", rs);
      t.add("items more", cs.getMoreResults());
      t.add("items updateCount", cs.getUpdateCount());
      cs.setInt(1, 3);
      try (ResultSet q = r.rs(cs.executeQuery(), cs)) {
        t.rows("items executeQuery", q);
      }
    }
  }

  /** One execute yielding several results (MariaDB needs allowMultiQueries=true). */
  static void multipleResults(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 3);
    Connection c = r.open(r.maria() ? "allowMultiQueries=true" : null);
    String sql = "SELECT 1 AS a; UPDATE t SET qty = qty + 1 WHERE id <= 2; SELECT name FROM t ORDER BY id; DELETE FROM t WHERE id = 3";
    try (Statement st = r.stmt(c.createStatement(), c)) {
      boolean isRs = st.execute(sql);
      for (int i = 0; i < 10; i++) {
        if (isRs) {
          t.rows("result " + i, r.rs(st.getResultSet(), st));
        } else {
          int count = st.getUpdateCount();
          t.add("result " + i + " updateCount", count);
          if (count == -1) break;
        }
        isRs = st.getMoreResults();
      }
      boolean first = st.execute("SELECT 1 AS x; SELECT 2 AS y");
      ResultSet kept = r.rs(st.getResultSet(), st);
      t.add("keep first", first);
      t.attempt("getMoreResults(KEEP_CURRENT_RESULT)", () -> st.getMoreResults(Statement.KEEP_CURRENT_RESULT));
      t.attempt("kept closed", kept::isClosed);
      t.attempt("second result", () -> {
        ResultSet second = r.rs(st.getResultSet(), st);
        return second == null ? "none" : second.next() ? second.getObject(1) : "empty";
      });
      t.attempt("getMoreResults(CLOSE_ALL_RESULTS)", () -> st.getMoreResults(Statement.CLOSE_ALL_RESULTS));
      t.attempt("kept closed after close all", kept::isClosed);
    }
    try (Statement st = r.statement()) { // MariaDB without allowMultiQueries refuses the combined text
      t.attempt("multi on plain connection", () -> st.execute("SELECT 1; SELECT 2"));
    }
    r.select("final", "SELECT name, qty FROM t ORDER BY id");
  }

  /** closeOnCompletion, isClosed of statements and result sets, closing through the connection. */
  static void closeBehaviour(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 2);
    Statement st = r.statement();
    t.add("isCloseOnCompletion", st.isCloseOnCompletion());
    st.closeOnCompletion();
    t.add("isCloseOnCompletion set", st.isCloseOnCompletion());
    ResultSet rs = r.query(st, "SELECT id FROM t");
    t.add("stmt closed while open", st.isClosed());
    t.add("rs closed", rs.isClosed());
    while (rs.next()) {
      // read to the end
    }
    t.add("stmt closed after reading", st.isClosed());
    rs.close();
    t.add("rs closed after close", rs.isClosed());
    t.add("stmt closed after rs close", st.isClosed());
    t.attempt("use after completion", () -> st.executeQuery("SELECT 1"));
    st.close();
    t.run("close twice", st::close);

    Statement st2 = r.statement();
    ResultSet rs2 = r.query(st2, "SELECT id FROM t");
    st2.close();
    t.add("rs of closed stmt closed", rs2.isClosed());
    t.attempt("rs of closed stmt next", rs2::next);

    Connection other = r.open(null);
    Statement os = r.stmt(other.createStatement(), other);
    PreparedStatement ops = r.stmt(other.prepareStatement("SELECT id FROM t"), other);
    ResultSet ors = r.rs(ops.executeQuery(), ops);
    t.add("conn valid", other.isValid(5));
    other.close();
    t.add("conn closed", other.isClosed());
    t.add("conn valid after close", other.isValid(5));
    t.add("stmt closed by conn close", os.isClosed());
    t.add("ps closed by conn close", ops.isClosed());
    t.add("rs closed by conn close", ors.isClosed());
    t.attempt("createStatement on closed conn", other::createStatement);
    t.run("close conn twice", other::close);
    t.attempt("getAutoCommit on closed conn", other::getAutoCommit);
  }

  /** Connection properties: isolation, read-only, catalog/schema, holdability, nativeSQL, quoting. */
  static void connectionState(Run r) throws Exception {
    Transcript t = r.t;
    Connection c = r.conn;
    t.add("catalog", c.getCatalog());
    t.add("schema", c.getSchema());
    t.add("isolation", c.getTransactionIsolation());
    c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    t.add("isolation set", c.getTransactionIsolation());
    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    t.add("isolation back", c.getTransactionIsolation());
    t.add("readOnly", c.isReadOnly());
    c.setReadOnly(true);
    t.add("readOnly set", c.isReadOnly());
    createItemsAttempt(r, "create table read-only");
    c.setReadOnly(false);
    t.add("holdability", c.getHoldability());
    t.attempt("set holdability", () -> {
      c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
      return c.getHoldability();
    });
    t.add("nativeSQL", c.nativeSQL("SELECT {fn ucase('a')}, {d '2024-01-02'} FROM t WHERE x = ?"));
    t.add("valid", c.isValid(5));
    t.add("network timeout", c.getNetworkTimeout());
    t.attempt("client info", c::getClientInfo);
    t.attempt("set client info", () -> {
      c.setClientInfo("ApplicationName", "conformance");
      return c.getClientInfo("ApplicationName");
    });
    t.attempt("type map", () -> c.getTypeMap().size());
    try (Statement st = r.statement()) {
      t.add("enquoteLiteral", st.enquoteLiteral("it's"));
      t.add("enquoteIdentifier", st.enquoteIdentifier("Mixed Case", false));
      t.add("isSimpleIdentifier", st.isSimpleIdentifier("abc_1"));
      t.add("poolable", st.isPoolable());
      t.add("holdability", st.getResultSetHoldability());
    }
    t.attempt("createArrayOf", () -> c.createArrayOf("integer", new Object[] {1, 2}));
    t.attempt("createSQLXML", c::createSQLXML);
    t.attempt("createNClob", () -> c.createNClob() != null);
    t.attempt("setCatalog same", () -> {
      c.setCatalog(c.getCatalog());
      return c.getCatalog();
    });
  }

  private static void createItemsAttempt(Run r, String label) {
    r.t.run(label, () -> createItems(r));
  }

  /** CONCUR_UPDATABLE result sets: updateRow, insertRow, deleteRow. */
  static void updatableResultSet(Run r) throws Exception {
    Transcript t = r.t;
    createItems(r);
    insertItems(r, 3);
    try (Statement st = r.stmt(r.conn.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_UPDATABLE), r.conn);
         ResultSet rs = r.query(st, "SELECT id, name, qty FROM t ORDER BY id")) {
      t.add("concurrency", rs.getConcurrency());
      rs.next();
      t.run("updateRow", () -> {
        rs.updateString("name", "renamed");
        rs.updateInt(3, 99);
        rs.updateRow();
      });
      t.attempt("rowUpdated", rs::rowUpdated);
      t.run("insertRow", () -> {
        rs.moveToInsertRow();
        rs.updateInt("id", 50);
        rs.updateString("name", "inserted");
        rs.updateNull("qty");
        rs.insertRow();
        rs.moveToCurrentRow();
      });
      t.run("deleteRow", () -> {
        rs.absolute(2);
        rs.deleteRow();
      });
      t.run("cancelRowUpdates", () -> {
        rs.absolute(1);
        rs.updateString("name", "never");
        rs.cancelRowUpdates();
      });
      t.attempt("name after cancel", () -> rs.getString("name"));
    }
    r.select("final", "SELECT id, name, qty FROM t ORDER BY id");
    try (Statement st = r.statement(); ResultSet rs = r.query(st, "SELECT id, name FROM t")) {
      rs.next();
      t.run("update read-only", () -> {
        rs.updateString(2, "nope");
        rs.updateRow();
      });
    }
  }
}
