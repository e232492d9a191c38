package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded differential run: random statements full of the lexical constructs servers and
 * parsers disagree on (backslash escapes, {@code --x}, executable, nested and {@code #}
 * comments, double-quoted and dollar-quoted strings, several statements) go through Shunt and,
 * as written, to a raw twin table. After each one the application must have seen what the raw
 * driver showed (rows, update count, or the error's SQLState and vendor code), the primary must
 * equal the twin, and the secondary must agree with the primary, unless Shunt marked the table
 * as having unmirrored writes, which is the only way it may leave the sides apart.
 *
 * <p>{@code -Dshunt.fuzz.seed=N} replays a run and {@code -Dshunt.fuzz.seed=random} explores;
 * {@code -Dshunt.fuzz.statements=N} runs longer (the default keeps the suite quick). A failure
 * names the seed, the statement's number and text.
 */
class DifferentialFuzzIT {
  /** Fixed in CI so a run can be repeated; {@code -Dshunt.fuzz.seed=N} replays another, {@code =random} explores. */
  private static final long SEED = seed(System.getProperty("shunt.fuzz.seed", "20261207"));
  private static final int STATEMENTS = Integer.getInteger("shunt.fuzz.statements", 150);
  private static final int KEYS = 24;

  enum Topology {
    MARIADB_SAME_DB(Engine.MARIADB, null), MARIADB_TO_POSTGRESQL(Engine.MARIADB, Engine.POSTGRES),
    POSTGRESQL_SAME_DB(Engine.POSTGRES, null);

    final Engine old;
    final Engine neu; // null: the new table lives in the old database

    Topology(Engine old, Engine neu) {
      this.old = old;
      this.neu = neu;
    }
  }

  @TempDir Path dir;

  @ParameterizedTest @EnumSource(Topology.class)
  void shuntDoesWhatTheServerDoesOrPassesThroughAndMarks(Topology t) throws Exception {
    System.out.println("[DifferentialFuzzIT] " + t + ": seed " + SEED + ", " + STATEMENTS + " statements per phase"
        + " (replay with -Dshunt.fuzz.seed=" + SEED + ")");
    try (TestDatabase old = TestDatabases.create(t.old, "fuzz_old");
        TestDatabase twin = TestDatabases.create(t.old, "fuzz_twin");
        TestDatabase neu = t.neu == null ? null : TestDatabases.create(t.neu, "fuzz_new")) {
      TestDatabase newSide = neu == null ? old : neu;
      old.exec("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(60), qty INT)");
      twin.exec("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(60), qty INT)");
      newSide.exec("CREATE TABLE items_v2 (id INT PRIMARY KEY, name VARCHAR(60), qty INT)");
      for (String phase : new String[] {"shadow-write", "new-primary"}) {
        Random r = new Random(SEED ^ (31L * t.ordinal() + phase.hashCode()));
        seed(old, "items");
        seed(twin, "items");
        seed(newSide, "items_v2");
        Path file = dir.resolve(t + "-" + phase + ".yaml");
        ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n"
            + (neu == null ? "" : "old:\n" + ToggleFiles.databaseSection(old) + "new:\n" + ToggleFiles.databaseSection(neu))
            + "migrations:\n  fuzz_items:\n"
            + "    old: { table: items, key: [id] }\n    new: { table: items_v2 }\n"
            + "    columns: { id: id, name: name, qty: qty }\n    reverse: { id: id, name: name, qty: qty }\n"
            + "    phase: " + phase + "\n");
        Properties p = new Properties();
        p.setProperty("shunt.config", file.toString());
        MigrationCounters counters = ShuntMetrics.process().migration("fuzz_items");
        Generator gen = new Generator(r, t.old);
        try (Connection shunt = DriverManager.getConnection(TestDatabase.withParam(old.shuntUrl(), multi(t.old)), p);
            Connection raw = DriverManager.getConnection(TestDatabase.withParam(twin.rawUrl(), multi(t.old)))) {
          for (int i = 1; i <= STATEMENTS; i++) {
            String sql = gen.next();
            String where = t + " " + phase + ", seed " + SEED + ", statement " + i + ": " + sql;
            long marksBefore = counters.unmirroredWrites() + counters.unparsedStatements();
            Outcome viaShunt = Outcome.of(shunt, sql);
            if (phase.equals("new-primary") && viaShunt.refused()) {
              // a write the primary (new) table cannot take as written is refused before anything runs
              List<String> unchanged = rows(twin, "items");
              assertEquals(unchanged, rows(old, "items"), "a refused write changed nothing on old, " + where);
              assertEquals(unchanged, rows(newSide, "items_v2"), "a refused write changed nothing on new, " + where);
              continue;
            }
            Outcome direct = Outcome.of(raw, sql);
            boolean marked = counters.unmirroredWrites() + counters.unparsedStatements() > marksBefore;
            viaShunt.assertSame(direct, t.neu == null || !phase.equals("new-primary") || marked, where);
            List<String> expected = rows(twin, "items");
            if (marked) {
              // passed through as written: the old table ran it, the new one may lag until repair
              assertEquals(expected, rows(old, "items"), "old must hold what the server did, " + where);
              resync(newSide, expected);
              continue;
            }
            assertEquals(expected, rows(phase.equals("new-primary") ? newSide : old, phase.equals("new-primary") ? "items_v2" : "items"),
                "the primary must hold what the server did with the statement, " + where);
            assertEquals(expected, rows(old, "items"), "old must agree, " + where);
            assertEquals(expected, rows(newSide, "items_v2"), "new must agree, " + where);
          }
        }
      }
    }
  }

  private static long seed(String given) {
    return given.equals("random") ? System.nanoTime() : Long.parseLong(given);
  }

  /** MariaDB runs several statements in one text only when the connection allows it. */
  private static String multi(Engine e) { return e == Engine.MARIADB ? "allowMultiQueries=true" : "ApplicationName=fuzz"; }

  private static void seed(TestDatabase db, String table) throws SQLException {
    db.exec("DELETE FROM " + table);
    StringBuilder sb = new StringBuilder("INSERT INTO " + table + " (id, name, qty) VALUES ");
    for (int id = 1; id <= KEYS; id += 2) sb.append(id > 1 ? ", " : "").append("(").append(id).append(", 'n").append(id).append("', ").append(id).append(")");
    db.exec(sb.toString());
  }

  private static void resync(TestDatabase newSide, List<String> rows) throws SQLException {
    newSide.exec("DELETE FROM items_v2");
    for (String row : rows) {
      String[] f = row.split("\\|", -1);
      try (Connection c = newSide.openRaw(); java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO items_v2 (id, name, qty) VALUES (?, ?, ?)")) {
        ps.setInt(1, Integer.parseInt(f[0]));
        ps.setString(2, f[1].equals("null") ? null : f[1]);
        if (f[2].equals("null")) ps.setNull(3, java.sql.Types.INTEGER);
        else ps.setInt(3, Integer.parseInt(f[2]));
        ps.executeUpdate();
      }
    }
  }

  private static List<String> rows(TestDatabase db, String table) throws SQLException {
    return MirrorSchema.rows(db, "SELECT id, name, qty FROM " + table + " ORDER BY id");
  }

  /** What the application saw: rows, an update count, or an error. */
  private static final class Outcome {
    final List<String> rows;
    final long count;
    final String error; // SQLState/vendor code, or null

    private Outcome(List<String> rows, long count, String error) {
      this.rows = rows;
      this.count = count;
      this.error = error;
    }

    static Outcome of(Connection c, String sql) {
      try (Statement s = c.createStatement()) {
        boolean isRows = s.execute(sql);
        if (isRows) {
          List<String> out = new ArrayList<>();
          try (ResultSet rs = s.getResultSet()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              StringBuilder sb = new StringBuilder();
              for (int i = 1; i <= n; i++) sb.append(i > 1 ? "|" : "").append(rs.getString(i));
              out.add(sb.toString());
            }
          }
          return new Outcome(out, -1, null);
        }
        return new Outcome(null, s.getUpdateCount(), null);
      } catch (SQLException e) {
        return new Outcome(null, -1, e.getSQLState() + "/" + e.getErrorCode());
      }
    }

    /** Errors must match exactly on one engine; across engines (a rewrite ran on the other) only that there was one. */
    void assertSame(Outcome raw, boolean sameEngine, String where) {
      if (raw.error != null || error != null) {
        if (raw.error == null || error == null || sameEngine && !raw.error.equals(error)) {
          fail("the application saw " + describe() + " where the raw driver gave " + raw.describe() + ", " + where);
        }
        return;
      }
      assertEquals(raw.rows, rows, "rows, " + where);
      assertEquals(raw.count, count, "update count, " + where);
    }

    String describe() { return error != null ? "error " + error : rows != null ? rows.size() + " row(s)" : "count " + count; }

    /** Shunt's refusal (SQLState HY000 with no vendor code: no server error looks like it). */
    boolean refused() { return "HY000/0".equals(error); }
  }

  /** Statements over items(id, name, qty), with the lexical constructs of the engine's family. */
  private static final class Generator {
    private final Random r;
    private final boolean maria;

    Generator(Random r, Engine engine) {
      this.r = r;
      this.maria = engine == Engine.MARIADB;
    }

    String next() {
      int id = 1 + r.nextInt(KEYS);
      int id2 = Math.min(KEYS + 2, id + r.nextInt(4));
      switch (r.nextInt(10)) {
        case 0: return "INSERT INTO items (id, name, qty) VALUES (" + num(id) + ", " + str() + ", " + num(r.nextInt(9)) + ")" + tail();
        case 1: return "INSERT INTO items (id, name, qty) VALUES (" + id + ", " + str() + ", 1), (" + (id + 1) + ", " + str() + ", 2)" + tail();
        case 2: return "UPDATE items SET name = " + str() + gap() + ", qty = " + num(r.nextInt(50)) + " WHERE id = " + num(id) + tail();
        case 3: return "UPDATE items SET qty = qty + 1 WHERE id BETWEEN " + id + " AND " + num(id2) + tail();
        case 4: return "DELETE FROM items WHERE id = " + num(id) + tail();
        case 5: return "DELETE FROM items WHERE id = " + id + gap() + " OR name = " + str() + tail();
        case 6: return "SELECT id, name, qty FROM items WHERE id BETWEEN " + num(id) + " AND " + id2 + gap() + " ORDER BY id" + tail();
        case 7: return "SELECT id, name, qty FROM items WHERE name = " + str() + " ORDER BY id" + tail();
        case 8: return "SELECT 1; UPDATE items SET qty = 7 WHERE id = " + id;
        default: return "UPDATE items SET name = " + str() + " WHERE id = " + id + gap() + " AND qty >= 0" + tail();
      }
    }

    /** A number, sometimes written so that the server and a generic parser disagree. */
    private String num(int n) {
      switch (r.nextInt(8)) {
        case 0: return maria ? (n + 1) + "--1" : (n + 1) + " - 1"; // MariaDB: n+1 - (-1); a parser: n+1 and a comment
        case 1: return (n - 1) + " - -1";
        case 2: return "(" + n + ")";
        default: return Integer.toString(n);
      }
    }

    /** A string literal in one of the forms the family knows. Lower case: collations differ in case. */
    private String str() {
      String[] plain = {"a", "b c", "it''s", "--x", "/*x*/", "#h", "semi;colon", "o''brien", "x y z"};
      switch (r.nextInt(10)) {
        case 0: return maria ? "'o\\'brien'" : "E'o\\'brien'";
        case 1: return maria ? "\"dq\"" : "$$dollar$$";
        case 2: return maria ? "'back\\\\slash'" : "'tab'";
        default: return "'" + plain[r.nextInt(plain.length)] + "'";
      }
    }

    /** Whitespace, or a comment the family reads in its own way. */
    private String gap() {
      switch (r.nextInt(10)) {
        case 0: return " /* c */";
        case 1: return " -- c\n";
        case 2: return maria ? " /*! AND 1 = 1 */" : " /* a /* nested */ b */";
        case 3: return maria ? " # c\n" : " /* plain */";
        default: return "";
      }
    }

    private String tail() { return r.nextInt(6) == 0 ? gap() : ""; }
  }
}
