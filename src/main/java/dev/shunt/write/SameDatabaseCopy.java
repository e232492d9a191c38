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
 * live in one database, with server-side statements so no row crosses the wire
 * (DESIGN-NOTES section 3): an upsert from {@code INSERT … SELECT <columns> FROM old}, then a
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
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      if (m.sameTable()) {
        run(c, updateNewColumns(chunk.size()), chunk);
      } else {
        if (presence != MirrorPlan.Presence.NO_ROWS) run(c, upsert(chunk.size()), chunk);
        if (presence != MirrorPlan.Presence.ROWS) run(c, deleteVanished(chunk.size()), chunk);
      }
    }
  }

  /**
   * Like {@link #copy}, for keys whose old rows exist and are locked by the caller (a backfill
   * batch): one server-side upsert per chunk, no delete pass.
   */
  void copyExisting(Connection c, List<Object[]> keys) throws SQLException {
    for (int from = 0; from < keys.size(); from += CHUNK) {
      List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
      run(c, m.sameTable() ? updateNewColumns(chunk.size()) : upsert(chunk.size()), chunk);
    }
  }

  /**
   * For a backfill batch on MariaDB whose locking read has locked a whole key range, rows and gaps
   * (next-key locks under REPEATABLE READ): one server-side upsert of every old row in the range,
   * {@code where} being the range's predicate on old's key, bound by {@code binder}.
   */
  void copyLockedRange(Connection c, String where, KeyCopy.Binder binder) throws SQLException {
    String sql = m.sameTable() ? updateNewColumnsWhere(where) : transformInto(m, d, oldTable + " WHERE " + where);
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      ps.executeUpdate();
    }
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
    return target.upsert(insert, m.newKey(), update);
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
