package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the new table hold the transformed image of the old rows with the given keys, when both
 * live in one database, with server-side statements so no row crosses the wire:
 * an upsert from {@code INSERT … SELECT <columns> FROM old}, then a
 * delete of the keys old no longer has. On a same-table migration it updates the new columns.
 * Runs on the application's connection, inside its transaction.
 */
final class SameDatabaseCopy {
  static final int CHUNK = 500;

  private final Migration m;
  private final Dialect d;
  private final String oldTable;
  private final String newTable;

  SameDatabaseCopy(Migration m, Dialect d) {
    this.m = m;
    this.d = d;
    this.oldTable = d.quote(m.oldTable());
    this.newTable = d.quote(m.newTable());
  }

  void copy(Connection c, List<Object[]> keys) throws SQLException {
    copy(c, keys, MirrorPlan.Presence.UNKNOWN);
  }

  /**
   * {@code presence}: what the statement left on the primary for these keys. Rows certainly there
   * need only the upsert, keys certainly deleted only the delete: one statement fewer per write.
   */
  void copy(Connection c, List<Object[]> keys, MirrorPlan.Presence presence) throws SQLException {
    boolean guarded = guarded(c);
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      if (m.sameTable()) {
        run(c, updateNewColumns(chunk.size()), chunk);
      } else {
        if (presence != MirrorPlan.Presence.NO_ROWS) run(c, transformInto(m, d, oldTable + " WHERE " + Keys.in(d, m.oldKey(), chunk.size()), guarded), chunk);
        if (presence != MirrorPlan.Presence.ROWS) run(c, deleteVanished(chunk.size()), chunk);
        if (guarded) refusedRows(c, chunk);
      }
    }
  }

  private Boolean guarded; // the new table has a unique index other than its key (MariaDB only), read once
  private List<List<String>> others; // the new table's unique indexes besides its key, read with guarded

  /**
   * True when a MariaDB upsert into the new table could fire on another unique index than the
   * key: {@code ON DUPLICATE KEY UPDATE} fires on any, and would then overwrite another row. Such
   * copies are guarded (see {@link #transformInto}) and checked for rows the new table refused.
   */
  boolean guarded(Connection c) throws SQLException {
    if (guarded == null) {
      others = otherUniqueIndexes(c, m, d);
      guarded = d == Dialect.MARIADB && !m.sameTable() && !others.isEmpty();
    }
    return guarded;
  }

  /** The new table's unique indexes other than its key, as column lists. */
  static List<List<String>> otherUniqueIndexes(Connection c, Migration m, Dialect d) throws SQLException {
    java.util.Set<String> key = new java.util.HashSet<>();
    for (String k : m.newKey()) key.add(k.toLowerCase(java.util.Locale.ROOT));
    List<List<String>> out = new java.util.ArrayList<>();
    for (List<String> index : new UniqueIndexes(d).of(c, m.reversed())) {
      java.util.Set<String> cols = new java.util.HashSet<>();
      for (String col : index) cols.add(col.toLowerCase(java.util.Locale.ROOT));
      if (!cols.equals(key)) out.add(index);
    }
    return out;
  }

  /** Fails, as the new table's refusal, when old holds rows of {@code keys} that new lacks after the copy: a unique index refused them. */
  private void refusedRows(Connection c, List<Object[]> keys) throws SQLException {
    String sql = "SELECT COUNT(*) FROM " + oldTable + " WHERE " + Keys.in(d, m.oldKey(), keys.size()) + " AND NOT EXISTS (SELECT 1 FROM "
        + newTable + " shunt_n WHERE " + keyJoin("shunt_n", oldTable) + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Keys.bind(ps, keys);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getLong(1) > 0) throw refused(m, rs.getLong(1), others);
      }
    }
  }

  /**
   * The new table's refusal of {@code rows} rows; {@code others} (its unique indexes besides the
   * key) names the index when there is only one, the way MariaDB names it ("for key '…'").
   */
  static SQLException refused(Migration m, long rows, List<List<String>> others) {
    String index = others != null && others.size() == 1 ? " for key '" + String.join("_", others.get(0)) + "'" : "";
    return new java.sql.SQLIntegrityConstraintViolationException("the new table " + m.newTable() + " refused " + rows
        + " row(s) of migration '" + m.name() + "': a unique index the old table lacks" + index
        + " (a conflict: no other row was changed)", "23000", 1062);
  }

  /**
   * Like {@link #copy}, for keys whose old rows exist and are locked by the caller (a backfill
   * batch): one server-side upsert per chunk, no delete pass.
   */
  void copyExisting(Connection c, List<Object[]> keys) throws SQLException {
    boolean guarded = guarded(c);
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      run(c, m.sameTable() ? updateNewColumns(chunk.size())
          : transformInto(m, d, oldTable + " WHERE " + Keys.in(d, m.oldKey(), chunk.size()), guarded), chunk);
      if (guarded) refusedRows(c, chunk);
    }
  }

  /**
   * For a backfill batch on MariaDB whose locking read has locked a whole key range, rows and gaps
   * (next-key locks under REPEATABLE READ): one server-side upsert of every old row in the range,
   * {@code where} being the range's predicate on old's key, bound by {@code binder}.
   */
  void copyLockedRange(Connection c, String where, KeyCopy.Binder binder) throws SQLException {
    boolean guarded = guarded(c);
    String sql = m.sameTable() ? updateNewColumnsWhere(where) : transformInto(m, d, oldTable + " WHERE " + where, guarded);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    }
    if (!guarded) return;
    // the old rows of the range the new table does not hold after the copy: refused by a unique index
    String missing = "SELECT COUNT(*) FROM " + oldTable + " WHERE (" + where + ") AND NOT EXISTS (SELECT 1 FROM " + newTable
        + " shunt_n WHERE " + keyJoin("shunt_n", oldTable) + ")";
    try (PreparedStatement ps = c.prepareStatement(missing)) {
      binder.bind(ps);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        if (rs.next() && rs.getLong(1) > 0) throw refused(m, rs.getLong(1), others);
      }
    }
  }

  /** {@code n.newKey1 = old.oldKey1 AND …}. */
  private String keyJoin(String newAlias, String oldQualifier) {
    StringBuilder join = new StringBuilder();
    for (int i = 0; i < m.oldKey().size(); i++) {
      if (i > 0) join.append(" AND ");
      join.append(newAlias).append('.').append(d.quote(m.newKey().get(i))).append(" = ").append(oldQualifier).append('.').append(d.quote(m.oldKey().get(i)));
    }
    return join.toString();
  }

  private static void run(Connection c, String sql, List<Object[]> keys) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Keys.bind(ps, keys);
      ps.executeUpdate();
    }
  }

  /** INSERT INTO new (c…) SELECT e… FROM old WHERE key IN (…) + the dialect's upsert clause. */
  String upsert(int keyCount) {
    return transformInto(m, d, oldTable + " WHERE " + Keys.in(d, m.oldKey(), keyCount));
  }

  /**
   * {@code INSERT INTO new (c…) SELECT e… FROM <source>} with {@code target}'s upsert clause on the
   * new key: the new side's image of every old-shaped row {@code source} yields, with the
   * {@code columns} transforms evaluated by the database that runs it.
   */
  static String transformInto(Migration m, Dialect target, String source) {
    return transformInto(m, target, source, false);
  }

  /**
   * As above; {@code guarded} (MariaDB, a new table with unique indexes besides its key): the
   * {@code ON DUPLICATE KEY UPDATE} assigns only where the row it hit has the copy's own key, so a
   * hit on another unique index changes nothing. The refused row is then missing, which the
   * caller checks for.
   */
  static String transformInto(Migration m, Dialect target, String source, boolean guarded) {
    StringBuilder cols = new StringBuilder();
    StringBuilder exprs = new StringBuilder();
    List<String> update = new ArrayList<>();
    for (Map.Entry<String, String> e : m.columns().entrySet()) {
      if (cols.length() > 0) {
        cols.append(", ");
        exprs.append(", ");
      }
      cols.append(target.quote(e.getKey()));
      exprs.append('(').append(e.getValue()).append(')');
      if (!containsIgnoreCase(m.newKey(), e.getKey())) update.add(e.getKey());
    }
    String insert = "INSERT INTO " + target.quote(m.newTable()) + " (" + cols + ") SELECT " + exprs + " FROM " + source;
    if (guarded && target == Dialect.MARIADB) return guardedUpsert(insert, m, target, update);
    return target.upsert(insert, m.newKey(), update);
  }

  private static String guardedUpsert(String insert, Migration m, Dialect target, List<String> update) {
    // qualified: the SELECT's source may have columns of the same names
    String table = target.quote(m.newTable());
    StringBuilder own = new StringBuilder();
    for (String k : m.newKey()) {
      own.append(own.length() > 0 ? " AND " : "").append(table).append('.').append(target.quote(k))
          .append(" = VALUES(").append(target.quote(k)).append(')');
    }
    StringBuilder sb = new StringBuilder(insert).append(" ON DUPLICATE KEY UPDATE ");
    List<String> cols = update.isEmpty() ? m.newKey() : update;
    for (int i = 0; i < cols.size(); i++) {
      String c = target.quote(cols.get(i));
      // the key is not assigned, so every IF reads the hit row's own key
      sb.append(i > 0 ? ", " : "").append(table).append('.').append(c).append(" = IF(").append(own).append(", VALUES(").append(c)
          .append("), ").append(table).append('.').append(c).append(')');
    }
    return sb.toString();
  }

  /** DELETE FROM new WHERE key IN (…) AND NOT EXISTS (the old row). */
  String deleteVanished(int keyCount) {
    StringBuilder join = new StringBuilder();
    for (int i = 0; i < m.oldKey().size(); i++) {
      if (i > 0) join.append(" AND ");
      join.append("shunt_old.").append(d.quote(m.oldKey().get(i))).append(" = ")
          .append(newTable).append('.').append(d.quote(m.newKey().get(i)));
    }
    return "DELETE FROM " + newTable + " WHERE " + Keys.in(d, m.newKey(), keyCount)
        + " AND NOT EXISTS (SELECT 1 FROM " + oldTable + " shunt_old WHERE " + join + ")";
  }

  /** UPDATE old SET new_col = expr… WHERE key IN (…), for new columns on the old table. */
  String updateNewColumns(int keyCount) { return updateNewColumnsWhere(Keys.in(d, m.oldKey(), keyCount)); }

  private String updateNewColumnsWhere(String where) {
    StringBuilder set = new StringBuilder();
    for (Map.Entry<String, String> e : m.columns().entrySet()) {
      if (containsIgnoreCase(m.oldKey(), e.getKey()) || e.getValue().trim().equalsIgnoreCase(e.getKey())) continue;
      if (set.length() > 0) set.append(", ");
      set.append(d.quote(e.getKey())).append(" = (").append(e.getValue()).append(')');
    }
    return "UPDATE " + oldTable + " SET " + set + " WHERE " + where;
  }


  private static boolean containsIgnoreCase(List<String> list, String s) {
    for (String x : list) if (x.equalsIgnoreCase(s)) return true;
    return false;
  }
}
