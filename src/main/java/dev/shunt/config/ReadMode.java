package dev.shunt.config;

/** How the application's reads of a migrated table are served. */
public enum ReadMode {
  OLD("old"), COMPARE("compare"), FALLBACK("fallback"), MERGE("merge"), NEW("new");

  private final String wireName;

  ReadMode(String wireName) { this.wireName = wireName; }

  public String wireName() { return wireName; }

  /** True when the mode reads the new side at all, and so needs {@code reverse}. */
  public boolean readsNewSide() { return this != OLD; }

  public static ReadMode fromWireName(String name) {
    for (ReadMode m : values()) if (m.wireName.equals(name)) return m;
    return null;
  }

  @Override public String toString() { return wireName; }
}
