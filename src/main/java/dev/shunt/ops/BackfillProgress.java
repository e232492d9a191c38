package dev.shunt.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** How far a migration's backfill has come, as recorded in the old database. */
public final class BackfillProgress {
  public final long plannedRows;
  public final long rowsCopied;
  public final int chunks;
  public final int chunksDone;
  public final boolean finished;

  BackfillProgress(long plannedRows, long rowsCopied, int chunks, int chunksDone, boolean finished) {
    this.plannedRows = plannedRows;
    this.rowsCopied = rowsCopied;
    this.chunks = chunks;
    this.chunksDone = chunksDone;
    this.finished = finished;
  }

  /** The recorded progress, or empty when no backfill of {@code migration} has started. */
  public static Optional<BackfillProgress> read(Connection old, StateTables state, String migration) throws SQLException {
    if (!StateTables.exists(old, state.backfillRuns())) return Optional.empty();
    long planned;
    int chunks;
    boolean finished;
    try (PreparedStatement ps = old.prepareStatement("SELECT planned_rows, chunks, finished_at FROM "
        + state.backfillRuns() + " WHERE migration = ?")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        planned = rs.getLong(1);
        chunks = rs.getInt(2);
        rs.getLong(3);
        finished = !rs.wasNull();
      }
    }
    try (PreparedStatement ps = old.prepareStatement("SELECT COALESCE(SUM(rows_copied), 0), COALESCE(SUM(finished), 0) FROM "
        + state.backfillChunks() + " WHERE migration = ?")) {
      ps.setString(1, migration);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return Optional.of(new BackfillProgress(planned, rs.getLong(1), chunks, rs.getInt(2), finished));
      }
    }
  }

  @Override public String toString() {
    if (finished) return "finished, " + rowsCopied + " rows copied";
    return chunksDone + "/" + chunks + " chunks, " + rowsCopied + " of about " + plannedRows + " rows";
  }
}
