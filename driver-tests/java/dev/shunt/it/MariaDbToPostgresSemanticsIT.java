package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The application speaks MariaDB; from new-primary on its statements run on PostgreSQL. A seeded
 * run of MariaDB statements whose meaning PostgreSQL would change (NULL order, division, truth
 * values, CONCAT, labels, dates given as text, collations, {@code DELETE … LIMIT}, duplicate keys)
 * goes through Shunt and, as written, to a raw MariaDB twin. The application must see what the
 * raw driver shows (rows with their labels, update counts, errors by SQLState, vendor code and
 * class), or, in new-only, a refusal that names the construct Shunt has no faithful translation
 * for. The PostgreSQL table must hold what the twin holds.
 *
 * <p>{@code -Dshunt.fuzz.seed=N|random} and {@code -Dshunt.fuzz.statements=N} as for the other
 * differential run.
 */
class MariaDbToPostgresSemanticsIT {
  private static final long SEED = seed(System.getProperty("shunt.fuzz.seed", "20261208"));
  private static final int STATEMENTS = Integer.getInteger("shunt.fuzz.statements", 120);
  private static final int KEYS = 16;
  /** {@code name} and {@code tag} compare without case on MariaDB; on PostgreSQL only {@code tag} (citext) does. */
  private static final String OLD_DDL = "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(60), code VARCHAR(20) COLLATE utf8mb4_bin,"
      + " qty INT, price DECIMAL(10,2), created DATE, tag VARCHAR(20)) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_general_ci";
  private static final String[] NEW_DDL = {"CREATE EXTENSION IF NOT EXISTS citext",
      "CREATE TABLE items_v2 (id INT PRIMARY KEY, name VARCHAR(60), code VARCHAR(20), qty INT, price NUMERIC(10,2), created DATE, tag CITEXT)"};
  private static final String COLUMNS = "id, name, code, qty, price, created, tag";

  @TempDir Path dir;

  @ParameterizedTest @ValueSource(strings = {"new-primary", "new-only"})
  void theApplicationSeesWhatMariaDbWouldShowOrARefusalNamingTheConstruct(String phase) throws Exception {
    System.out.println("[MariaDbToPostgresSemanticsIT] " + phase + ": seed " + SEED + ", " + STATEMENTS + " statements");
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "sem_old");
        TestDatabase twin = TestDatabases.create(Engine.MARIADB, "sem_twin");
        TestDatabase neu = TestDatabases.create(Engine.POSTGRES, "sem_new")) {
      old.exec(OLD_DDL);
      twin.exec(OLD_DDL);
      neu.exec(NEW_DDL);
      for (TestDatabase db : new TestDatabase[] {old, twin}) seed(db, "items");
      seed(neu, "items_v2");
      Path file = toggle(old, neu, phase);
      Properties p = new Properties();
      p.setProperty("shunt.config", file.toString());
      MigrationCounters counters = ShuntMetrics.process().migration("sem_items");
      boolean newOnly = phase.equals("new-only");
      Generator gen = new Generator(new Random(SEED ^ phase.hashCode()));
      int refused = 0;
      try (Connection shunt = DriverManager.getConnection(old.shuntUrl(), p); Connection raw = twin.openRaw()) {
        for (int i = 1; i <= STATEMENTS; i++) {
          Generated g = gen.next();
          String where = phase + ", seed " + SEED + ", statement " + i + ": " + g;
          long marksBefore = counters.unmirroredWrites() + counters.unparsedStatements();
          Outcome viaShunt = g.run(shunt);
          if (newOnly || g.write()) {
            // new-only refuses what it cannot translate; new-primary refuses such writes (the primary
            // would lack them) and serves such reads from old, which is still written
            assertEquals(!g.translatable, viaShunt.refusal(), (g.translatable ? "translatable, yet refused: " + viaShunt.message
                : "no faithful translation, yet not refused: " + viaShunt.describe()) + ", " + where);
          }
          if (viaShunt.refusal()) {
            assertTrue(viaShunt.message.contains("no faithful translation"), "a refusal names why, " + where + ": " + viaShunt.message);
            refused++;
            continue; // not run on the twin either
          }
          Outcome direct = g.run(raw);
          viaShunt.assertSame(direct, where);
          boolean marked = counters.unmirroredWrites() + counters.unparsedStatements() > marksBefore;
          List<String> expected = rows(twin, "items");
          if (!newOnly) assertEquals(expected, rows(old, "items"), "old must hold what MariaDB did, " + where);
          if (marked && !newOnly) {
            resync(neu, expected); // passed through to old as written: new lags until repair
            continue;
          }
          assertEquals(expected, rows(neu, "items_v2"), "PostgreSQL must hold what MariaDB did, " + where);
        }
      }
      System.out.println("[MariaDbToPostgresSemanticsIT] " + phase + ": " + refused + " statement(s) refused");
    }
  }

  /**
   * A statement that fails on PostgreSQL inside the application's transaction leaves that
   * transaction going on, as on MariaDB, and reaches the application with MariaDB's codes.
   */
  @Test
  void aFailedStatementInATransactionLeavesTheTransactionGoingOn() throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "semtx_old");
        TestDatabase neu = TestDatabases.create(Engine.POSTGRES, "semtx_new")) {
      schema(old, neu);
      Properties p = new Properties();
      p.setProperty("shunt.config", toggle(old, neu, "new-only").toString());
      try (Connection c = DriverManager.getConnection(old.shuntUrl(), p)) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.executeUpdate("UPDATE items SET qty = 100 WHERE id = 1");
          SQLException dup = null;
          try {
            s.executeUpdate("INSERT INTO items (id, name) VALUES (3, 'dup')");
          } catch (SQLException e) {
            dup = e;
          }
          assertTrue(dup instanceof java.sql.SQLIntegrityConstraintViolationException, "MariaDB's exception class, not " + dup);
          assertEquals("23000", dup.getSQLState());
          assertEquals(1062, dup.getErrorCode());
          s.executeUpdate("UPDATE items SET qty = 200 WHERE id = 5");
        }
        c.commit();
      }
      assertEquals(List.of("1|100", "5|200"), MirrorSchema.rows(neu, "SELECT id, qty FROM items_v2 WHERE id IN (1, 5) ORDER BY id"));
    }
  }

  /**
   * Values for columns PostgreSQL types differently (TINYINT(1) → boolean, JSON → jsonb, text
   * given for a DATE) are typed on the way in, from literals and from parameters alike.
   */
  @Test
  void valuesArriveTypedForColumnsMariaDbTypesDifferently() throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "semtype_old");
        TestDatabase neu = TestDatabases.create(Engine.POSTGRES, "semtype_new")) {
      old.exec("CREATE TABLE prefs (id INT PRIMARY KEY, active TINYINT(1), doc JSON, born DATE, at DATETIME)");
      neu.exec("CREATE TABLE prefs_v2 (id INT PRIMARY KEY, active BOOLEAN, doc JSONB, born DATE, at TIMESTAMP)");
      Path file = dir.resolve("types.yaml");
      ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n"
          + "old:\n" + ToggleFiles.databaseSection(old) + "new:\n" + ToggleFiles.databaseSection(neu)
          + "migrations:\n  sem_prefs:\n"
          + "    old: { table: prefs, key: [id] }\n    new: { table: prefs_v2 }\n"
          + "    columns: { id: id, active: active, doc: doc, born: born, at: at }\n"
          + "    reverse: { id: id, active: 'CASE WHEN active THEN 1 ELSE 0 END', doc: CAST(doc AS TEXT), born: born, at: at }\n"
          + "    phase: new-only\n");
      Properties p = new Properties();
      p.setProperty("shunt.config", file.toString());
      try (Connection c = DriverManager.getConnection(old.shuntUrl(), p)) {
        try (Statement s = c.createStatement()) {
          assertEquals(1, s.executeUpdate("INSERT INTO prefs (id, active, doc, born, at) VALUES (1, 1, '{\"a\": 1}', '2024-05-03', '2024-05-03 10:11:12')"));
          assertEquals(1, s.executeUpdate("UPDATE prefs SET active = 0, born = '2024-06-30' WHERE id = 1"));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prefs (id, active, doc, born, at) VALUES (?, ?, ?, ?, ?)")) {
          ps.setInt(1, 2);
          ps.setBoolean(2, true);
          ps.setString(3, "{\"b\": [1, 2]}");
          ps.setString(4, "2024-07-01");
          ps.setTimestamp(5, java.sql.Timestamp.valueOf("2024-07-01 08:00:00"));
          assertEquals(1, ps.executeUpdate());
          ps.setInt(1, 3);
          ps.setInt(2, 0);
          ps.setString(3, "[]");
          ps.setDate(4, java.sql.Date.valueOf("2024-08-02"));
          ps.setString(5, "2024-08-02 09:30:00");
          assertEquals(1, ps.executeUpdate());
        }
        assertEquals(List.of("1|0|2024-06-30", "2|1|2024-07-01", "3|0|2024-08-02"),
            MirrorSchema.rows(c, "SELECT id, active, born FROM prefs WHERE born >= '2024-01-01' ORDER BY id"));
      }
      assertEquals(List.of("1|f|{\"a\": 1}|2024-06-30|2024-05-03 10:11:12", "2|t|{\"b\": [1, 2]}|2024-07-01|2024-07-01 08:00:00",
          "3|f|[]|2024-08-02|2024-08-02 09:30:00"), MirrorSchema.rows(neu, "SELECT id, active, doc, born, at FROM prefs_v2 ORDER BY id"));
    }
  }

  /** A refused statement is an error on a connection that goes on: the pool keeps it. */
  @Test
  void aRefusalLeavesThePooledConnectionUsable() throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "sempool_old");
        TestDatabase neu = TestDatabases.create(Engine.POSTGRES, "sempool_new")) {
      schema(old, neu);
      com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
      hc.setJdbcUrl(old.shuntUrl());
      hc.addDataSourceProperty("shunt.config", toggle(old, neu, "new-only").toString());
      hc.setMaximumPoolSize(1);
      try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(hc)) {
        Object physical;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
          physical = c.unwrap(dev.shunt.jdbc.ShuntConnection.class);
          SQLException refused = null;
          try {
            s.executeQuery("SELECT id FROM items WHERE name = 'Name1'");
          } catch (SQLException e) {
            refused = e;
          }
          assertTrue(refused != null && refused.getMessage().contains("no faithful translation"), String.valueOf(refused));
          try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items WHERE qty >= 0")) {
            assertTrue(rs.next(), "the same connection goes on");
          }
        }
        try (Connection c = pool.getConnection()) {
          assertTrue(physical == c.unwrap(dev.shunt.jdbc.ShuntConnection.class), "the pool kept the connection");
        }
      }
    }
  }

  /** A routed read's result scrolls as the application asked, an empty one included. */
  @Test
  void routedResultsScrollAsAsked() throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "semscroll_old");
        TestDatabase neu = TestDatabases.create(Engine.POSTGRES, "semscroll_new")) {
      schema(old, neu);
      for (String phase : new String[] {"shadow-read", "new-primary", "new-only"}) {
        Properties p = new Properties();
        p.setProperty("shunt.config", toggle(old, neu, phase).toString());
        try (Connection c = DriverManager.getConnection(old.shuntUrl(), p);
            Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
          try (ResultSet rs = s.executeQuery("SELECT id FROM items WHERE id > 1000")) {
            assertEquals(ResultSet.TYPE_SCROLL_INSENSITIVE, rs.getType(), phase);
            rs.afterLast();
            assertEquals(false, rs.previous(), phase);
            assertEquals(false, rs.first(), phase);
          }
          try (ResultSet rs = s.executeQuery("SELECT id FROM items WHERE id <= 5 ORDER BY id")) {
            assertEquals(ResultSet.TYPE_SCROLL_INSENSITIVE, rs.getType(), phase);
            rs.afterLast();
            assertTrue(rs.previous(), phase);
            assertEquals(5, rs.getInt(1), phase);
            assertTrue(rs.absolute(2), phase);
            assertEquals(3, rs.getInt(1), phase);
          }
        }
      }
    }
  }

  private Path toggle(TestDatabase old, TestDatabase neu, String phase) throws Exception {
    Path file = dir.resolve("sem-" + phase + ".yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n"
        + "old:\n" + ToggleFiles.databaseSection(old) + "new:\n" + ToggleFiles.databaseSection(neu)
        + "migrations:\n  sem_items:\n"
        + "    old: { table: items, key: [id] }\n    new: { table: items_v2 }\n"
        + "    columns: { id: id, name: name, code: code, qty: qty, price: price, created: created, tag: tag }\n"
        + "    reverse: { id: id, name: name, code: code, qty: qty, price: price, created: created, tag: tag }\n"
        + "    phase: " + phase + "\n");
    return file;
  }

  private static long seed(String given) {
    return given.equals("random") ? System.nanoTime() : Long.parseLong(given);
  }

  /** Both tables, seeded alike. */
  private static void schema(TestDatabase old, TestDatabase neu) throws SQLException {
    old.exec(OLD_DDL);
    neu.exec(NEW_DDL);
    seed(old, "items");
    seed(neu, "items_v2");
  }

  private static void seed(TestDatabase db, String table) throws SQLException {
    db.exec("DELETE FROM " + table);
    StringBuilder sb = new StringBuilder("INSERT INTO " + table + " (" + COLUMNS + ") VALUES ");
    for (int id = 1; id <= KEYS; id += 2) {
      boolean nulls = id % 5 == 0;
      sb.append(id > 1 ? ", " : "").append("(").append(id).append(", 'Name").append(id).append("', 'c").append(id % 4).append("', ")
          .append(nulls ? "NULL" : Integer.toString(id * 3 % 11)).append(", ").append(nulls ? "NULL" : (id * 7 % 13) + ".25")
          .append(", ").append(nulls ? "NULL" : "'2024-0" + (1 + id % 9) + "-1" + (id % 10) + "'")
          .append(", ").append(id % 3 == 0 ? "NULL" : "'Tag" + (id % 4) + "'").append(")");
    }
    db.exec(sb.toString());
  }

  private static List<String> rows(TestDatabase db, String table) throws SQLException {
    return MirrorSchema.rows(db, "SELECT " + COLUMNS + " FROM " + table + " ORDER BY id");
  }

  private static void resync(TestDatabase neu, List<String> rows) throws SQLException {
    neu.exec("DELETE FROM items_v2");
    try (Connection c = neu.openRaw();
        PreparedStatement ps = c.prepareStatement("INSERT INTO items_v2 (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (String row : rows) {
        String[] f = row.split("\\|", -1);
        ps.setInt(1, Integer.parseInt(f[0]));
        ps.setString(2, f[1].equals("null") ? null : f[1]);
        ps.setString(3, f[2].equals("null") ? null : f[2]);
        ps.setObject(4, f[3].equals("null") ? null : Integer.valueOf(f[3]), java.sql.Types.INTEGER);
        ps.setObject(5, f[4].equals("null") ? null : new java.math.BigDecimal(f[4]), java.sql.Types.NUMERIC);
        ps.setObject(6, f[5].equals("null") ? null : java.sql.Date.valueOf(f[5]), java.sql.Types.DATE);
        ps.setString(7, f[6].equals("null") ? null : f[6]);
        ps.executeUpdate();
      }
    }
  }

  /** One statement, literal or prepared with its values. */
  private static final class Generated {
    final String sql;
    final Object[] params; // null: a plain Statement
    boolean translatable = true; // false: Shunt has no faithful translation and must say so in new-only

    Generated(String sql, Object... params) {
      this.sql = sql;
      this.params = params.length == 0 ? null : params;
    }

    boolean write() { return !sql.startsWith("SELECT"); }

    Generated untranslatable() {
      translatable = false;
      return this;
    }

    Outcome run(Connection c) {
      try {
        if (params == null) {
          try (Statement s = c.createStatement()) {
            return Outcome.of(s, s.execute(sql));
          }
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
          return Outcome.of(ps, ps.execute());
        }
      } catch (SQLException e) {
        return Outcome.error(e);
      }
    }

    @Override public String toString() { return sql + (params == null ? "" : " " + java.util.Arrays.toString(params)); }
  }

  /** What the application saw: labelled rows, an update count, or an error. */
  private static final class Outcome {
    final List<String> rows;
    final long count;
    final String error; // exception class, SQLState and vendor code
    final String message;

    private Outcome(List<String> rows, long count, String error, String message) {
      this.rows = rows;
      this.count = count;
      this.error = error;
      this.message = message;
    }

    static Outcome of(Statement s, boolean isRows) throws SQLException {
      if (!isRows) return new Outcome(null, s.getUpdateCount(), null, null);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.getResultSet()) {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder labels = new StringBuilder("labels:");
        for (int i = 1; i <= md.getColumnCount(); i++) labels.append(i > 1 ? "|" : "").append(md.getColumnLabel(i));
        out.add(labels.toString());
        while (rs.next()) {
          StringBuilder sb = new StringBuilder();
          for (int i = 1; i <= md.getColumnCount(); i++) sb.append(i > 1 ? "|" : "").append(rs.getString(i));
          out.add(sb.toString());
        }
      }
      return new Outcome(out, -1, null, null);
    }

    static Outcome error(SQLException e) {
      return new Outcome(null, -1, e.getClass().getSimpleName() + " " + e.getSQLState() + "/" + e.getErrorCode(), String.valueOf(e.getMessage()));
    }

    boolean refusal() { return error != null && error.contains("HY000/0") && message.startsWith("Shunt"); }

    void assertSame(Outcome raw, String where) {
      if (raw.error != null || error != null) {
        if (raw.error == null || error == null || !raw.error.equals(error)) {
          fail("the application saw " + describe() + " where the raw driver gave " + raw.describe() + ", " + where);
        }
        return;
      }
      assertEquals(raw.rows, rows, "rows, " + where);
      assertEquals(raw.count, count, "update count, " + where);
    }

    String describe() { return error != null ? "error " + error + " (" + message + ")" : rows != null ? rows.toString() : "count " + count; }
  }

  /** MariaDB statements whose meaning PostgreSQL would change if they were sent as written. */
  private static final class Generator {
    private final Random r;

    Generator(Random r) { this.r = r; }

    Generated next() {
      int id = 1 + r.nextInt(KEYS + 2);
      int q = r.nextInt(12);
      switch (r.nextInt(28)) {
        case 24: return new Generated("SELECT id, tag FROM items WHERE tag = 'TAG" + (q % 4) + "' ORDER BY id");
        case 25: return new Generated("SELECT id FROM items WHERE tag LIKE ? ORDER BY id", "t%" + (q % 4));
        case 26: return new Generated("UPDATE items SET qty = " + q + " WHERE tag IN ('tag1', 'TAG2')");
        case 27: return new Generated("SELECT tag, COUNT(*) FROM items GROUP BY tag ORDER BY tag").untranslatable();
        case 0: return new Generated("SELECT id, qty FROM items ORDER BY qty, id");
        case 1: return new Generated("SELECT id, qty FROM items ORDER BY qty DESC, id DESC");
        case 2: return new Generated("SELECT id, qty / 4, price / 3 AS third FROM items ORDER BY id");
        case 3: return new Generated("SELECT id, qty DIV 3 AS d, qty % 3 AS m, MOD(qty, 0) AS z FROM items ORDER BY id");
        case 4: return new Generated("SELECT id, CONCAT(code, '-', qty) AS c FROM items ORDER BY id");
        case 5: return new Generated("SELECT id, qty > 5 AS big, qty IS NULL FROM items ORDER BY id");
        case 6: return new Generated("SELECT COUNT(*), SUM(qty), AVG(qty), MAX(price) FROM items");
        case 7: return new Generated("SELECT id FROM items WHERE name = 'name" + id + "'").untranslatable();
        case 8: return new Generated("SELECT id FROM items WHERE created >= '2024-05-01' ORDER BY id");
        case 9: return new Generated("SELECT id, IFNULL(qty, -1) AS q FROM items WHERE qty BETWEEN ? AND ? ORDER BY qty DESC, id", 2, 8);
        case 10: return new Generated("SELECT id, GREATEST(qty, 3) FROM items ORDER BY id").untranslatable();
        case 11: return new Generated("SELECT id FROM items WHERE code = 'c" + (id % 4) + "' ORDER BY id");
        case 12: return new Generated("INSERT INTO items (" + COLUMNS + ") VALUES (" + id + ", 'New" + id + "', 'k', " + q + ", " + q + ".5, '2024-05-03', 'tag" + (q % 4) + "')");
        case 13: return new Generated("INSERT INTO items (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", id, "P" + id, "p", q,
            new java.math.BigDecimal(q + ".75"), java.sql.Date.valueOf("2024-06-0" + (1 + q % 9)), "TAG" + (q % 4));
        case 14: return new Generated("INSERT INTO items (id, name, created) VALUES (?, ?, ?)", id, "S" + id, "2024-07-0" + (1 + q % 9));
        case 15: return new Generated("UPDATE items SET price = qty / 4 WHERE id = " + id);
        case 16: return new Generated("UPDATE items SET qty = qty + 1, created = '2024-08-01' WHERE id BETWEEN " + id + " AND " + (id + 2));
        case 17: return new Generated("UPDATE items SET qty = " + q + " WHERE code = 'c" + (id % 4) + "'");
        case 18: return new Generated("UPDATE items SET qty = 0 WHERE name = 'NAME" + id + "'").untranslatable();
        case 19: return new Generated("DELETE FROM items WHERE id = " + id);
        case 20: return new Generated("DELETE FROM items ORDER BY id DESC LIMIT 1").untranslatable();
        case 21: return new Generated("UPDATE items SET price = price * 2 WHERE qty > ? AND created < ?", q, "2024-05-01");
        case 22: return new Generated("SELECT id, price FROM items WHERE price > ? ORDER BY price, id", new java.math.BigDecimal("3.5"));
        default: return new Generated("SELECT id, qty + 1 FROM items WHERE qty IN (1, 2, 3, ?) ORDER BY id", q);
      }
    }
  }
}
