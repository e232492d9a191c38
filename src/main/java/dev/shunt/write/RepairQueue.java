package dev.shunt.write;

import dev.shunt.sql.dialect.Dialect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import dev.shunt.log.MigrationMdc;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * Keys whose secondary copy may be wrong, kept durably until a repair copies their current image
 * again: table {@code shunt_repair_queue} in the primary database, written on a
 * side connection so it survives whatever the application's transaction does; a local file
 * when the table cannot be written. Copying again is idempotent, so a key queued needlessly
 * costs one copy and nothing else.
 */
public final class RepairQueue {
  private static final Logger LOG = LoggerFactory.getLogger(RepairQueue.class);

  private final Dialect dialect;
  private final SideConnections side;
  private final Path fallbackFile;
  private final dev.shunt.ops.StateTables state;
  private final String table; // qualified, in the state schema
  private volatile boolean tableReady;

  public RepairQueue(Dialect dialect, SideConnections side, Path fallbackFile, dev.shunt.ops.StateTables state) {
    this.dialect = dialect;
    this.state = state;
    this.table = state.repairQueue();
    this.side = side;
    this.fallbackFile = fallbackFile;
  }

  /**
   * Queues {@code keys} of {@code m}; never throws (the last resort is the local file). The entry
   * records the side to copy toward, the secondary of {@code m}'s write mode when it was queued.
   */
  @SuppressWarnings("try") // the MDC scope is there for its close()
  public void enqueue(dev.shunt.config.Migration m, List<Object[]> keys, String reason) {
    String migration = m.name();
    String direction = towardOf(m);
    try (Connection c = side.open()) {
      c.setAutoCommit(true);
      ensureTable(c);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO " + table + " (migration, toward, key_values, reason) VALUES (?, ?, ?, ?)")) {
        for (Object[] key : keys) {
          ps.setString(1, migration);
          ps.setString(2, direction);
          ps.setString(3, KeyCodec.encode(key));
          ps.setString(4, truncate(reason, 500));
          ps.addBatch();
        }
        ps.executeBatch();
      }
    } catch (SQLException | RuntimeException e) {
      try (MigrationMdc.Scope mdc = MigrationMdc.enter(m)) {
        LOG.error("Shunt cannot write the repair queue table ({}); keeping {} key(s) of migration '{}' in {}",
            Failures.describe(e, false), keys.size(), migration, fallbackFile);
        appendToFile(migration + '\t' + direction, keys, reason);
      }
    }
  }

  /** "new" while old is primary, "old" while new is: the side a repair copies toward. */
  public static String towardOf(dev.shunt.config.Migration m) {
    return m.writes() == dev.shunt.config.WriteMode.NEW_PRIMARY ? "old" : "new";
  }

  /** How many entries of {@code migration} wait in the queue table (0 when there is no table). */
  public static long pending(Connection c, dev.shunt.ops.StateTables state, String migration) throws SQLException {
    if (!dev.shunt.ops.StateTables.exists(c, state.repairQueue())) return 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + state.repairQueue() + " WHERE migration = ?")) {
      ps.setString(1, migration);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /** The queue table, qualified by the state schema. */
  public String table() { return table; }

  void ensureTable(Connection c) throws SQLException {
    if (tableReady) return;
    String id = dialect == Dialect.POSTGRESQL ? "id BIGSERIAL PRIMARY KEY" : "id BIGINT AUTO_INCREMENT PRIMARY KEY";
    state.create(c, table, id + ", migration VARCHAR(100) NOT NULL, toward VARCHAR(3) NOT NULL, "
        + "key_values VARCHAR(2000) NOT NULL, reason VARCHAR(500), enqueued_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP");
    tableReady = true;
  }

  private synchronized void appendToFile(String migration, List<Object[]> keys, String reason) {
    StringBuilder sb = new StringBuilder();
    for (Object[] key : keys) {
      sb.append(migration).append('\t').append(KeyCodec.encode(key)).append('\t').append(truncate(reason, 500).replace('\n', ' ')).append('\n');
    }
    try {
      Files.write(fallbackFile, sb.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      LOG.error("Shunt lost repair entries of migration '{}': cannot write {} either: {}", migration, fallbackFile, e.getMessage());
    }
  }

  private static String truncate(String s, int max) {
    if (s == null) return "";
    return s.length() <= max ? s : s.substring(0, max);
  }
}
