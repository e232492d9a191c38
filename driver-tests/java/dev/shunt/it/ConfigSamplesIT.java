package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.ConfigSamples;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.jdbc.ShuntConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every toggle file in {@code config-samples/}, as shipped, with only its database URLs,
 * credentials and phase replaced: the test's databases, and phase {@code shadow-write}. A short
 * workload runs through {@code jdbc:shunt:} and the new side must then hold the transformed image
 * of every old row.
 *
 * <p>Only phase {@code shadow-write} is used here (writes mirrored, reads from old), and the new
 * side is checked directly: the read modes have tests of their own, and a sample's later phases
 * are reached with {@code shunt phase} after a backfill and a clean verify.
 */
class ConfigSamplesIT {
  @TempDir Path dir;

  static Stream<String> samples() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("config-samples"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
          .collect(Collectors.toList()).stream();
    }
  }

  @Test
  void everySampleHasAWorkloadHere() throws Exception {
    List<String> names = samples().collect(Collectors.toList());
    assertEquals(List.of("add-column.yaml", "legacy-app.yaml", "mariadb-to-postgresql.yaml", "move-database.yaml",
        "rename-column.yaml", "split-table.yaml"), names, "a new sample needs its workload in this test");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void sampleMirrorsAShortWorkloadInShadowWrite(String sample) throws Exception {
    switch (sample) {
      case "add-column.yaml":
        oneDatabase(sample,
            new String[] {"CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, price DECIMAL(10,2) NOT NULL, price_cents BIGINT NULL)"},
            c -> {
              exec(c, "INSERT INTO users (price) VALUES (1.25), (2.50), (3.99)");
              try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (price) VALUES (?)")) {
                ps.setBigDecimal(1, new java.math.BigDecimal("10.01"));
                assertEquals(1, ps.executeUpdate());
              }
              assertEquals(1, exec(c, "UPDATE users SET price = price + 1 WHERE id = 2"));
              assertEquals(1, exec(c, "DELETE FROM users WHERE id = 3"));
            },
            "SELECT id, CAST(ROUND(price * 100) AS SIGNED) FROM users ORDER BY id",
            "SELECT id, price_cents FROM users ORDER BY id",
            List.of("1|125", "2|350", "4|1001"));
        break;
      case "rename-column.yaml":
        oneDatabase(sample,
            new String[] {"CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, full_name VARCHAR(200), display_name VARCHAR(200) NULL)"},
            c -> {
              exec(c, "INSERT INTO users (full_name) VALUES ('Ada Lovelace'), ('Alan Turing'), ('Grace Hopper')");
              assertEquals(1, exec(c, "UPDATE users SET full_name = 'Grace B. Hopper' WHERE id = 3"));
              assertEquals(1, exec(c, "DELETE FROM users WHERE id = 2"));
            },
            "SELECT id, full_name FROM users ORDER BY id",
            "SELECT id, display_name FROM users ORDER BY id",
            List.of("1|Ada Lovelace", "3|Grace B. Hopper"));
        break;
      case "split-table.yaml":
        oneDatabase(sample,
            new String[] {
                "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, full_name VARCHAR(200), email VARCHAR(200), updated_at TIMESTAMP(6) NULL)",
                "CREATE TABLE users_v2 (id BIGINT PRIMARY KEY, display_name VARCHAR(200), email VARCHAR(200), updated_at TIMESTAMP(6) NULL)"},
            c -> {
              exec(c, "INSERT INTO users (full_name, email, updated_at) VALUES ('Ada', 'Ada@Example.COM', '2026-01-02 03:04:05.123456')");
              exec(c, "INSERT INTO users (full_name, email, updated_at) VALUES ('Alan', 'Alan@Example.COM', NOW(6))");
              c.setAutoCommit(false);
              exec(c, "INSERT INTO users (full_name, email, updated_at) VALUES ('Grace', 'GRACE@example.com', NOW(6))");
              exec(c, "UPDATE users SET email = 'Ada@New.Example', updated_at = NOW(6) WHERE id = 1");
              c.commit();
              exec(c, "DELETE FROM users WHERE id = 2");
              c.rollback();
              c.setAutoCommit(true);
            },
            "SELECT id, full_name, LOWER(email) FROM users ORDER BY id",
            "SELECT id, display_name, email FROM users_v2 ORDER BY id",
            List.of("1|Ada|ada@new.example", "2|Alan|alan@example.com", "3|Grace|grace@example.com"));
        break;
      case "legacy-app.yaml":
        oneDatabase(sample,
            new String[] {
                "CREATE TABLE customer (customer_id INT AUTO_INCREMENT PRIMARY KEY, cust_name VARCHAR(100), created DATETIME)",
                "CREATE TABLE customers (customer_id INT PRIMARY KEY, name VARCHAR(100), created_at DATETIME)"},
            c -> {
              exec(c, "INSERT INTO customer (cust_name, created) VALUES ('  Acme Ltd ', '2001-02-03 04:05:06'), ('Globex', '2002-03-04 05:06:07')");
              assertEquals(1, exec(c, "UPDATE customer SET cust_name = ' Initech' WHERE customer_id = 2"));
            },
            "SELECT customer_id, TRIM(cust_name), created FROM customer ORDER BY customer_id",
            "SELECT customer_id, name, created_at FROM customers ORDER BY customer_id",
            List.of("1|Acme Ltd|2001-02-03 04:05:06", "2|Initech|2002-03-04 05:06:07"));
        break;
      case "move-database.yaml":
        moveDatabase(sample);
        break;
      case "mariadb-to-postgresql.yaml":
        mariaDbToPostgres(sample);
        break;
      default:
        throw new AssertionError("no workload for " + sample);
    }
  }

  private void oneDatabase(String sample, String[] ddl, Workload workload, String oldSql, String newSql, List<String> expected)
      throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "sample")) {
      db.exec(ddl);
      Path toggle = sampleFor(sample, db, null);
      try (Connection c = open(db, toggle)) {
        workload.run(c);
      }
      assertEquals(expected, clean(MirrorSchema.rows(db, oldSql)), sample + ": the old rows");
      assertEquals(MirrorSchema.rows(db, oldSql), MirrorSchema.rows(db, newSql), sample + ": the new side holds the transformed old rows");
    }
  }

  private void moveDatabase(String sample) throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "sample_old");
        TestDatabase neu = TestDatabases.create(Engine.MARIADB, "sample_new")) {
      old.exec("CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, customer_id INT, total DECIMAL(10,2), created_at DATETIME)",
          "CREATE TABLE order_lines (order_id INT, line_no INT, sku VARCHAR(20), qty INT, PRIMARY KEY (order_id, line_no))");
      neu.exec("CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, total DECIMAL(10,2), created_at DATETIME)",
          "CREATE TABLE order_lines (order_id INT, line_no INT, sku VARCHAR(20), qty INT, PRIMARY KEY (order_id, line_no))");
      Path toggle = sampleFor(sample, old, neu);
      try (Connection c = open(old, toggle)) {
        c.setAutoCommit(false);
        exec(c, "INSERT INTO orders (customer_id, total, created_at) VALUES (7, 19.90, '2026-12-01 10:00:00')");
        exec(c, "INSERT INTO order_lines (order_id, line_no, sku, qty) VALUES (1, 1, 'A-1', 2), (1, 2, 'B-2', 1)");
        c.commit();
        exec(c, "INSERT INTO orders (customer_id, total, created_at) VALUES (8, 5.00, '2026-12-02 11:00:00')");
        exec(c, "INSERT INTO order_lines (order_id, line_no, sku, qty) VALUES (2, 1, 'C-3', 5)");
        c.rollback();
        c.setAutoCommit(true);
        assertEquals(1, exec(c, "UPDATE order_lines SET qty = qty + 3 WHERE order_id = 1 AND line_no = 2"));
        exec(c, "INSERT INTO orders (customer_id, total, created_at) VALUES (9, 42.00, '2026-12-03 12:00:00')");
        assertEquals(1, exec(c, "DELETE FROM order_lines WHERE order_id = 1 AND line_no = 1"));
      }
      String orders = "SELECT id, customer_id, total, created_at FROM orders ORDER BY id";
      String lines = "SELECT order_id, line_no, sku, qty FROM order_lines ORDER BY order_id, line_no";
      assertEquals(List.of("1|7|19.90|2026-12-01 10:00:00", "3|9|42.00|2026-12-03 12:00:00"), clean(MirrorSchema.rows(old, orders)));
      assertEquals(List.of("1|2|B-2|4"), MirrorSchema.rows(old, lines));
      assertEquals(MirrorSchema.rows(old, orders), MirrorSchema.rows(neu, orders), "orders moved to the new database");
      assertEquals(MirrorSchema.rows(old, lines), MirrorSchema.rows(neu, lines), "order_lines moved to the new database");
    }
  }

  private void mariaDbToPostgres(String sample) throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "sample_maria");
        TestDatabase neu = TestDatabases.create(Engine.POSTGRES, "sample_pg")) {
      old.exec("CREATE TABLE products (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), price DECIMAL(10,2), active TINYINT(1) NOT NULL)");
      neu.exec("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100), price_cents BIGINT, active BOOLEAN NOT NULL)");
      Path toggle = sampleFor(sample, old, neu);
      try (Connection c = open(old, toggle)) {
        exec(c, "INSERT INTO products (name, price, active) VALUES ('kettle', 24.99, 1), ('toaster', 31.50, 0), ('mug', 4.25, 1)");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (name, price, active) VALUES (?, ?, ?)")) {
          ps.setString(1, "teapot");
          ps.setBigDecimal(2, new java.math.BigDecimal("12.00"));
          ps.setBoolean(3, true);
          assertEquals(1, ps.executeUpdate());
        }
        assertEquals(1, exec(c, "UPDATE products SET price = 29.99, active = 1 WHERE name = 'toaster'"));
        assertEquals(1, exec(c, "DELETE FROM products WHERE name = 'mug'"));
      }
      List<String> oldRows = MirrorSchema.rows(old,
          "SELECT id, name, CAST(ROUND(price * 100) AS SIGNED), CASE WHEN active <> 0 THEN 'yes' ELSE 'no' END FROM products ORDER BY id");
      assertEquals(List.of("1|kettle|2499|yes", "2|toaster|2999|yes", "4|teapot|1200|yes"), oldRows);
      assertEquals(oldRows, MirrorSchema.rows(neu,
          "SELECT id, name, price_cents, CASE WHEN active THEN 'yes' ELSE 'no' END FROM products ORDER BY id"),
          "PostgreSQL holds the transformed MariaDB rows");
    }
  }

  private Path sampleFor(String sample, TestDatabase old, TestDatabase neu) throws Exception {
    return ConfigSamples.forTest(sample, old, neu, dir);
  }

  private static Connection open(TestDatabase db, Path toggle) throws Exception {
    Properties p = new Properties();
    p.setProperty("shunt.config", toggle.toString());
    Connection c = DriverManager.getConnection(db.shuntUrl(), p);
    assertTrue(c.isWrapperFor(ShuntConnection.class));
    return c;
  }

  private static int exec(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  /** MariaDB prints DATETIME with a trailing ".0" through getString on some versions; compare without it. */
  private static List<String> clean(List<String> rows) {
    return rows.stream().map(r -> r.replaceAll("(\\d\\d:\\d\\d:\\d\\d)\\.0(\\||$)", "$1$2")).collect(Collectors.toList());
  }

  @FunctionalInterface
  interface Workload {
    void run(Connection c) throws Exception;
  }
}
