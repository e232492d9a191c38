package dev.shunt.ops;

import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * Shunt's own tables (repair queue, fleet, backfill leases and checkpoints, verify records),
 * created on first use in a schema of their own: {@code state.schema} of the toggle file, default
 * {@code shunt} (a database on MariaDB, a schema on PostgreSQL and H2), never the application's
 * unless named there, so a tool that expects an empty schema (Flyway's first migrate) finds one.
 * The CLI and every driver instance may create them at the same moment, so a failed CREATE is
 * accepted when the table turns out to exist.
 */
public final class StateTables {
  public static final String DEFAULT_SCHEMA = "shunt";
  public static final String REPAIR_QUEUE = "shunt_repair_queue";
  public static final String BACKFILL_RUNS = "shunt_backfill_runs";
  public static final String BACKFILL_CHUNKS = "shunt_backfill_chunks";
  public static final String VERIFY_RUNS = "shunt_verify_runs";
  public static final String VERIFY_KEYS = "shunt_verify_keys";
  public static final String INSTANCES = "shunt_instances";
  private static final Logger LOG = LoggerFactory.getLogger(StateTables.class);
  private static final java.util.Set<String> SAID = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final String schema;

  private StateTables(String schema) { this.schema = schema; }

  /** The state tables in {@code schema} (a plain identifier, validated by the toggle-file parser). */
  public static StateTables in(String schema) { return new StateTables(schema == null ? DEFAULT_SCHEMA : schema); }

  public String schema() { return schema; }

  /** {@code schema.table}: the name every statement on a state table uses. */
  public String table(String base) { return schema + "." + base; }

  public String repairQueue() { return table(REPAIR_QUEUE); }
  public String backfillRuns() { return table(BACKFILL_RUNS); }
  public String backfillChunks() { return table(BACKFILL_CHUNKS); }
  public String verifyRuns() { return table(VERIFY_RUNS); }
  public String verifyKeys() { return table(VERIFY_KEYS); }
  public String instances() { return table(INSTANCES); }

  public void ensureBackfill(Connection c) throws SQLException {
    create(c, backfillRuns(), "migration VARCHAR(100) NOT NULL PRIMARY KEY, planned_rows BIGINT NOT NULL, "
        + "chunks INT NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT");
    create(c, backfillChunks(), "migration VARCHAR(100) NOT NULL, chunk_no INT NOT NULL, lo_key VARCHAR(1000), "
        + "hi_key VARCHAR(1000), done_key VARCHAR(1000), finished INT NOT NULL, rows_copied BIGINT NOT NULL, "
        + "owner VARCHAR(200), lease_until BIGINT NOT NULL, PRIMARY KEY (migration, chunk_no)");
  }

  public void ensureVerify(Connection c, Dialect d) throws SQLException {
    create(c, verifyRuns(), "migration VARCHAR(100) NOT NULL, run_id BIGINT NOT NULL, finished_at BIGINT NOT NULL, "
        + "rows_compared BIGINT NOT NULL, differing BIGINT NOT NULL, missing BIGINT NOT NULL, extra BIGINT NOT NULL, "
        + "PRIMARY KEY (migration, run_id)");
    String id = d == Dialect.POSTGRESQL ? "id BIGSERIAL PRIMARY KEY" : "id BIGINT AUTO_INCREMENT PRIMARY KEY";
    create(c, verifyKeys(), id + ", migration VARCHAR(100) NOT NULL, run_id BIGINT NOT NULL, kind VARCHAR(10) NOT NULL, "
        + "key_values VARCHAR(1000) NOT NULL");
  }

  /** The fleet table: one row per driver instance and toggle file, refreshed by its heartbeat. */
  public void ensureInstances(Connection c) throws SQLException {
    create(c, instances(), "instance_id VARCHAR(36) NOT NULL PRIMARY KEY, host VARCHAR(255) NOT NULL, pid BIGINT NOT NULL, "
        + "config_file VARCHAR(1000) NOT NULL, config_version BIGINT NOT NULL, config_hash VARCHAR(64) NOT NULL, "
        + "phases VARCHAR(4000) NOT NULL, unmirrored VARCHAR(4000) NOT NULL, last_error VARCHAR(1000), "
        + "started_at BIGINT NOT NULL, seen_at BIGINT NOT NULL, read_stats VARCHAR(4000)");
    addColumn(c, instances(), "read_stats", "VARCHAR(4000)"); // tables made before read routing lack it
  }

  /**
   * Creates {@code table} (qualified) unless it exists, and the state schema first. Where the
   * schema cannot be created, says once what to create and by whom.
   */
  public void create(Connection c, String table, String columns) throws SQLException {
    if (exists(c, table)) return;
    ensureSchema(c);
    createTable(c, table, columns);
  }

  private void ensureSchema(Connection c) throws SQLException {
    boolean mariaDb = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).matches(".*(mariadb|mysql).*");
    try (Statement s = c.createStatement()) {
      s.execute((mariaDb ? "CREATE DATABASE IF NOT EXISTS " : "CREATE SCHEMA IF NOT EXISTS ") + schema);
      if (!c.getAutoCommit()) c.commit();
    } catch (SQLException e) {
      rollbackQuietly(c);
      if (schemaExists(c, mariaDb)) return; // made by someone else meanwhile, or there all along without the right to create
      String what = mariaDb ? "CREATE DATABASE " + schema + "; GRANT ALL ON " + schema + ".* TO <the application's user>"
          : "CREATE SCHEMA " + schema + " AUTHORIZATION <the application's user>";
      if (SAID.add(schema)) {
        LOG.error("Shunt keeps its state in {} '{}', which does not exist and which this user may not create; "
            + "an administrator should run: {} (or set state.schema in the toggle file to a schema the user may write)",
            mariaDb ? "database" : "schema", schema, what);
      }
      throw new SQLException("Shunt's state " + (mariaDb ? "database" : "schema") + " '" + schema + "' does not exist and cannot be "
          + "created by this user: run " + what + ", or set state.schema in the toggle file", "42000", e);
    }
  }

  private boolean schemaExists(Connection c, boolean mariaDb) {
    try (java.sql.PreparedStatement ps = c.prepareStatement(
        "SELECT 1 FROM information_schema.schemata WHERE " + (mariaDb ? "schema_name = ?" : "LOWER(schema_name) = LOWER(?)"))) {
      ps.setString(1, schema);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      rollbackQuietly(c);
      return false;
    }
  }

  /** Adds a nullable column to a table of an earlier version, once; tolerates a concurrent add. */
  private static void addColumn(Connection c, String table, String column, String type) throws SQLException {
    if (columnExists(c, table, column)) return;
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
      if (!c.getAutoCommit()) c.commit();
    } catch (SQLException raced) {
      rollbackQuietly(c);
      if (!columnExists(c, table, column)) throw raced;
    }
  }

  private static boolean columnExists(Connection c, String table, String column) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      rollbackQuietly(c);
      return false;
    }
  }

  /** True when {@code table} exists and this connection may read it. */
  public static boolean exists(Connection c, String table) {
    try (Statement s = c.createStatement()) {
      s.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      rollbackQuietly(c); // PostgreSQL aborts the transaction on the failed probe
      return false;
    }
  }

  /**
   * Creates {@code table} unless it exists; another session creating it at the same moment
   * (PostgreSQL fails one of them on its catalog's unique index) is not an error.
   */
  private static void createTable(Connection c, String table, String columns) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + table + " (" + columns + ")");
      if (!c.getAutoCommit()) c.commit();
    } catch (SQLException raced) {
      rollbackQuietly(c);
      if (!exists(c, table)) throw raced;
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.getAutoCommit()) c.rollback();
    } catch (SQLException ignored) {
      // the caller's next statement reports a broken connection
    }
  }
}
