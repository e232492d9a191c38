package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies row images from the primary database to a secondary one: reads the old rows by key on
 * the primary (inside the application's transaction, whose locks keep them as they will
 * commit), then upserts them into the new table with the {@code columns} transforms evaluated by
 * the secondary itself, and deletes the keys the primary no longer has. The caller commits the
 * secondary before the primary.
 */
final class CrossDatabaseCopy {
  private final Migration m;
  private final Dialect primary;
  private final Dialect secondary;

  CrossDatabaseCopy(Migration m, Dialect primary, Dialect secondary) {
    this.m = m;
    this.primary = primary;
    this.secondary = secondary;
  }

  /** Old rows by key (absent keys have no entry), with every column as the primary stores it. */
  Images read(Connection primaryConnection, List<Object[]> keys) throws SQLException {
    Images images = new Images();
    for (int from = 0; from < keys.size(); from += SameDatabaseCopy.CHUNK) {
      List<Object[]> chunk = keys.subList(from, Math.min(keys.size(), from + SameDatabaseCopy.CHUNK));
      // a locking read returns the current row, not the transaction's REPEATABLE READ snapshot
      String sql = "SELECT * FROM " + primary.quote(m.oldTable()) + " WHERE " + Keys.in(primary, m.oldKey(), chunk.size())
          + primary.exclusiveLock();
      try (PreparedStatement ps = primaryConnection.prepareStatement(sql)) {
        Keys.bind(ps, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData md = rs.getMetaData();
          if (images.columns == null) images.columns(md);
          Map<String, Integer> keyColumns = new HashMap<>();
          for (String k : m.oldKey()) keyColumns.put(k, images.indexOf(k));
          while (rs.next()) {
            Object[] row = new Object[images.columns.size()];
            for (int c = 0; c < row.length; c++) row[c] = Keys.portable(rs, c + 1);
            Object[] key = new Object[m.oldKey().size()];
            for (int k = 0; k < key.length; k++) key[k] = row[keyColumns.get(m.oldKey().get(k))];
            images.rows.put(Keys.id(key), row);
          }
        }
      }
    }
    heldByPrimary(primaryConnection, keys, images);
    return images;
  }

  /**
   * Keys the primary holds although no row came back with that exact text ({@code 'abc'} for a
   * row stored as {@code 'ABC'} under a case-insensitive collation, {@code '007'} for 7): key
   * equality is the database's, so each such key is asked of the primary one by one (rare), and
   * one it holds is never deleted from the secondary.
   */
  private void heldByPrimary(Connection primaryConnection, List<Object[]> keys, Images images) throws SQLException {
    String sql = null;
    for (Object[] key : keys) {
      List<String> id = Keys.id(key);
      if (images.rows.containsKey(id) || images.heldByPrimary.contains(id)) continue;
      if (sql == null) sql = "SELECT 1 FROM " + primary.quote(m.oldTable()) + " WHERE " + Keys.in(primary, m.oldKey(), 1);
      try (PreparedStatement ps = primaryConnection.prepareStatement(sql)) {
        Keys.bind(ps, List.<Object[]>of(key));
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) images.heldByPrimary.add(id);
        }
      }
    }
  }

  /** Makes the secondary hold the transformed {@code images} for {@code keys}. Does not commit. */
  void write(Connection secondaryConnection, List<Object[]> keys, Images images) throws SQLException {
    List<Object[]> present = new ArrayList<>();
    List<Object[]> absent = new ArrayList<>();
    Map<List<String>, Object[]> unique = new LinkedHashMap<>();
    for (Object[] key : keys) unique.putIfAbsent(Keys.id(key), key);
    present.addAll(images.rows.values()); // every row the primary returned, under the key it stores
    for (Map.Entry<List<String>, Object[]> e : unique.entrySet()) {
      if (!images.rows.containsKey(e.getKey()) && !images.heldByPrimary.contains(e.getKey())) absent.add(e.getValue());
    }
    for (int from = 0; from < present.size(); from += SameDatabaseCopy.CHUNK) {
      List<Object[]> chunk = present.subList(from, Math.min(present.size(), from + SameDatabaseCopy.CHUNK));
      {
        try (PreparedStatement ps = secondaryConnection.prepareStatement(upsert(images, chunk.size(), guarded(secondaryConnection)))) {
          int i = 1;
          for (Object[] row : chunk) {
            for (int c = 0; c < row.length; c++) {
              if (row[c] == null) ps.setNull(i++, images.types.get(c) == Types.OTHER ? Types.VARCHAR : images.types.get(c));
              else ps.setObject(i++, row[c]);
            }
          }
          ps.executeUpdate();
        }
      }
    }
    boolean guarded = guarded(secondaryConnection);
    for (int from = 0; from < absent.size(); from += SameDatabaseCopy.CHUNK) {
      List<Object[]> chunk = absent.subList(from, Math.min(absent.size(), from + SameDatabaseCopy.CHUNK));
      String sql = "DELETE FROM " + secondary.quote(m.newTable()) + " WHERE " + Keys.in(secondary, m.newKey(), chunk.size());
      try (PreparedStatement ps = secondaryConnection.prepareStatement(sql)) {
        Keys.bind(ps, chunk);
        ps.executeUpdate();
      }
    }
    if (guarded) refusedRows(secondaryConnection, present, images);
  }

  private Boolean guarded; // read once: does the new table have unique indexes besides its key?
  private List<List<String>> others; // the new table's unique indexes besides its key, read with guarded

  private boolean guarded(Connection secondaryConnection) throws SQLException {
    if (guarded == null) {
      others = SameDatabaseCopy.otherUniqueIndexes(secondaryConnection, m, secondary);
      guarded = secondary == Dialect.MARIADB && !others.isEmpty();
    }
    return guarded;
  }

  /** Fails, as the new table's refusal, when fewer of the copied rows' keys are in the new table than were copied. */
  private void refusedRows(Connection secondaryConnection, List<Object[]> present, Images images) throws SQLException {
    for (int from = 0; from < present.size(); from += SameDatabaseCopy.CHUNK) {
      List<Object[]> chunk = present.subList(from, Math.min(present.size(), from + SameDatabaseCopy.CHUNK));
      List<Object[]> keys = new ArrayList<>();
      for (Object[] row : chunk) {
        Object[] key = new Object[m.oldKey().size()];
        for (int k = 0; k < key.length; k++) key[k] = row[images.indexOf(m.oldKey().get(k))];
        keys.add(key);
      }
      String sql = "SELECT COUNT(*) FROM " + secondary.quote(m.newTable()) + " WHERE " + Keys.in(secondary, m.newKey(), keys.size());
      try (PreparedStatement ps = secondaryConnection.prepareStatement(sql)) {
        Keys.bind(ps, keys);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getLong(1) < keys.size()) throw SameDatabaseCopy.refused(m, keys.size() - rs.getLong(1), others);
        }
      }
    }
  }

  /**
   * INSERT INTO new (c…) SELECT e… FROM (SELECT ? AS old1, ? AS old2 … UNION ALL …) shunt_src
   * plus the secondary's upsert clause: the primary's values go in as parameters and the
   * secondary evaluates the transforms.
   */
  private String upsert(Images images, int rows, boolean guarded) {
    return SameDatabaseCopy.transformInto(m, secondary, secondary.derivedParameterRows(images.columns, rows, "shunt_src"), guarded);
  }

  /** Rows read from the primary, by key identity. */
  static final class Images {
    List<String> columns;
    List<Integer> types;
    final Map<List<String>, Object[]> rows = new LinkedHashMap<>();
    final java.util.Set<List<String>> heldByPrimary = new java.util.HashSet<>(); // asked keys the primary holds under another text

    void columns(ResultSetMetaData md) throws SQLException {
      columns = new ArrayList<>();
      types = new ArrayList<>();
      for (int c = 1; c <= md.getColumnCount(); c++) {
        columns.add(md.getColumnLabel(c));
        types.add(md.getColumnType(c));
      }
    }

    int indexOf(String column) {
      for (int i = 0; i < columns.size(); i++) if (columns.get(i).equalsIgnoreCase(column)) return i;
      throw new IllegalStateException("the old table has no column " + column);
    }
  }
}
