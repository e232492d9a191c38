package dev.shunt.config;

/** The named phases, in the order a migration walks them. */
public enum Phase {
  OLD("old", WriteMode.OFF, ReadMode.OLD),
  SHADOW_WRITE("shadow-write", WriteMode.OLD_PRIMARY, ReadMode.OLD),
  SHADOW_READ("shadow-read", WriteMode.OLD_PRIMARY, ReadMode.COMPARE),
  NEW_PRIMARY("new-primary", WriteMode.NEW_PRIMARY, ReadMode.MERGE),
  NEW_ONLY("new-only", WriteMode.NEW_ONLY, ReadMode.NEW),
  DONE("done", WriteMode.NEW_ONLY, ReadMode.NEW);

  private final String wireName;
  private final WriteMode writes;
  private final ReadMode reads;

  Phase(String wireName, WriteMode writes, ReadMode reads) {
    this.wireName = wireName;
    this.writes = writes;
    this.reads = reads;
  }

  public String wireName() { return wireName; }
  public WriteMode writes() { return writes; }
  public ReadMode reads() { return reads; }

  /** The phase with this exact toggle-file spelling, or null. */
  public static Phase fromWireName(String name) {
    for (Phase p : values()) if (p.wireName.equals(name)) return p;
    return null;
  }

  @Override public String toString() { return wireName; }
}
