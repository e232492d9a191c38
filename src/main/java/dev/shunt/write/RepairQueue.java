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

  /**
   * The last resort: appended and forced to disk before the write that needed it goes on, readable
   * by its owner only (it holds row keys). Imported into the table by the next drain.
   */
  private synchronized void appendToFile(String migration, List<Object[]> keys, String reason) {
    StringBuilder sb = new StringBuilder();
    for (Object[] key : keys) {
      sb.append(migration).append('\t').append(KeyCodec.encode(key)).append('\t').append(truncate(reason, 500).replace('\n', ' ')).append('\n');
    }
    try (java.nio.channels.FileChannel ch = openOwnerOnly(fallbackFile)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    } catch (IOException e) {
      LOG.error("Shunt lost repair entries of migration '{}': cannot write {} either: {}", migration, fallbackFile, e.getMessage());
    }
  }

  private static java.nio.channels.FileChannel openOwnerOnly(Path file) throws IOException {
    java.util.Set<java.nio.file.OpenOption> options = java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
        StandardOpenOption.WRITE);
    try {
      return java.nio.channels.FileChannel.open(file, options, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      return java.nio.channels.FileChannel.open(file, options);
    }
  }

  /** The driver's local queue file for {@code toggle}: beside it, as the drivers write it. */
  public static Path localFile(Path toggle) { return toggle.resolveSibling(toggle.getFileName() + ".repair-queue"); }

  /**
   * Moves the entries of the local file into the table, so that the repairer and {@code shunt
   * repair} drain them like any other: the file is renamed first (a writer appending meanwhile
   * starts a new one), its lines inserted, and the renamed file deleted only once they are in.
   * Returns how many entries were imported.
   */
  public int importLocalFile(Connection c) throws SQLException {
    if (fallbackFile == null || !Files.exists(fallbackFile)) return 0;
    Path taken = fallbackFile.resolveSibling(fallbackFile.getFileName() + ".importing-" + java.util.UUID.randomUUID());
    List<String> lines;
    try {
      Files.move(fallbackFile, taken, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      lines = Files.readAllLines(taken, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return 0; // another drain took it, or it cannot be read here: the next pass tries again
    }
    ensureTable(c);
    int n = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO " + table + " (migration, toward, key_values, reason) VALUES (?, ?, ?, ?)")) {
      for (String line : lines) {
        String[] f = line.split("\t", 4);
        if (f.length < 3) continue;
        ps.setString(1, f[0]);
        ps.setString(2, f[1]);
        ps.setString(3, f[2]);
        ps.setString(4, f.length > 3 ? f[3] : "from the local file");
        ps.addBatch();
        n++;
      }
      if (n > 0) ps.executeBatch();
      if (!c.getAutoCommit()) c.commit();
    } catch (SQLException e) {
      try {
        Files.move(taken, fallbackFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE); // back for the next pass
      } catch (IOException lost) {
        LOG.error("Shunt could not import {} nor put it back: {}", taken, lost.getMessage());
      }
      throw e;
    }
    try {
      Files.delete(taken);
    } catch (IOException e) {
      LOG.warn("Shunt imported {} but could not delete it: {}", taken, e.getMessage());
    }
    return n;
  }

  private static String truncate(String s, int max) {
    if (s == null) return "";
    return s.length() <= max ? s : s.substring(0, max);
  }
}
