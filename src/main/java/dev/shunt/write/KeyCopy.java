package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.sql.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Copies the current old images of given keys into the new side, for tools outside the write
 * path (backfill, repair from verify). The caller holds the old rows' locks in its transaction and
 * commits: the new side first, then old, as the dual writes do.
 */
public final class KeyCopy {
  private final Migration m;
  private final Dialect oldDialect;
  private final Dialect newDialect;

  /** {@code newDialect} null: the new table lives in the old database. */
  public KeyCopy(Migration m, Dialect oldDialect, Dialect newDialect) {
    this.m = m;
    this.oldDialect = oldDialect;
    this.newDialect = newDialect;
  }

  /** One database, keys whose old rows the caller has just locked: a server-side upsert from old. */
  public void copyLockedWithin(Connection c, List<Object[]> keys) throws SQLException {
    new SameDatabaseCopy(m, oldDialect).copyExisting(c, keys);
  }

  /** Binds the parameters of a predicate. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /**
   * One MariaDB database, a key range whose rows and gaps the caller has locked in its REPEATABLE
   * READ transaction: one server-side upsert of every old row matching {@code where}.
   */
  public void copyLockedRangeWithin(Connection c, String where, Binder binder) throws SQLException {
    new SameDatabaseCopy(m, oldDialect).copyLockedRange(c, where, binder);
  }

  /** Two databases: read the images on old (locking), write them to {@code newSide} (no commit). */
  public void copyAcross(Connection old, Connection newSide, List<Object[]> keys) throws SQLException {
    CrossDatabaseCopy copy = new CrossDatabaseCopy(m, oldDialect, newDialect);
    copy.write(newSide, keys, copy.read(old, keys));
  }
}
