package dev.shunt.config;

/** What a failed write to the secondary side does (toggle-file key {@code on_secondary_failure}). */
public enum SecondaryFailurePolicy {
  /** The application never sees the failure; the keys go to the repair queue. */
  QUEUE("queue"),
  /** The application's statement fails. */
  FAIL("fail");

  private final String wireName;

  SecondaryFailurePolicy(String wireName) { this.wireName = wireName; }

  public String wireName() { return wireName; }

  public static SecondaryFailurePolicy fromWireName(String name) {
    for (SecondaryFailurePolicy p : values()) if (p.wireName.equals(name)) return p;
    return null;
  }

  @Override public String toString() { return wireName; }
}
