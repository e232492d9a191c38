package dev.shunt.ops;

import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Shunt's own tables in the old database, created on first use. The CLI and every
 * driver instance may create them at the same moment, so a failed CREATE is accepted when the
 * table turns out to exist.
 */
public final class StateTables {
  public static final String BACKFILL_RUNS = "shunt_backfill_runs";
  public static final String BACKFILL_CHUNKS = "shunt_backfill_chunks";
  public static final String VERIFY_RUNS = "shunt_verify_runs";
  public static final String VERIFY_KEYS = "shunt_verify_keys";
  public static final String INSTANCES = "shunt_instances";

  private StateTables() {}

  public static void ensureBackfill(Connection c) throws SQLException {
    create(c, BACKFILL_RUNS, "migration VARCHAR(100) NOT NULL PRIMARY KEY, planned_rows BIGINT NOT NULL, "
        + "chunks INT NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT");
    create(c, BACKFILL_CHUNKS, "migration VARCHAR(100) NOT NULL, chunk_no INT NOT NULL, lo_key VARCHAR(1000), "
        + "hi_key VARCHAR(1000), done_key VARCHAR(1000), finished INT NOT NULL, rows_copied BIGINT NOT NULL, "
        + "owner VARCHAR(200), lease_until BIGINT NOT NULL, PRIMARY KEY (migration, chunk_no)");
  }

  public static void ensureVerify(Connection c, Dialect d) throws SQLException {
    create(c, VERIFY_RUNS, "migration VARCHAR(100) NOT NULL, run_id BIGINT NOT NULL, finished_at BIGINT NOT NULL, "
        + "rows_compared BIGINT NOT NULL, differing BIGINT NOT NULL, missing BIGINT NOT NULL, extra BIGINT NOT NULL, "
        + "PRIMARY KEY (migration, run_id)");
    String id = d == Dialect.POSTGRESQL ? "id BIGSERIAL PRIMARY KEY" : "id BIGINT AUTO_INCREMENT PRIMARY KEY";
    create(c, VERIFY_KEYS, id + ", migration VARCHAR(100) NOT NULL, run_id BIGINT NOT NULL, kind VARCHAR(10) NOT NULL, "
        + "key_values VARCHAR(1000) NOT NULL");
  }

  /** The fleet table: one row per driver instance and toggle file, refreshed by its heartbeat. */
  public static void ensureInstances(Connection c) throws SQLException {
    create(c, INSTANCES, "instance_id VARCHAR(36) NOT NULL PRIMARY KEY, host VARCHAR(255) NOT NULL, pid BIGINT NOT NULL, "
        + "config_file VARCHAR(1000) NOT NULL, config_version BIGINT NOT NULL, config_hash VARCHAR(64) NOT NULL, "
        + "phases VARCHAR(4000) NOT NULL, unmirrored VARCHAR(4000) NOT NULL, last_error VARCHAR(1000), "
        + "started_at BIGINT NOT NULL, seen_at BIGINT NOT NULL, read_stats VARCHAR(4000)");
    addColumn(c, INSTANCES, "read_stats", "VARCHAR(4000)"); // tables made before read routing lack it
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
  public static void create(Connection c, String table, String columns) throws SQLException {
    if (exists(c, table)) return;
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
