package dev.shunt.jdbc;

import java.sql.SQLException;

/**
 * Marks the connections Shunt opens for itself (the raw connection behind {@code jdbc:shunt:},
 * side connections, the secondary database, the command line's connections), so that the Java
 * agent, which wraps what real drivers return, leaves them alone: Shunt never runs through Shunt.
 * The same per-thread depth lets the agent wrap only the outermost of nested driver calls.
 */
public final class RawConnections {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  /** Opens something without the agent's wrapping. */
  @FunctionalInterface
  public interface Open<T> {
    T open() throws SQLException;
  }

  private RawConnections() {}

  public static <T> T open(Open<T> open) throws SQLException {
    int[] depth = DEPTH.get();
    depth[0]++;
    try {
      return open.open();
    } finally {
      depth[0]--;
    }
  }

  /** Enters a real driver's connect; returns the depth before, 0 for the outermost call. */
  static int enter() {
    int[] depth = DEPTH.get();
    return depth[0]++;
  }

  static int depth() { return DEPTH.get()[0]; }

  static void exit() {
    int[] depth = DEPTH.get();
    if (depth[0] > 0) depth[0]--;
  }
}
