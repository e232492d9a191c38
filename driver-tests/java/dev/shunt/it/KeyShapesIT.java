package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key and table shapes beyond a single-column key into a second table: a composite key (in one
 * database and across two), and a same-table migration whose new columns live on the old table.
 * Each is written through Shunt, backfilled, verified and read back merged.
 */
class KeyShapesIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "two databases: {0}")
  @ValueSource(booleans = {false, true})
  void compositeKeysAreMirroredBackfilledVerifiedAndMerged(boolean twoDatabases) throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "keys_old");
        TestDatabase neu = twoDatabases ? TestDatabases.create(Engine.MARIADB, "keys_new") : null) {
      TestDatabase target = neu == null ? old : neu;
      old.exec("CREATE TABLE order_lines (tenant INT NOT NULL, line INT NOT NULL, qty INT, note VARCHAR(30), PRIMARY KEY (tenant, line))");
      target.exec("CREATE TABLE lines_v2 (tenant INT NOT NULL, line INT NOT NULL, quantity INT, memo VARCHAR(30), PRIMARY KEY (tenant, line))");
      // history the backfill must copy: the same line numbers under two tenants
      old.exec("INSERT INTO order_lines VALUES (1, 1, 10, 'a'), (1, 2, 20, 'b'), (2, 1, 30, 'c'), (2, 2, 40, 'd'), (3, 1, 50, 'e'), (5, 5, 99, 'h')");
      Path toggle = dir.resolve("lines.yaml");
      ToggleFiles.writeInPlace(toggle, "version: 1\nreload_ms: 50\nold: { url: \"" + old.rawUrl() + "\" }\n"
          + (neu == null ? "" : "new: { url: \"" + neu.rawUrl() + "\" }\n")
          + "migrations:\n  lines:\n    old: { table: order_lines, key: [tenant, line] }\n    new: { table: lines_v2 }\n"
          + "    columns: { tenant: tenant, line: line, quantity: qty, memo: UPPER(note) }\n"
          + "    reverse: { tenant: tenant, line: line, qty: quantity, note: LOWER(memo) }\n"
          + "    phase: shadow-write\n");
      try (Connection c = open(old, toggle); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO order_lines VALUES (4, 1, 60, 'f'), (4, 2, 70, 'g')");
        s.executeUpdate("UPDATE order_lines SET qty = qty + 1 WHERE line = 1"); // every tenant's line 1
        s.executeUpdate("DELETE FROM order_lines WHERE tenant = 2 AND line = 2");
        try (PreparedStatement ps = c.prepareStatement("UPDATE order_lines SET note = ? WHERE tenant = ? AND line = ?")) {
          ps.setString(1, "z");
          ps.setInt(2, 1);
          ps.setInt(3, 2);
          ps.executeUpdate();
        }
      }
      // every row written through Shunt (an INSERT naming no columns included), not the untouched history
      assertEquals(List.of("1|1|11|A", "1|2|20|Z", "2|1|31|C", "3|1|51|E", "4|1|61|F", "4|2|70|G"),
          rows(target, "SELECT tenant, line, quantity, memo FROM lines_v2 ORDER BY tenant, line"));

      PhaseStatusIT.Run backfill = PhaseStatusIT.cli("backfill", "--config", toggle.toString(), "--migration", "lines");
      assertEquals(0, backfill.exit, backfill.toString());
      PhaseStatusIT.Run verify = PhaseStatusIT.cli("verify", "--config", toggle.toString(), "--migration", "lines");
      assertEquals(0, verify.exit, verify.toString());
      assertEquals(List.of("1|1|11|A", "1|2|20|Z", "2|1|31|C", "3|1|51|E", "4|1|61|F", "4|2|70|G", "5|5|99|H"),
          rows(target, "SELECT tenant, line, quantity, memo FROM lines_v2 ORDER BY tenant, line"));

      // a row changed behind Shunt's back is found by key, and merge serves the primary's row for it
      target.exec("UPDATE lines_v2 SET quantity = 999 WHERE tenant = 3 AND line = 1");
      PhaseStatusIT.Run dirty = PhaseStatusIT.cli("verify", "--config", toggle.toString(), "--migration", "lines");
      assertEquals(1, dirty.exit, dirty.toString());
      ToggleFiles.writeInPlace(toggle, java.nio.file.Files.readString(toggle).replace("phase: shadow-write", "writes: old-primary\n    reads: merge"));
      try (Connection c = open(old, toggle); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT tenant, line, qty, note FROM order_lines WHERE line = 1 ORDER BY tenant DESC LIMIT 3")) {
        List<String> got = new ArrayList<>();
        while (rs.next()) got.add(rs.getInt(1) + "|" + rs.getInt(2) + "|" + rs.getInt(3) + "|" + rs.getString(4));
        assertEquals(List.of("4|1|61|f", "3|1|51|e", "2|1|31|c"), got);
      }
    }
  }

  @Test
  void aSameTableMigrationFillsItsNewColumnsAndVerifiesClean() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "same_table")) {
      db.exec("CREATE TABLE people (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(60), email_lower VARCHAR(60))",
          "INSERT INTO people (email) VALUES ('Ann@X.org'), ('BOB@x.org'), ('cy@X.ORG')");
      Path toggle = dir.resolve("people.yaml");
      ToggleFiles.writeInPlace(toggle, "version: 1\nreload_ms: 50\nold: { url: \"" + db.rawUrl() + "\" }\n"
          + "migrations:\n  people:\n    old: { table: people, key: [id] }\n    new: { table: people }\n"
          + "    columns: { id: id, email_lower: LOWER(email) }\n"
          + "    reverse: { id: id, email: email }\n"
          + "    phase: shadow-write\n");
      try (Connection c = open(db, toggle); Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO people (email) VALUES ('Dee@X.org')");
        s.executeUpdate("UPDATE people SET email = 'BOBBY@x.org' WHERE id = 2");
      }
      assertEquals(List.of("1|null", "2|bobby@x.org", "3|null", "4|dee@x.org"), rows(db, "SELECT id, email_lower FROM people ORDER BY id"),
          "writes through Shunt fill the new column on the same row");
      PhaseStatusIT.Run backfill = PhaseStatusIT.cli("backfill", "--config", toggle.toString(), "--migration", "people");
      assertEquals(0, backfill.exit, backfill.toString());
      assertEquals(List.of("1|ann@x.org", "2|bobby@x.org", "3|cy@x.org", "4|dee@x.org"), rows(db, "SELECT id, email_lower FROM people ORDER BY id"));
      PhaseStatusIT.Run verify = PhaseStatusIT.cli("verify", "--config", toggle.toString(), "--migration", "people");
      assertEquals(0, verify.exit, verify.toString());
      db.exec("UPDATE people SET email_lower = 'wrong' WHERE id = 3");
      PhaseStatusIT.Run dirty = PhaseStatusIT.cli("verify", "--config", toggle.toString(), "--migration", "people");
      assertEquals(1, dirty.exit, dirty.toString());
      assertTrue(dirty.out.contains("1"), dirty.toString());
    }
  }

  private static Connection open(TestDatabase db, Path toggle) throws Exception {
    Properties p = new Properties();
    p.setProperty("shunt.config", toggle.toString());
    return DriverManager.getConnection(db.shuntUrl(), p);
  }

  private static List<String> rows(TestDatabase db, String sql) throws Exception {
    return dev.shunt.it.support.MirrorSchema.rows(db, sql);
  }
}
