package dev.shunt.backfill;

import dev.shunt.ops.StateTables;
import dev.shunt.write.KeyCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The backfill's plan in the old database: key-range chunks, each with a checkpoint (the last key
 * copied) and a lease (owner and expiry), so any number of processes on any number of hosts split
 * the key space without overlap and take over a dead worker's chunk when its lease ends.
 * Lease times come from each host's clock; hosts are assumed NTP-synchronised
 * to well within the lease.
 */
final class ChunkTable {
  private final String chunkTable; // the state schema's chunk and run tables, qualified
  private final String runTable;

  /** A claimed chunk: keys in (lo, hi], resuming after {@code done}. Null bounds are open. */
  static final class Chunk {
    final int no;
    final Object[] lo;
    final Object[] hi;
    Object[] done;

    Chunk(int no, Object[] lo, Object[] hi, Object[] done) {
      this.no = no;
      this.lo = lo;
      this.hi = hi;
      this.done = done;
    }

    /** The bound the next batch starts after. */
    Object[] resumeAfter() { return done != null ? done : lo; }
  }

  private final String migration;

  ChunkTable(String migration, StateTables state) {
    this.migration = migration;
    this.chunkTable = state.backfillChunks();
    this.runTable = state.backfillRuns();
  }

  String runTable() { return runTable; }

  /** True when a plan for this migration exists (finished or not). */
  boolean planned(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + runTable + " WHERE migration = ?")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  boolean finished(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT finished_at FROM " + runTable + " WHERE migration = ?")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return false;
        rs.getLong(1);
        return !rs.wasNull();
      }
    }
  }

  void forget(Connection c) throws SQLException {
    for (String t : new String[] {chunkTable, runTable}) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + " WHERE migration = ?")) {
        ps.setString(1, migration);
        ps.executeUpdate();
      }
    }
  }

  /**
   * Records the plan: one run row, then the chunks, in one transaction on {@code c} (autocommit
   * off). A second process planning at the same moment waits on the run row's key and then
   * fails with a duplicate key, which the caller takes as "planned by someone else".
   */
  void insertPlan(Connection c, long plannedRows, List<Object[]> boundaries, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + runTable
        + " (migration, planned_rows, chunks, started_at) VALUES (?, ?, ?, ?)")) {
      ps.setString(1, migration);
      ps.setLong(2, plannedRows);
      ps.setInt(3, boundaries.size() + 1);
      ps.setLong(4, now);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + chunkTable
        + " (migration, chunk_no, lo_key, hi_key, done_key, finished, rows_copied, owner, lease_until)"
        + " VALUES (?, ?, ?, ?, NULL, 0, 0, NULL, 0)")) {
      for (int i = 0; i <= boundaries.size(); i++) {
        ps.setString(1, migration);
        ps.setInt(2, i);
        ps.setString(3, i == 0 ? null : KeyCodec.encode(boundaries.get(i - 1)));
        ps.setString(4, i == boundaries.size() ? null : KeyCodec.encode(boundaries.get(i)));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Claims the first unfinished chunk nobody holds a live lease on, or returns null. Autocommit. */
  Chunk claim(Connection c, String owner, long now, long leaseMs) throws SQLException {
    List<Integer> candidates = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT chunk_no FROM " + chunkTable
        + " WHERE migration = ? AND finished = 0 AND (owner IS NULL OR lease_until < ?) ORDER BY chunk_no")) {
      ps.setString(1, migration);
      ps.setLong(2, now);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) candidates.add(rs.getInt(1));
      }
    }
    for (int no : candidates) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + chunkTable + " SET owner = ?, lease_until = ?"
          + " WHERE migration = ? AND chunk_no = ? AND finished = 0 AND (owner IS NULL OR lease_until < ?)")) {
        ps.setString(1, owner);
        ps.setLong(2, now + leaseMs);
        ps.setString(3, migration);
        ps.setInt(4, no);
        ps.setLong(5, now);
        if (ps.executeUpdate() == 1) return read(c, no);
      }
    }
    return null;
  }

  private Chunk read(Connection c, int no) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT lo_key, hi_key, done_key FROM " + chunkTable
        + " WHERE migration = ? AND chunk_no = ?")) {
      ps.setString(1, migration);
      ps.setInt(2, no);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Chunk(no, decode(rs.getString(1)), decode(rs.getString(2)), decode(rs.getString(3)));
      }
    }
  }

  /**
   * Moves the checkpoint inside the batch's transaction; false when the lease was lost (another
   * worker took the chunk over), and the caller must roll back and leave the chunk.
   */
  boolean checkpoint(Connection c, Chunk chunk, String owner, Object[] lastKey, int rows, long now, long leaseMs)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + chunkTable + " SET done_key = ?, rows_copied = rows_copied + ?,"
        + " lease_until = ? WHERE migration = ? AND chunk_no = ? AND owner = ?")) {
      ps.setString(1, KeyCodec.encode(lastKey));
      ps.setLong(2, rows);
      ps.setLong(3, now + leaseMs);
      ps.setString(4, migration);
      ps.setInt(5, chunk.no);
      ps.setString(6, owner);
      return ps.executeUpdate() == 1;
    }
  }

  /** Gives the chunk's lease back (autocommit), when this owner still holds it. */
  void release(Connection c, Chunk chunk, String owner) throws SQLException {
    updateOwned(c, chunk, owner, "owner = NULL, lease_until = 0");
  }

  /** Marks the chunk finished; false when the lease was lost. */
  boolean finish(Connection c, Chunk chunk, String owner) throws SQLException {
    return updateOwned(c, chunk, owner, "finished = 1, owner = NULL") == 1;
  }

  /** {@code UPDATE … SET <set>} of the chunk, only while {@code owner} holds its lease. */
  private int updateOwned(Connection c, Chunk chunk, String owner, String set) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + chunkTable + " SET " + set
        + " WHERE migration = ? AND chunk_no = ? AND owner = ?")) {
      ps.setString(1, migration);
      ps.setInt(2, chunk.no);
      ps.setString(3, owner);
      return ps.executeUpdate();
    }
  }

  /** Unfinished chunks left (held or not). */
  int unfinished(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + chunkTable + " WHERE migration = ? AND finished = 0")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  long rowsCopied(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(rows_copied), 0) FROM " + chunkTable + " WHERE migration = ?")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  void markRunFinished(Connection c, long now) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE " + runTable + " SET finished_at = ? WHERE migration = ? AND finished_at IS NULL")) {
      ps.setLong(1, now);
      ps.setString(2, migration);
      ps.executeUpdate();
    }
  }

  private static Object[] decode(String s) { return s == null ? null : KeyCodec.decode(s); }
}
