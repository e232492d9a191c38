package dev.shunt.backfill;

import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the old table's key space into chunks of about {@code chunkRows} keys by walking the key
 * index: each boundary is the key {@code chunkRows} past the previous one. The last chunk is open
 * above, so rows inserted during the backfill (mirrored anyway) still fall into a chunk.
 */
final class ChunkPlanner {
  private ChunkPlanner() {}

  static long countRows(Connection c, Dialect d, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static List<Object[]> boundaries(Connection c, String table, KeyOrder key, long chunkRows) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    String first = "SELECT " + key.list(null) + " FROM " + table + " ORDER BY " + key.list(null)
        + " LIMIT 1 OFFSET " + (chunkRows - 1);
    String next = "SELECT " + key.list(null) + " FROM " + table + " WHERE " + key.after(null) + " ORDER BY "
        + key.list(null) + " LIMIT 1 OFFSET " + (chunkRows - 1);
    Object[] previous = null;
    while (true) {
      try (PreparedStatement ps = c.prepareStatement(previous == null ? first : next)) {
        if (previous != null) key.bindAfter(ps, 1, previous);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return out;
          previous = key.read(rs, 1);
          out.add(previous);
        }
      }
    }
  }
}
