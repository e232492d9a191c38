package dev.shunt.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The result of one finished {@code verify} run, as recorded in the old database. */
public final class VerifyRecord {
  public final long runId;
  public final long finishedAt;
  public final long rowsCompared;
  public final long differing;
  public final long missing;
  public final long extra;

  public VerifyRecord(long runId, long finishedAt, long rowsCompared, long differing, long missing, long extra) {
    this.runId = runId;
    this.finishedAt = finishedAt;
    this.rowsCompared = rowsCompared;
    this.differing = differing;
    this.missing = missing;
    this.extra = extra;
  }

  public boolean clean() { return differing == 0 && missing == 0 && extra == 0; }

  /** The latest finished run of {@code migration}, or empty when verify never finished one. */
  public static Optional<VerifyRecord> latest(Connection old, StateTables state, String migration) throws SQLException {
    if (!StateTables.exists(old, state.verifyRuns())) return Optional.empty();
    try (PreparedStatement ps = old.prepareStatement("SELECT run_id, finished_at, rows_compared, differing, missing, extra FROM "
        + state.verifyRuns() + " WHERE migration = ? ORDER BY run_id DESC")) {
      ps.setString(1, migration);
      ps.setMaxRows(1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(new VerifyRecord(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
      }
    }
  }

  @Override public String toString() {
    return clean() ? "clean (" + rowsCompared + " rows)"
        : differing + " differing, " + missing + " missing, " + extra + " extra of " + rowsCompared + " rows";
  }
}
