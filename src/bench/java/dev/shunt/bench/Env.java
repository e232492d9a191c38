package dev.shunt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Where the benchmark runs: a local MariaDB ({@code SHUNT_BENCH_MARIADB_URL}, default
 * {@code jdbc:mariadb://127.0.0.1:3306/?user=root}), two databases of its own, and the toggle files
 * and peer configurations it writes into a scratch directory.
 */
final class Env {
  static final String DB = "shunt_bench";
  static final String DB_NEW = "shunt_bench_new";

  /** The migration's transform, as the driver tests use it: a copy that skipped it shows up. */
  static final String TRANSFORMS =
      "    columns: { id: id, display_name: name, email: LOWER(email), score: score * 10 }\n"
      + "    reverse: { id: id, name: display_name, email: email, score: score / 10 }\n";

  final String serverUrl; // jdbc:mariadb://host:port/?params
  final Path dir;

  Env() throws IOException {
    String u = System.getenv("SHUNT_BENCH_MARIADB_URL");
    serverUrl = u == null || u.isBlank() ? "jdbc:mariadb://127.0.0.1:3306/?user=root" : u.trim();
    dir = Files.createTempDirectory("shunt-bench-");
  }

  /** {@code jdbc:mariadb://host:port/db?params} */
  String rawUrl(String db) {
    int q = serverUrl.indexOf('?');
    String base = q < 0 ? serverUrl : serverUrl.substring(0, q);
    String params = q < 0 ? "" : serverUrl.substring(q);
    if (!base.endsWith("/")) base = base + "/";
    return base + db + params;
  }

  String shuntUrl(String db) { return "jdbc:shunt:" + rawUrl(db).substring("jdbc:".length()); }

  String p6spyUrl(String db) { return "jdbc:p6spy:" + rawUrl(db).substring("jdbc:".length()); }

  Connection raw(String db) throws SQLException { return DriverManager.getConnection(rawUrl(db)); }

  Connection shunt(String db, Path toggle) throws SQLException {
    Properties p = new Properties();
    if (toggle != null) p.setProperty("shunt.config", toggle.toString());
    return DriverManager.getConnection(shuntUrl(db), p);
  }

  Connection server() throws SQLException { return DriverManager.getConnection(serverUrl); }

  void exec(String db, String... sql) throws SQLException {
    try (Connection c = db == null ? server() : raw(db); Statement s = c.createStatement()) {
      for (String q : sql) s.execute(q);
    }
  }

  long scalar(String db, String sql) throws SQLException {
    try (Connection c = raw(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A toggle file migrating {@code table} to {@code table_v2} in the given phase (or writes/reads pair). */
  Path toggle(String name, String table, String mode, boolean twoDatabases) throws IOException {
    StringBuilder y = new StringBuilder("version: 1\nreload_ms: 60000\n");
    y.append("old: { url: \"").append(rawUrl(DB)).append("\" }\n");
    if (twoDatabases) y.append("new: { url: \"").append(rawUrl(DB_NEW)).append("\" }\n");
    y.append("migrations:\n  ").append(table).append(":\n")
        .append("    old: { table: ").append(table).append(", key: [id] }\n")
        .append("    new: { table: ").append(table).append("_v2 }\n")
        .append(TRANSFORMS)
        .append(mode.contains(":") ? "    " + mode + "\n" : "    phase: " + mode + "\n");
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, y.toString(), StandardCharsets.UTF_8);
    return f;
  }

  /**
   * ShardingSphere-JDBC: the one data source and no sharding, encryption or other rule. Since 5.4 its
   * binder refuses tables it has not loaded, so the SINGLE rule loads every table of the data source
   * as is (the nearest 5.5 has to an empty rule set).
   */
  Path shardingSphereYaml() throws IOException {
    String url = rawUrl(DB);
    String y = "databaseName: shunt_bench\n"
        + "mode:\n  type: Standalone\n  repository:\n    type: JDBC\n"
        + "dataSources:\n  ds:\n"
        + "    dataSourceClassName: com.zaxxer.hikari.HikariDataSource\n"
        + "    driverClassName: org.mariadb.jdbc.Driver\n"
        + "    jdbcUrl: \"" + url + "\"\n"
        + "    maximumPoolSize: 24\n    minimumIdle: 8\n"
        + "rules:\n- !SINGLE\n  tables:\n    - \"*.*\"\n"
        + "props:\n  sql-show: false\n";
    Path f = dir.resolve("shardingsphere.yaml");
    Files.writeString(f, y, StandardCharsets.UTF_8);
    return f;
  }

  /** Creates both databases and the tables every section uses. */
  void createSchema(int itemRows) throws SQLException {
    exec(null, "DROP DATABASE IF EXISTS " + DB, "DROP DATABASE IF EXISTS " + DB_NEW,
        "CREATE DATABASE " + DB, "CREATE DATABASE " + DB_NEW);
    exec(DB,
        // point selects: no migration names it
        "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(50), qty INT)",
        "INSERT INTO items SELECT seq, CONCAT('item', seq), seq % 100 FROM seq_1_to_" + itemRows,
        // single-row inserts: no migration names it
        "CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(50), n INT)",
        // the migrated table of the pass-through and dual-write sections
        "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
        "CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)",
        "INSERT INTO users SELECT seq, CONCAT('n', seq), CONCAT('User', seq, '@Example.org'), seq % 1000 FROM seq_1_to_" + itemRows,
        "INSERT INTO users_v2 SELECT id, name, LOWER(email), score * 10 FROM users");
    exec(DB_NEW,
        "CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)",
        "INSERT INTO users_v2 SELECT id, name, LOWER(email), score * 10 FROM " + DB + ".users");
  }
}
