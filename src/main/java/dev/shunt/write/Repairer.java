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
 * absence) to the new side, and remove the entry, all in one primary transaction. The row lock
 * makes a concurrent application write wait, so its own mirror lands after the repair.
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
    ShuntConfig cfg = config.get();
    try (Connection p = primary.open()) {
      p.setAutoCommit(true);
      queue.ensureTable(p);
      p.setAutoCommit(false);
      try {
        Map<String, Map<List<String>, Object[]>> keys = new LinkedHashMap<>();
        Map<String, List<Long>> ids = new LinkedHashMap<>();
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
          readEntries(ps, keys, ids);
        }
        int done = 0;
        for (Map.Entry<String, Map<List<String>, Object[]>> e : keys.entrySet()) {
          Migration m = cfg.migrations().get(e.getKey());
          copy(p, cfg, m, new ArrayList<>(e.getValue().values()));
          int deleted = delete(p, ids.get(e.getKey()));
          done += deleted;
          if (perMigration != null && deleted > 0) perMigration.merge(m, deleted, Integer::sum);
        }
        p.commit();
        return done;
      } catch (SQLException | RuntimeException e) {
        p.rollback();
        throw e;
      }
    }
  }

  private static void readEntries(PreparedStatement ps, Map<String, Map<List<String>, Object[]>> keys,
      Map<String, List<Long>> ids) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String name = rs.getString(2);
        Object[] key = KeyCodec.decode(rs.getString(3));
        keys.computeIfAbsent(name, k -> new LinkedHashMap<>()).putIfAbsent(Keys.id(key), key);
        ids.computeIfAbsent(name, k -> new ArrayList<>()).add(rs.getLong(1));
      }
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
