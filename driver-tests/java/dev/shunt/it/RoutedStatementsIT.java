package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.EngineDatabases;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Statements Shunt rewrites for the new table (reads routed to it, writes where it is primary),
 * compared with the same statement on a raw twin of the old table: the application sees the same
 * rows, and both sides end as the twin. The new table renames and rescales columns, so a
 * reference left unrewritten, or rewritten where it should not be, shows.
 */
class RoutedStatementsIT {
  private static final EngineDatabases DBS = new EngineDatabases("routed", RoutedStatementsIT::create);

  @TempDir Path dir;

  private static void create(TestDatabase db) throws SQLException {
    for (String t : new String[] {"items", "twin"}) {
      db.exec("CREATE TABLE " + t + " (id INT PRIMARY KEY, name VARCHAR(40), qty INT, price DECIMAL(10,2), tag VARCHAR(10))");
    }
    db.exec("CREATE TABLE items_v2 (id INT PRIMARY KEY, label VARCHAR(40), quantity INT, price_cents BIGINT, tag VARCHAR(10))",
        "CREATE TABLE orders (item_id INT, n INT)", "INSERT INTO orders VALUES (2, 5), (3, 1), (4, 9)");
  }

  private static TestDatabase db(Engine engine) throws SQLException {
    TestDatabase db = DBS.get(engine);
    String rows = "(1, 'ann', 4, 0.50, 'a'), (2, 'bob', 2, 1.25, 'b'), (3, 'cy', 7, 3.00, 'a'), (4, NULL, 1, 2.10, NULL),"
        + " (5, 'dee', 3, 0.99, 'b')";
    db.exec("DELETE FROM items", "DELETE FROM twin", "DELETE FROM items_v2", "INSERT INTO items VALUES " + rows,
        "INSERT INTO twin VALUES " + rows,
        "INSERT INTO items_v2 SELECT id, name, qty, CAST(price * 100 AS " + (engine == Engine.MARIADB ? "SIGNED" : "BIGINT") + "), tag FROM items");
    return db;
  }

  @AfterAll static void drop() {
    DBS.close();
  }

  private Connection open(TestDatabase db, String phase) throws Exception {
    Path file = dir.resolve("items-" + phase + ".yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nmigrations:\n  routed_items:\n"
        + "    old: { table: items, key: [id] }\n    new: { table: items_v2 }\n"
        + "    columns: { id: id, label: name, quantity: qty, price_cents: price * 100, tag: tag }\n"
        + "    reverse: { id: id, name: label, qty: quantity, price: price_cents / 100.0, tag: tag }\n"
        + "    phase: " + phase + "\n");
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    return DriverManager.getConnection(db.shuntUrl(), p);
  }

  private void sameRowsAsRaw(Engine engine, String phase, String sql) throws Exception {
    TestDatabase db = db(engine);
    List<String> raw;
    try (Connection c = db.openRaw()) {
      raw = MirrorSchema.rows(c, sql.replace("items", "twin"));
    }
    try (Connection c = open(db, phase)) {
      assertEquals(raw, MirrorSchema.rows(c, sql), phase + ": " + sql);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "MARIADB; new-primary; SELECT id, -qty AS qty FROM items ORDER BY qty, id LIMIT 3",
      "MARIADB; new-only; SELECT id, -qty AS qty FROM items ORDER BY qty, id LIMIT 3",
      "MARIADB; new-primary; SELECT id, qty * 2 AS q2 FROM items ORDER BY q2 + 0, id",
      "MARIADB; new-only; SELECT id, qty * 2 AS q2 FROM items ORDER BY q2 + 0, id",
      "POSTGRES; new-only; SELECT id, -qty AS qty FROM items ORDER BY qty, id LIMIT 3",
      "POSTGRES; new-only; SELECT id FROM items WHERE name IS DISTINCT FROM 'bob' ORDER BY id",
      "POSTGRES; new-primary; SELECT id FROM items WHERE name IS NOT DISTINCT FROM 'bob' ORDER BY id",
      "POSTGRES; new-only; SELECT DISTINCT ON (i.tag) i.tag, i.id FROM items i ORDER BY i.tag, i.id",
  })
  void readsRoutedToTheNewTableReturnWhatTheOldOneWould(Engine engine, String phase, String sql) throws Exception {
    sameRowsAsRaw(engine, phase, sql);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "MARIADB; true; DELETE FROM items WHERE id IN (SELECT id FROM (SELECT id FROM items WHERE price >= 1) x)",
      "POSTGRES; true; DELETE FROM items WHERE id IN (SELECT id FROM (SELECT id FROM items WHERE price >= 1) x)",
      "MARIADB; false; INSERT INTO items VALUES (100, 'nv', 3, 1.50, 'z')",
      "POSTGRES; false; INSERT INTO items VALUES (100, 'nv', 3, 1.50, 'z')",
      "MARIADB; false; UPDATE items SET qty = qty + 1 WHERE id IN (SELECT item_id FROM orders WHERE n > 1)",
      "POSTGRES; false; UPDATE items SET qty = qty + 1 WHERE id IN (SELECT item_id FROM orders WHERE n > 1)",
      "MARIADB; true; UPDATE items SET qty = 0 WHERE id IN (SELECT item_id FROM orders WHERE n > qty)",
      "MARIADB; true; UPDATE items SET qty = 0 WHERE EXISTS (SELECT 1 FROM orders o WHERE o.item_id = items.id)",
      "MARIADB; false; delete ai1_0 from items ai1_0 where ai1_0.id between 2 and 3",
      "MARIADB; false; DELETE i FROM items i WHERE i.qty < 3",
  })
  void newPrimaryWritesReachBothSidesAsTheServerMeansThemOrAreRefused(Engine engine, boolean mayBeRefused, String sql)
      throws Exception {
    TestDatabase db = db(engine);
    List<String> before = MirrorSchema.rows(db, "SELECT id, name, qty, price, tag FROM items ORDER BY id");
    List<String> newBefore = MirrorSchema.rows(db,
        "SELECT id, label, quantity, CAST(price_cents / 100.0 AS DECIMAL(10,2)), tag FROM items_v2 ORDER BY id");
    dev.shunt.plan.Refusal refused = null;
    long count = -1;
    try (Connection c = open(db, "new-primary"); Statement s = c.createStatement()) {
      count = s.executeUpdate(sql);
    } catch (dev.shunt.plan.Refusal r) {
      refused = r;
    }
    if (refused != null) {
      // the new table is primary: a write it cannot take is refused, never left on old alone
      assertEquals(true, mayBeRefused, "Shunt should have rewritten " + sql + ": " + refused.getMessage());
      assertEquals(before, MirrorSchema.rows(db, "SELECT id, name, qty, price, tag FROM items ORDER BY id"), "old unchanged: " + sql);
      assertEquals(newBefore, MirrorSchema.rows(db,
          "SELECT id, label, quantity, CAST(price_cents / 100.0 AS DECIMAL(10,2)), tag FROM items_v2 ORDER BY id"), "new unchanged: " + sql);
      return;
    }
    long rawCount;
    try (Connection c = db.openRaw(); Statement s = c.createStatement()) {
      rawCount = s.executeUpdate(sql.replace("items", "twin"));
    }
    assertEquals(rawCount, count, "update count of " + sql);
    List<String> twin = MirrorSchema.rows(db, "SELECT id, name, qty, price, tag FROM twin ORDER BY id");
    List<String> newSide = MirrorSchema.rows(db,
        "SELECT id, label, quantity, CAST(price_cents / 100.0 AS DECIMAL(10,2)), tag FROM items_v2 ORDER BY id");
    assertEquals(twin, newSide, "new (the primary), after " + sql);
    assertEquals(twin, MirrorSchema.rows(db, "SELECT id, name, qty, price, tag FROM items ORDER BY id"), "old, after " + sql);
  }
}
