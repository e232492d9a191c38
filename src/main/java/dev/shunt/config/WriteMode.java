package dev.shunt.config;

/** Which side takes the application's writes (key {@code writes}). */
public enum WriteMode {
  OFF("off"), OLD_PRIMARY("old-primary"), NEW_PRIMARY("new-primary"), NEW_ONLY("new-only");

  private final String wireName;

  WriteMode(String wireName) { this.wireName = wireName; }

  public String wireName() { return wireName; }

  /** True when both sides are written, so a statement on the table must be mirrored. */
  public boolean writesBothSides() { return this == OLD_PRIMARY || this == NEW_PRIMARY; }

  public static WriteMode fromWireName(String name) {
    for (WriteMode m : values()) if (m.wireName.equals(name)) return m;
    return null;
  }

  @Override public String toString() { return wireName; }
}
