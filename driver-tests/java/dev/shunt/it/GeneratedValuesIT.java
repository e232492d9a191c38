package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys the database generates in the statement itself arrive exactly once: a sequence is drawn
 * by the application's insert only and its value read back; a stored function (which may change
 * data, as this one does) is never called a second time, so its row is passed through and marked
 * instead of being guessed.
 */
class GeneratedValuesIT {
  @TempDir Path dir;

  private Connection open(TestDatabase old, TestDatabase second, String name) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n"
        + (second == null ? "" : "old:\n" + ToggleFiles.databaseSection(old) + "new:\n" + ToggleFiles.databaseSection(second))
        + "migrations:\n  " + name + ":\n"
        + "    old: { table: items, key: [id] }\n    new: { table: items_v2 }\n"
        + "    columns: { id: id, name: name }\n    reverse: { id: id, name: name }\n    phase: shadow-write\n");
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    return DriverManager.getConnection(old.shuntUrl(), p);
  }

  @Test
  void aMariaDbSequenceIsDrawnOnceAndItsValueMirrored() throws Exception {
    for (boolean twoDatabases : new boolean[] {false, true}) {
      try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "gen_seq");
          TestDatabase second = twoDatabases ? TestDatabases.create(Engine.MARIADB, "gen_seq_new") : null) {
        TestDatabase neu = second == null ? old : second;
        old.exec("CREATE SEQUENCE item_seq START WITH 100", "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
        neu.exec("CREATE TABLE items_v2 (id INT PRIMARY KEY, name VARCHAR(20))");
        String name = "gen_seq" + (twoDatabases ? "_two" : "");
        try (Connection c = open(old, second, name); Statement s = c.createStatement()) {
          assertEquals(1, s.executeUpdate("INSERT INTO items (id, name) VALUES (NEXT VALUE FOR item_seq, 'a')"));
          assertEquals(1, s.executeUpdate("INSERT INTO items (id, name) VALUES (NEXTVAL(item_seq), 'b')"));
        }
        assertEquals(List.of("100|a", "101|b"), MirrorSchema.rows(old, "SELECT id, name FROM items ORDER BY id"));
        assertEquals(List.of("100|a", "101|b"), MirrorSchema.rows(neu, "SELECT id, name FROM items_v2 ORDER BY id"),
            "the new table has the rows under the keys the application's inserts drew");
        assertEquals(List.of("102"), MirrorSchema.rows(old, "SELECT NEXT VALUE FOR item_seq"), "each insert drew once");
      }
    }
  }

  @Test
  void aPostgresSequenceIsDrawnOnceAndItsValueMirrored() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.POSTGRES, "gen_pgseq")) {
      db.exec("CREATE SEQUENCE item_seq START 100", "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))",
          "CREATE TABLE items_v2 (id INT PRIMARY KEY, name VARCHAR(20))");
      try (Connection c = open(db, null, "gen_pgseq"); Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("INSERT INTO items (id, name) VALUES (nextval('item_seq'), 'a')"));
      }
      assertEquals(List.of("100|a"), MirrorSchema.rows(db, "SELECT id, name FROM items_v2 ORDER BY id"));
      assertEquals(List.of("101"), MirrorSchema.rows(db, "SELECT nextval('item_seq')"), "the insert drew once");
    }
  }

  @Test
  void aStoredFunctionIsNeverCalledASecondTime() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "gen_fn")) {
      db.exec("CREATE TABLE counter (n INT)", "INSERT INTO counter VALUES (0)",
          "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))", "CREATE TABLE items_v2 (id INT PRIMARY KEY, name VARCHAR(20))",
          "CREATE FUNCTION next_id() RETURNS INT MODIFIES SQL DATA BEGIN UPDATE counter SET n = n + 1;"
              + " RETURN (SELECT n FROM counter) + 500; END");
      MigrationCounters counters = ShuntMetrics.process().migration("gen_fn");
      long marked = counters.unmirroredWrites();
      try (Connection c = open(db, null, "gen_fn"); Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("INSERT INTO items (id, name) VALUES (next_id(), 'f')"));
      }
      assertEquals(List.of("1"), MirrorSchema.rows(db, "SELECT n FROM counter"), "the function ran once: the application's call");
      assertEquals(List.of("501|f"), MirrorSchema.rows(db, "SELECT id, name FROM items"));
      assertTrue(counters.unmirroredWrites() > marked, "a key Shunt cannot learn without calling the function again is marked");
    }
  }
}
