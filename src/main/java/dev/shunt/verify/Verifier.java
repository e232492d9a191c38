package dev.shunt.verify;

import dev.shunt.backfill.KeyOrder;
import dev.shunt.config.Migration;
import dev.shunt.ops.StateTables;
import dev.shunt.ops.VerifyRecord;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.KeyCodec;
import dev.shunt.write.SideConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Walks the old table in key-range chunks and compares each chunk, transformed, with the new
 * side. A chunk is read without locks so the application is not slowed; a key
 * that looks different is then checked again with its old row share-locked, which waits out any
 * dual write in flight, so only real differences are reported. The result is recorded for
 * {@code phase} and {@code repair --from-verify}.
 */
public final class Verifier {
  /** What a run found. */
  public static final class Result {
    public final VerifyRecord record;
    public final Map<Difference.Kind, List<Object[]>> keys;

    Result(VerifyRecord record, Map<Difference.Kind, List<Object[]>> keys) {
      this.record = record;
      this.keys = keys;
    }
  }

  private final StateTables state;
  private final Migration m;
  private final SideConnections old;
  private final SideConnections newSide;
  private final Dialect oldDialect;
  private final Dialect newDialect;
  private final boolean twoDatabases;
  private final int chunkRows;
  private static final long RECHECK_MS = 200;

  public Verifier(Migration m, SideConnections old, Dialect oldDialect, SideConnections newSide, Dialect newDialect,
      boolean twoDatabases, int chunkRows, StateTables state) {
    this.m = m;
    this.state = state;
    this.old = old;
    this.newSide = newSide;
    this.oldDialect = oldDialect;
    this.newDialect = newDialect;
    this.twoDatabases = twoDatabases;
    int columns = Math.max(1, m.columns().size() + m.oldKey().size());
    this.chunkRows = twoDatabases ? Math.max(1, Math.min(chunkRows, 30_000 / columns)) : chunkRows;
  }

  /** Compares everything; {@code progress} receives the old rows compared so far. */
  public Result run(LongConsumer progress) throws SQLException {
    RowComparison comparison = new RowComparison(m, oldDialect, newDialect, twoDatabases);
    KeyOrder oldKey = new KeyOrder(m.oldKey(), oldDialect);
    KeyOrder newKey = new KeyOrder(m.newKey(), newDialect);
    String oldTable = oldDialect.quote(m.oldTable());
    String newTable = newDialect.quote(m.newTable());
    List<Difference> found = new ArrayList<>();
    long rows = 0;
    try (Connection o = old.open(); Connection n = twoDatabases ? newSide.open() : null) {
      o.setAutoCommit(true);
      Connection target = n != null ? n : o;
      Object[] after = null;
      while (true) {
        List<Object[]> oldKeys = keys(o, oldTable, oldKey, after, null, chunkRows);
        boolean last = oldKeys.size() < chunkRows;
        Object[] upTo = last ? null : oldKeys.get(oldKeys.size() - 1);
        List<Object[]> candidates = new ArrayList<>(oldKeys);
        if (!m.sameTable()) {
          // new keys in the same range: those old lacks are extra rows
          Map<String, Object[]> seen = new LinkedHashMap<>();
          for (Object[] k : oldKeys) seen.put(KeyCodec.encode(RowComparison.normal(k)), k);
          for (Object[] k : keys(target, newTable, newKey, after, upTo, Integer.MAX_VALUE)) {
            seen.putIfAbsent(KeyCodec.encode(RowComparison.normal(k)), k);
          }
          candidates = new ArrayList<>(seen.values());
        }
        List<Difference> suspects = comparison.compare(o, target, candidates, false);
        if (!suspects.isEmpty()) found.addAll(confirm(comparison, o, n, suspects));
        rows += oldKeys.size();
        progress.accept(rows);
        if (last) break;
        after = upTo;
      }
    }
    Map<Difference.Kind, List<Object[]>> byKind = RowComparison.byKind(found);
    VerifyRecord record = new VerifyRecord(System.currentTimeMillis(), System.currentTimeMillis(), rows,
        byKind.get(Difference.Kind.DIFFERING).size(), byKind.get(Difference.Kind.MISSING).size(),
        byKind.get(Difference.Kind.EXTRA).size());
    record(record, found);
    return new Result(record, byKind);
  }

  /**
   * Re-compares suspects with their old rows share-locked, twice if needed: a PostgreSQL primary
   * does not lock a key that does not exist yet, so a two-database insert in flight (new written,
   * old not yet committed) can look like an extra row once.
   */
  private List<Difference> confirm(RowComparison comparison, Connection o, Connection n, List<Difference> suspects)
      throws SQLException {
    List<Difference> still = confirmOnce(comparison, o, n, suspects);
    if (still.isEmpty()) return still;
    try {
      Thread.sleep(RECHECK_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return still;
    }
    return confirmOnce(comparison, o, n, still);
  }

  private List<Difference> confirmOnce(RowComparison comparison, Connection o, Connection n, List<Difference> suspects)
      throws SQLException {
    List<Object[]> keys = new ArrayList<>();
    for (Difference d : suspects) keys.add(d.key);
    if (n != null && m.newIsPrimary()) waitOutWritesOnNew(n, keys);
    o.setAutoCommit(false);
    try {
      List<Difference> still = comparison.compare(o, n != null ? n : o, keys, true);
      o.commit();
      if (n != null && !n.getAutoCommit()) n.commit();
      return still;
    } catch (SQLException e) {
      o.rollback();
      throw e;
    } finally {
      o.setAutoCommit(true);
    }
  }

  /**
   * With new primary across two databases, a write in flight holds its locks on the new rows and
   * commits old first, new last: locking old waits for nothing. So wait for it on new, one key at
   * a time under autocommit (a shared lock taken and released at once), never holding one key's
   * lock while waiting for another's, so this cannot deadlock with the application.
   */
  private void waitOutWritesOnNew(Connection n, List<Object[]> keys) throws SQLException {
    StringBuilder where = new StringBuilder();
    for (String k : m.newKey()) where.append(where.length() == 0 ? "" : " AND ").append(newDialect.quote(k)).append(" = ?");
    String sql = "SELECT 1 FROM " + newDialect.quote(m.newTable()) + " WHERE " + where + newDialect.sharedLock();
    boolean auto = n.getAutoCommit();
    if (!auto) n.commit();
    n.setAutoCommit(true);
    try (PreparedStatement ps = n.prepareStatement(sql)) {
      for (Object[] key : keys) {
        for (int i = 0; i < key.length; i++) ps.setObject(i + 1, key[i]);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            // the lock was all that was wanted
          }
        }
      }
    } finally {
      n.setAutoCommit(auto);
    }
  }

  /** Up to {@code limit} keys in (after, upTo], in key order. */
  private static List<Object[]> keys(Connection c, String table, KeyOrder key, Object[] after, Object[] upTo, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT ").append(key.list(null)).append(" FROM ").append(table);
    List<String> where = new ArrayList<>();
    if (after != null) where.add(key.after(null));
    if (upTo != null) where.add(key.atOrBefore(null));
    if (!where.isEmpty()) sql.append(" WHERE ").append(String.join(" AND ", where));
    sql.append(" ORDER BY ").append(key.list(null));
    if (limit != Integer.MAX_VALUE) sql.append(" LIMIT ").append(limit);
    List<Object[]> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      if (after != null) i = key.bindAfter(ps, i, after);
      if (upTo != null) key.bindAfter(ps, i, upTo);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(key.read(rs, 1));
      }
    }
    return out;
  }

  private void record(VerifyRecord r, List<Difference> found) throws SQLException {
    try (Connection c = old.open()) {
      c.setAutoCommit(true);
      state.ensureVerify(c, oldDialect);
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + state.verifyKeys()
          + " (migration, run_id, kind, key_values) VALUES (?, ?, ?, ?)")) {
        for (Difference d : found) {
          ps.setString(1, m.name());
          ps.setLong(2, r.runId);
          ps.setString(3, d.kind.name());
          ps.setString(4, KeyCodec.encode(d.key));
          ps.addBatch();
        }
        if (!found.isEmpty()) ps.executeBatch();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + state.verifyRuns()
          + " (migration, run_id, finished_at, rows_compared, differing, missing, extra) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, m.name());
        ps.setLong(2, r.runId);
        ps.setLong(3, r.finishedAt);
        ps.setLong(4, r.rowsCompared);
        ps.setLong(5, r.differing);
        ps.setLong(6, r.missing);
        ps.setLong(7, r.extra);
        ps.executeUpdate();
      }
      c.commit();
    }
  }

  /** The keys the latest run of {@code migration} found, for {@code repair --from-verify}. */
  public static List<Object[]> latestKeys(Connection old, StateTables state, String migration) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    var latest = VerifyRecord.latest(old, state, migration);
    if (latest.isEmpty()) return out;
    try (PreparedStatement ps = old.prepareStatement("SELECT key_values FROM " + state.verifyKeys()
        + " WHERE migration = ? AND run_id = ? ORDER BY id")) {
      ps.setString(1, migration);
      ps.setLong(2, latest.get().runId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(KeyCodec.decode(rs.getString(1)));
      }
    }
    return out;
  }
}
