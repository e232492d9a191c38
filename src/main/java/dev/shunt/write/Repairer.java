package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.WriteMode;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Drains the repair queue: for each queued key, lock the old row, copy its current image (or its
 * absence) to the new side, and remove the entry, one primary transaction per migration. The row
 * lock makes a concurrent application write wait, so its own mirror lands after the repair. When
 * a migration's keys fail together, they are copied one by one, so a key the new side refuses
 * stays queued with its reason while the others are repaired.
 */
public final class Repairer {
  private final SideConnections primary;
  private final Dialect dialect;
  private final RepairQueue queue;
  private final Supplier<ShuntConfig> config;

  public Repairer(SideConnections primary, Dialect dialect, RepairQueue queue, Supplier<ShuntConfig> config) {
    this.primary = primary;
    this.dialect = dialect;
    this.queue = queue;
    this.config = config;
  }

  /** Repairs up to {@code limit} queued keys; returns how many entries were resolved. */
  public int drainOnce(int limit) throws SQLException { return drainOnce(limit, null, null); }

  /** As {@link #drainOnce(int)}, for the entries of migration {@code only} alone when it is not null. */
  public int drainOnce(int limit, String only) throws SQLException { return drainOnce(limit, only, null); }

  /**
   * As {@link #drainOnce(int, String)}; also adds the entries resolved per migration to
   * {@code perMigration} when it is not null.
   */
  public int drainOnce(int limit, String only, Map<Migration, Integer> perMigration) throws SQLException {
    failures.clear(); // what this pass could not copy; a key that still fails is found again
    ShuntConfig cfg = config.get();
    try (Connection p = primary.open()) {
      p.setAutoCommit(true);
      queue.ensureTable(p);
      queue.importLocalFile(p); // entries a driver could not queue in the table
      p.setAutoCommit(false);
      try {
        Map<String, Map<List<String>, Object[]>> keys = new LinkedHashMap<>();
        Map<String, List<Long>> ids = new LinkedHashMap<>();
        Map<String, Map<List<String>, List<Long>>> idsByKey = new LinkedHashMap<>();
        // no lock on the queue itself: writers enqueue on side connections while they hold row
        // locks this pass may wait for. Two repairers copying one key is harmless (idempotent).
        List<Migration> eligible = new ArrayList<>();
        for (Migration m : cfg.migrations().values()) {
          if (m.writes().writesBothSides() && (only == null || only.equals(m.name()))) eligible.add(m);
        }
        if (eligible.isEmpty()) {
          p.commit();
          return 0;
        }
        // only entries this configuration can copy, in the direction they were queued for: an
        // entry queued toward new while old was primary must never copy a stale old row over a
        // new primary, and entries that cannot be copied now must not block the queue's head
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < eligible.size(); i++) where.append(i > 0 ? " OR " : "").append("(migration = ? AND toward = ?)");
        try (PreparedStatement ps = p.prepareStatement("SELECT id, migration, key_values FROM " + queue.table()
            + " WHERE " + where + " ORDER BY id LIMIT " + limit)) {
          for (int i = 0; i < eligible.size(); i++) {
            ps.setString(2 * i + 1, eligible.get(i).name());
            ps.setString(2 * i + 2, RepairQueue.towardOf(eligible.get(i)));
          }
          readEntries(ps, keys, ids, idsByKey);
        }
        p.commit();
        int done = 0;
        for (Map.Entry<String, Map<List<String>, Object[]>> e : keys.entrySet()) {
          Migration m = cfg.migrations().get(e.getKey());
          int deleted;
          try {
            copy(p, cfg, m, new ArrayList<>(e.getValue().values()));
            deleted = delete(p, ids.get(e.getKey()));
            p.commit();
          } catch (SQLException batchFailed) {
            p.rollback();
            // one key that cannot be copied must not hold up the others: key by key, each alone
            deleted = keyByKey(p, cfg, m, e.getValue(), idsByKey.get(e.getKey()));
          }
          done += deleted;
          if (perMigration != null && deleted > 0) perMigration.merge(m, deleted, Integer::sum);
        }
        return done;
      } catch (SQLException | RuntimeException e) {
        p.rollback();
        throw e;
      }
    }
  }

  private static void readEntries(PreparedStatement ps, Map<String, Map<List<String>, Object[]>> keys,
      Map<String, List<Long>> ids, Map<String, Map<List<String>, List<Long>>> idsByKey) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(2);
        Object[] key = KeyCodec.decode(rs.getString(3));
        keys.computeIfAbsent(name, k -> new LinkedHashMap<>()).putIfAbsent(Keys.id(key), key);
        ids.computeIfAbsent(name, k -> new ArrayList<>()).add(rs.getLong(1));
        idsByKey.computeIfAbsent(name, k -> new LinkedHashMap<>()).computeIfAbsent(Keys.id(key), k -> new ArrayList<>()).add(rs.getLong(1));
      }
    }
  }

  /** A key that could not be copied: the migration, the key and why (class, SQLState, vendor code: no value). */
  public static final class Failure {
    public final String migration;
    public final String key;
    public final String reason;

    Failure(String migration, String key, String reason) {
      this.migration = migration;
      this.key = key;
      this.reason = reason;
    }

    @Override public String toString() { return migration + " key " + key + ": " + reason; }
  }

  private final List<Failure> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The keys the last drain could not copy (left in the queue, their reason recorded there). */
  public List<Failure> failures() { return failures; }

  /**
   * Copies the keys one at a time, each in its own transaction; a key that fails stays queued with
   * the failure as its reason, and is reported. Returns how many entries were resolved.
   */
  private int keyByKey(Connection p, ShuntConfig cfg, Migration m, Map<List<String>, Object[]> keys,
      Map<List<String>, List<Long>> ids) throws SQLException {
    int done = 0;
    for (Map.Entry<List<String>, Object[]> k : keys.entrySet()) {
      List<Long> entryIds = ids.get(k.getKey());
      try {
        copy(p, cfg, m, List.<Object[]>of(k.getValue()));
        done += delete(p, entryIds);
        p.commit();
      } catch (SQLException e) {
        p.rollback();
        String reason = "repair failed: " + Failures.describe(e, cfg.logValues());
        failures.add(new Failure(m.name(), KeyCodec.encode(k.getValue()), reason));
        markFailed(p, entryIds, reason);
        p.commit();
      }
    }
    return done;
  }

  private void markFailed(Connection p, List<Long> entryIds, String reason) throws SQLException {
    StringBuilder sql = new StringBuilder("UPDATE " + queue.table() + " SET reason = ? WHERE id IN (");
    for (int i = 0; i < entryIds.size(); i++) sql.append(i > 0 ? ", ?" : "?");
    try (PreparedStatement ps = p.prepareStatement(sql.append(')').toString())) {
      ps.setString(1, reason.length() > 500 ? reason.substring(0, 500) : reason);
      for (int i = 0; i < entryIds.size(); i++) ps.setLong(i + 2, entryIds.get(i));
      ps.executeUpdate();
    }
  }

  private void copy(Connection p, ShuntConfig cfg, Migration m, List<Object[]> keys) throws SQLException {
    if (m.writes() == WriteMode.NEW_PRIMARY) {
      copyBack(p, cfg, m, keys);
      return;
    }
    SameDatabaseCopy same = new SameDatabaseCopy(m, dialect);
    lock(p, dialect, m, keys);
    if (cfg.newDatabase() == null) {
      same.copy(p, keys);
      return;
    }
    CrossDatabaseCopy cross = new CrossDatabaseCopy(m, dialect, Dialect.forUrl(cfg.newDatabase().url()));
    CrossDatabaseCopy.Images images = cross.read(p, keys);
    try (Connection s = SecondarySession.open(cfg.newDatabase())) {
      s.setAutoCommit(false);
      cross.write(s, keys, images);
      s.commit();
    }
  }

  /**
   * New primary: lock the new rows, copy their reverse images to old. Across two databases the old
   * side (this transaction) commits first and the new side's lock is released last.
   */
  private void copyBack(Connection p, ShuntConfig cfg, Migration m, List<Object[]> keys) throws SQLException {
    Migration backwards = m.reversed();
    if (cfg.newDatabase() == null) {
      lock(p, dialect, backwards, keys);
      new SameDatabaseCopy(backwards, dialect).copy(p, keys);
      return;
    }
    Dialect newDialect = Dialect.forUrl(cfg.newDatabase().url());
    try (Connection n = SecondarySession.open(cfg.newDatabase())) {
      n.setAutoCommit(false);
      lock(n, newDialect, backwards, keys);
      CrossDatabaseCopy back = new CrossDatabaseCopy(backwards, newDialect, dialect);
      back.write(p, keys, back.read(n, keys));
      p.commit(); // old first, while the new rows are still locked
      n.commit();
    }
  }

  private static void lock(Connection c, Dialect d, Migration m, List<Object[]> keys) throws SQLException {
    String sql = "SELECT 1 FROM " + d.quote(m.oldTable()) + " WHERE "
        + Keys.in(d, m.oldKey(), keys.size()) + d.exclusiveLock();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Keys.bind(ps, keys);
      ps.executeQuery().close();
    }
  }

  private int delete(Connection p, List<Long> ids) throws SQLException {
    StringBuilder sql = new StringBuilder("DELETE FROM " + queue.table() + " WHERE id IN (");
    for (int i = 0; i < ids.size(); i++) sql.append(i > 0 ? ", ?" : "?");
    try (PreparedStatement ps = p.prepareStatement(sql.append(')').toString())) {
      for (int i = 0; i < ids.size(); i++) ps.setLong(i + 1, ids.get(i));
      return ps.executeUpdate();
    }
  }
}
