package dev.shunt.read;

import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.BoundParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Runs one read of one side with the application's parameters, optionally under a deadline. */
final class SideReader {
  private SideReader() {}

  /** Reads every row; {@code timeoutMs > 0} bounds the statement on the server. */
  static Rows rows(Connection c, Dialect d, IndexedSql sql, BoundParameters params, long timeoutMs) throws SQLException {
    try (PreparedStatement ps = prepare(c, d, sql, params, timeoutMs)) {
      return Rows.read(ps.executeQuery());
    }
  }

  /** Prepares {@code sql} with the application's parameters bound; the caller executes and closes it. */
  static PreparedStatement prepare(Connection c, Dialect d, IndexedSql sql, BoundParameters params, long timeoutMs)
      throws SQLException {
    return prepare(c, d, sql, params, timeoutMs, java.sql.ResultSet.TYPE_FORWARD_ONLY);
  }

  /** As above, for a result of {@code resultSetType}. */
  static PreparedStatement prepare(Connection c, Dialect d, IndexedSql sql, BoundParameters params, long timeoutMs,
      int resultSetType) throws SQLException {
    String text = sql.sql();
    if (timeoutMs > 0 && d == Dialect.MARIADB) {
      // MariaDB aborts the statement itself, lock waits included
      text = "SET STATEMENT max_statement_time=" + (timeoutMs / 1000.0) + " FOR " + text;
    }
    PreparedStatement ps = c.prepareStatement(text, resultSetType, java.sql.ResultSet.CONCUR_READ_ONLY);
    try {
      if (timeoutMs > 0 && d != Dialect.MARIADB) ps.setQueryTimeout((int) Math.max(1, (timeoutMs + 999) / 1000));
      for (int i = 0; i < sql.parameterCount(); i++) {
        if (params == null) throw new SQLException("the statement has parameters Shunt did not record");
        params.bind(ps, i + 1, sql.sourceIndex(i));
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /**
   * Reads the secondary on a connection the application's transaction runs on: on PostgreSQL a
   * failed statement would abort that transaction, so the read runs inside a savepoint.
   */
  static Rows guarded(Connection c, Dialect d, boolean inTransaction, IndexedSql sql, BoundParameters params,
      long timeoutMs) throws SQLException {
    if (!inTransaction || d != Dialect.POSTGRESQL) return rows(c, d, sql, params, timeoutMs);
    // the write path's SQL savepoint: it also works in a transaction opened with BEGIN under JDBC autocommit
    dev.shunt.write.Fence fence = dev.shunt.write.Fence.set(c, "shunt_read");
    try {
      Rows r = rows(c, d, sql, params, timeoutMs);
      fence.release();
      return r;
    } catch (SQLException e) {
      try {
        fence.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
