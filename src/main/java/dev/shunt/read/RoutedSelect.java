package dev.shunt.read;

import dev.shunt.sql.IndexedSql;
import dev.shunt.write.BoundParameters;
import java.sql.SQLException;
import java.util.List;

/**
 * One SELECT as the read router needs it for one migration snapshot: the new-side text, and the
 * keyed form merge and compare use, or why there is none. Immutable; cached per SQL text.
 */
public final class RoutedSelect {
  private final String unroutable;
  private final IndexedSql newSide;
  private final IndexedSql oldSide;
  private final boolean locking;
  private final Keyed keyed;
  private final String unkeyed;

  private RoutedSelect(String unroutable, IndexedSql oldSide, IndexedSql newSide, boolean locking, Keyed keyed,
      String unkeyed) {
    this.oldSide = oldSide;
    this.unroutable = unroutable;
    this.newSide = newSide;
    this.locking = locking;
    this.keyed = keyed;
    this.unkeyed = unkeyed;
  }

  static RoutedSelect unroutable(String why) { return new RoutedSelect(why, null, null, false, null, why); }

  static RoutedSelect routable(IndexedSql oldSide, IndexedSql newSide, boolean locking, Keyed keyed, String unkeyed) {
    return new RoutedSelect(null, oldSide, newSide, locking, keyed, unkeyed);
  }

  /** Why the new side cannot answer this SELECT, or null when it can. */
  public String unroutable() { return unroutable; }
  /** The SELECT rewritten for the new table. */
  public IndexedSql newSide() { return newSide; }
  /** The application's SELECT as written, for reading the old table on Shunt's own statement. */
  public IndexedSql oldSide() { return oldSide; }
  /** True for SELECT … FOR UPDATE / FOR SHARE: read on the primary only. */
  public boolean locking() { return locking; }
  /** The keyed form for merge and compare, or null. */
  public Keyed keyed() { return keyed; }
  /** Why there is no keyed form. */
  public String unkeyed() { return unkeyed; }

  /** A LIMIT or OFFSET value: a number, or the application's parameter. */
  static final class Bound {
    private final long literal;
    private final int parameter; // 0 for a literal

    private Bound(long literal, int parameter) {
      this.literal = literal;
      this.parameter = parameter;
    }

    static Bound literal(long n) { return new Bound(n, 0); }
    static Bound parameter(int index) { return new Bound(0, index); }

    long value(BoundParameters params) throws SQLException {
      if (parameter == 0) return literal;
      Object v = params == null ? null : params.value(parameter);
      if (v instanceof Number) return ((Number) v).longValue();
      if (v instanceof String) {
        try {
          return Long.parseLong(((String) v).trim());
        } catch (NumberFormatException e) {
          // falls through
        }
      }
      throw new SQLException("LIMIT/OFFSET parameter " + parameter + " is not a number");
    }
  }

  /** One ORDER BY term: a visible column (1-based) or a hidden one (0-based among the hidden). */
  static final class SortKey {
    final boolean hidden;
    final int index;
    final boolean ascending;
    final Boolean nullsFirst; // null: the primary engine's default

    SortKey(boolean hidden, int index, boolean ascending, Boolean nullsFirst) {
      this.hidden = hidden;
      this.index = index;
      this.ascending = ascending;
      this.nullsFirst = nullsFirst;
    }
  }

  /**
   * The keyed form: both texts end their select lists with {@code hidden} extra columns (the key,
   * the version column, ORDER BY values) and carry no LIMIT/OFFSET; those are applied to the merged
   * rows. A LIMIT of n+offset rows is appended to both at execution.
   */
  public static final class Keyed {
    final IndexedSql oldSide;
    final IndexedSql newSide;
    final int hidden;
    final int[] keyHidden;
    final int versionHidden;
    final List<SortKey> order;
    final Bound rowCount;
    final Bound offset;

    Keyed(IndexedSql oldSide, IndexedSql newSide, int hidden, int[] keyHidden, int versionHidden, List<SortKey> order,
        Bound rowCount, Bound offset) {
      this.oldSide = oldSide;
      this.newSide = newSide;
      this.hidden = hidden;
      this.keyHidden = keyHidden;
      this.versionHidden = versionHidden;
      this.order = List.copyOf(order);
      this.rowCount = rowCount;
      this.offset = offset;
    }

    /** How many rows each side must return: LIMIT + OFFSET, or -1 for all. */
    long fetchLimit(BoundParameters params) throws SQLException {
      if (rowCount == null) return -1;
      long n = rowCount.value(params);
      return offset == null ? n : n + offset.value(params);
    }

    long offset(BoundParameters params) throws SQLException { return offset == null ? 0 : offset.value(params); }

    long rowCount(BoundParameters params) throws SQLException { return rowCount == null ? -1 : rowCount.value(params); }

    IndexedSql side(boolean newTable, long fetchLimit) {
      IndexedSql base = newTable ? newSide : oldSide;
      return fetchLimit < 0 ? base : base.append(" LIMIT " + fetchLimit);
    }
  }
}
