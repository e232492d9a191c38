package dev.shunt.verify;

/** One key where the new side is not the transformed old row. */
public final class Difference {
  /** What kind of difference: a row on both sides that differs, a row new lacks, a row only new has. */
  public enum Kind { DIFFERING, MISSING, EXTRA }

  public final Kind kind;
  public final Object[] key;

  public Difference(Kind kind, Object[] key) {
    this.kind = kind;
    this.key = key;
  }
}
