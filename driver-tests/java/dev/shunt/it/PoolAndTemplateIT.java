package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.jdbc.ShuntConnection;
import dev.shunt.jdbc.ShuntDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Shunt behind HikariCP and Spring's JdbcTemplate: the same workload through the raw URL and
 * through Shunt (three ways of plugging it in) must produce the same, concretely checked results.
 */
class PoolAndTemplateIT {
  private static final int POOL_SIZE = 4;
  private static final int THREADS = 4;
  private static final int ROUNDS_PER_THREAD = 25;

  /** How Shunt is put between the pool and the database. */
  enum Wiring {
    /** Hikari {@code jdbcUrl} = the Shunt URL (driver found through DriverManager). */
    JDBC_URL,
    /** Hikari {@code driverClassName} = ShuntDriver plus the Shunt URL. */
    DRIVER_CLASS_NAME,
    /** {@code new ShuntDataSource(hikari on the raw URL)}. */
    SHUNT_DATA_SOURCE
  }

  static Stream<Arguments> cases() {
    return Stream.of(Engine.MARIADB, Engine.POSTGRES)
        .flatMap(e -> Stream.of(Wiring.values()).map(w -> Arguments.of(e, w)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void shuntBehindPoolAndTemplatesMatchesRaw(Engine engine, Wiring wiring) throws Exception {
    List<String> raw;
    try (TestDatabase db = TestDatabases.create(engine, "pool_raw"); HikariDataSource pool = pool(db.rawUrl(), null, "raw")) {
      raw = workload(engine, pool, pool, false);
    }
    List<String> shunt;
    try (TestDatabase db = TestDatabases.create(engine, "pool_shunt")) {
      switch (wiring) {
        case JDBC_URL:
          try (HikariDataSource pool = pool(db.shuntUrl(), null, "shunt-url")) {
            shunt = workload(engine, pool, pool, true);
          }
          break;
        case DRIVER_CLASS_NAME:
          try (HikariDataSource pool = pool(db.shuntUrl(), "dev.shunt.jdbc.ShuntDriver", "shunt-class")) {
            shunt = workload(engine, pool, pool, true);
          }
          break;
        default:
          try (HikariDataSource pool = pool(db.rawUrl(), null, "shunt-ds")) {
            shunt = workload(engine, new ShuntDataSource(pool), pool, true);
          }
      }
    }
    assertEquals(String.join("\n", raw), String.join("\n", shunt), "Shunt (" + wiring + ") must give what the raw URL gives");
  }

  private static HikariDataSource pool(String url, String driverClassName, String name) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("it-" + name);
    c.setJdbcUrl(url);
    if (driverClassName != null) c.setDriverClassName(driverClassName);
    c.setMaximumPoolSize(POOL_SIZE);
    c.setConnectionTimeout(10_000);
    return new HikariDataSource(c);
  }

  /**
   * CRUD, batches, transactions, generated keys and concurrent use through {@code ds}; asserts
   * concrete values along the way and returns everything observed for the raw/Shunt comparison.
   */
  private static List<String> workload(Engine engine, DataSource ds, HikariDataSource pool, boolean expectShunt) throws Exception {
    List<String> seen = new ArrayList<>();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    NamedParameterJdbcTemplate named = new NamedParameterJdbcTemplate(ds);
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));

    try (Connection c = ds.getConnection()) {
      assertEquals(expectShunt, c.isWrapperFor(ShuntConnection.class), "is Shunt in the path?");
    }

    boolean maria = engine == Engine.MARIADB;
    jdbc.execute(maria
        ? "CREATE TABLE items (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE, qty INT NOT NULL)"
        : "CREATE TABLE items (id BIGSERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE, qty INT NOT NULL)");
    jdbc.execute("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)");
    jdbc.update("INSERT INTO counter (id, n) VALUES (1, 0)");

    // CRUD
    assertEquals(1, jdbc.update("INSERT INTO items (name, qty) VALUES (?, ?)", "apple", 3));
    assertEquals(1, jdbc.update("INSERT INTO items (name, qty) VALUES (?, ?)", "pear", 5));
    assertEquals(1, jdbc.update("INSERT INTO items (name, qty) VALUES (?, ?)", "plum", 7));
    assertEquals(3, jdbc.queryForObject("SELECT COUNT(*) FROM items", Integer.class));
    assertEquals(1, jdbc.update("UPDATE items SET qty = qty * 2 WHERE name = ?", "pear"));
    assertEquals(1, jdbc.update("DELETE FROM items WHERE name = ?", "plum"));
    assertEquals(0, jdbc.update("DELETE FROM items WHERE name = ?", "nothing"));
    assertEquals(List.of("apple:3", "pear:10"), items(jdbc));
    assertEquals(10, jdbc.queryForObject("SELECT qty FROM items WHERE name = ?", Integer.class, "pear"));
    Map<String, Object> apple = jdbc.queryForMap("SELECT name, qty FROM items WHERE name = 'apple'");
    seen.add("queryForMap " + apple);

    // batches
    List<Object[]> rows = new ArrayList<>();
    for (int i = 1; i <= 5; i++) rows.add(new Object[] {"batch" + i, i});
    int[] counts = jdbc.batchUpdate("INSERT INTO items (name, qty) VALUES (?, ?)", rows);
    seen.add("batchUpdate " + Arrays.toString(counts));
    assertEquals(5, counts.length);
    for (int n : counts) assertTrue(n == 1 || n == Statement.SUCCESS_NO_INFO, "batch count " + n);
    SqlParameterSource[] bumps = {
        new MapSqlParameterSource("name", "batch1").addValue("by", 100),
        new MapSqlParameterSource("name", "batch2").addValue("by", 200),
        new MapSqlParameterSource("name", "none").addValue("by", 300)};
    int[] bumped = named.batchUpdate("UPDATE items SET qty = qty + :by WHERE name = :name", bumps);
    seen.add("named batchUpdate " + Arrays.toString(bumped));
    assertEquals(3, bumped.length);
    assertEquals(List.of("batch1", "batch2"),
        named.queryForList("SELECT name FROM items WHERE qty >= :min ORDER BY name", Map.of("min", 100), String.class));
    assertEquals(7, named.queryForObject("SELECT COUNT(*) FROM items WHERE name <> :n", Map.of("n", "x"), Integer.class));

    // transactions: two kinds of rollback, then a commit
    tx.executeWithoutResult(status -> {
      jdbc.update("INSERT INTO items (name, qty) VALUES ('ghost1', 1)");
      assertEquals(1, jdbc.queryForObject("SELECT COUNT(*) FROM items WHERE name = 'ghost1'", Integer.class), "visible inside");
      status.setRollbackOnly();
    });
    IllegalStateException boom = assertThrows(IllegalStateException.class, () -> tx.executeWithoutResult(status -> {
      jdbc.update("INSERT INTO items (name, qty) VALUES ('ghost2', 1)");
      jdbc.update("UPDATE counter SET n = 999 WHERE id = 1");
      throw new IllegalStateException("boom");
    }));
    assertEquals("boom", boom.getMessage());
    assertEquals(0, jdbc.queryForObject("SELECT COUNT(*) FROM items WHERE name LIKE 'ghost%'", Integer.class), "rolled back");
    assertEquals(0, jdbc.queryForObject("SELECT n FROM counter WHERE id = 1", Integer.class), "rolled back");
    Integer inTx = tx.execute(status -> {
      jdbc.update("INSERT INTO items (name, qty) VALUES ('kept1', 1)");
      jdbc.update("INSERT INTO items (name, qty) VALUES ('kept2', 2)");
      return jdbc.queryForObject("SELECT COUNT(*) FROM items", Integer.class);
    });
    assertEquals(9, inTx);
    assertEquals(9, jdbc.queryForObject("SELECT COUNT(*) FROM items", Integer.class));

    // generated keys through a KeyHolder
    long first = insertWithKey(jdbc, "keyed1");
    long second = insertWithKey(jdbc, "keyed2");
    assertEquals(first, jdbc.queryForObject("SELECT id FROM items WHERE name = 'keyed1'", Long.class));
    assertEquals(second, jdbc.queryForObject("SELECT id FROM items WHERE name = 'keyed2'", Long.class));
    assertTrue(second > first, "keys ascend");
    seen.add("keys " + first + " " + second);

    seen.add("items " + items(jdbc));
    assertEquals(List.of("apple:3", "batch1:101", "batch2:202", "batch3:3", "batch4:4", "batch5:5",
        "kept1:1", "kept2:2", "keyed1:0", "keyed2:0", "pear:10"), items(jdbc));

    // concurrent use: 4 threads, each round one transaction inserting a row and bumping the counter
    concurrently(jdbc, tx);
    assertEquals(THREADS * ROUNDS_PER_THREAD, jdbc.queryForObject("SELECT COUNT(*) FROM items WHERE name LIKE 'w%'", Integer.class));
    assertEquals(THREADS * ROUNDS_PER_THREAD, jdbc.queryForObject("SELECT n FROM counter WHERE id = 1", Integer.class));
    assertEquals(THREADS * ROUNDS_PER_THREAD, jdbc.queryForObject("SELECT SUM(qty) FROM items WHERE name LIKE 'w%'", Integer.class));
    seen.add("after threads " + jdbc.queryForObject("SELECT COUNT(*) FROM items", Integer.class));

    assertTrue(pool.getHikariPoolMXBean().getTotalConnections() <= POOL_SIZE, "pool stays bounded");
    Await.until("every connection back in the pool", Duration.ofSeconds(10),
        () -> pool.getHikariPoolMXBean().getActiveConnections() == 0);
    return seen;
  }

  private static List<String> items(JdbcTemplate jdbc) {
    return jdbc.query("SELECT name, qty FROM items WHERE name NOT LIKE 'w%' ORDER BY name",
        (rs, i) -> rs.getString("name") + ":" + rs.getInt("qty"));
  }

  private static long insertWithKey(JdbcTemplate jdbc, String name) {
    KeyHolder keys = new GeneratedKeyHolder();
    int n = jdbc.update(con -> {
      PreparedStatement ps = con.prepareStatement("INSERT INTO items (name, qty) VALUES (?, 0)", new String[] {"id"});
      ps.setString(1, name);
      return ps;
    }, keys);
    assertEquals(1, n);
    Number key = keys.getKey();
    assertNotNull(key, "generated key for " + name);
    return key.longValue();
  }

  private static void concurrently(JdbcTemplate jdbc, TransactionTemplate tx) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          start.await();
          int ok = 0;
          for (int i = 0; i < ROUNDS_PER_THREAD; i++) {
            String name = "w" + thread + "-" + i;
            ok += tx.execute(status -> {
              jdbc.update("INSERT INTO items (name, qty) VALUES (?, 1)", name);
              return jdbc.update("UPDATE counter SET n = n + 1 WHERE id = 1");
            });
          }
          return ok;
        }));
      }
      start.countDown();
      int[] perThread = new int[THREADS];
      for (int t = 0; t < THREADS; t++) perThread[t] = done.get(t).get(2, TimeUnit.MINUTES);
      int[] expected = new int[THREADS];
      Arrays.fill(expected, ROUNDS_PER_THREAD);
      assertArrayEquals(expected, perThread, "every round of every thread updated the counter once");
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES), "worker threads ended");
    }
  }
}
