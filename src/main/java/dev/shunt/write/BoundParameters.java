package dev.shunt.write;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The parameters an application bound to a prepared statement on a migrated table, kept so
 * that Shunt can bind the same values to the statements it derives (key pre-selects) and read
 * key values. Streams and readers cannot be replayed: they are recorded as {@link #UNREPLAYABLE}.
 */
public final class BoundParameters {
  /** Marks a value that was consumed by the driver (stream, reader) and cannot be bound again. */
  public static final Object UNREPLAYABLE = new Object() {
    @Override public String toString() { return "<stream>"; }
  };

  /** Binds one recorded value to {@code index} of another statement. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement target, int index) throws SQLException;
  }

  private Object[] values;
  private Binder[] binders;

  public BoundParameters() { this(8); }

  private BoundParameters(int capacity) {
    values = new Object[capacity];
    binders = new Binder[capacity];
  }

  public void set(int index, Object value, Binder binder) {
    if (index >= values.length) {
      int size = Math.max(index + 1, values.length * 2);
      values = Arrays.copyOf(values, size);
      binders = Arrays.copyOf(binders, size);
    }
    values[index] = value;
    binders[index] = binder;
  }

  /** The Java value bound at {@code index} (1-based), or null. */
  public Object value(int index) { return index < values.length ? values[index] : null; }

  /** True when {@code index} was bound and can be bound again. */
  public boolean replayable(int index) {
    return index < binders.length && binders[index] != null && values[index] != UNREPLAYABLE;
  }

  public void bind(PreparedStatement target, int targetIndex, int sourceIndex) throws SQLException {
    if (!replayable(sourceIndex)) {
      throw new SQLException("Shunt cannot re-bind parameter " + sourceIndex + " (a stream, or never set)", "HY000");
    }
    binders[sourceIndex].bind(target, targetIndex);
  }

  /** True when every bound value can be bound again (no stream among them). */
  public boolean replayable() {
    for (int i = 1; i < values.length; i++) if (binders[i] != null && values[i] == UNREPLAYABLE) return false;
    return true;
  }

  /** Binds every recorded value to the same index of {@code target}. */
  public void bindAll(PreparedStatement target) throws SQLException {
    for (int i = 1; i < binders.length; i++) if (binders[i] != null) binders[i].bind(target, i);
  }

  public void clear() {
    Arrays.fill(values, null);
    Arrays.fill(binders, null);
  }

  /** The parameters of a derived statement whose i-th placeholder is the application's {@code sourceIndexes[i]}. */
  public BoundParameters remap(int[] sourceIndexes) {
    BoundParameters r = new BoundParameters(sourceIndexes.length + 1);
    for (int i = 0; i < sourceIndexes.length; i++) {
      int from = sourceIndexes[i];
      r.set(i + 1, value(from), from < binders.length ? binders[from] : null);
    }
    return r;
  }

  /** Makes this hold exactly what {@code other} holds. */
  public void copyFrom(BoundParameters other) {
    values = other.values.clone();
    binders = other.binders.clone();
  }

  /**
   * A hash of the bound values that is the same for the same values whatever Java type bound
   * them (setInt or setLong): the read ramp uses it so a key stays on one side.
   */
  public int valueHash() {
    int h = 1;
    for (int i = 1; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Number) v = new java.math.BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
      h = 31 * h + (v == null || v == UNREPLAYABLE ? 0 : v.hashCode());
    }
    return h;
  }

  /**
   * These values as MariaDB reads them: a boolean is the number 1 or 0 (MariaDB has no boolean
   * type), so a value bound with {@code setBoolean} for a TINYINT column stays a number when
   * Shunt binds it on PostgreSQL. This instance when there is no boolean.
   */
  public BoundParameters booleansAsNumbers() {
    BoundParameters out = null;
    for (int i = 1; i < values.length; i++) {
      if (!(values[i] instanceof Boolean)) continue;
      if (out == null) out = copy();
      int n = (Boolean) values[i] ? 1 : 0;
      out.set(i, n, (target, index) -> target.setInt(index, n));
    }
    return out == null ? this : out;
  }

  /** An independent copy, taken at addBatch(). */
  public BoundParameters copy() {
    BoundParameters c = new BoundParameters(values.length);
    System.arraycopy(values, 0, c.values, 0, values.length);
    System.arraycopy(binders, 0, c.binders, 0, binders.length);
    return c;
  }
}
