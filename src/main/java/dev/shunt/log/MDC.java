package dev.shunt.log;

/**
 * Puts Shunt's keys ({@code shunt.migration}, {@code shunt.phase}) into SLF4J's MDC when SLF4J is
 * present, and does nothing otherwise ({@code java.util.logging} has no MDC).
 */
public final class MDC {
  private static final boolean SLF4J = LoggerFactory.backend() == LoggerFactory.Backend.SLF4J;

  private MDC() {}

  public static void put(String key, String value) {
    if (SLF4J) org.slf4j.MDC.put(key, value);
  }

  /** The value of {@code key} on this thread; null without SLF4J. */
  public static String get(String key) {
    return SLF4J ? org.slf4j.MDC.get(key) : null;
  }

  public static void remove(String key) {
    if (SLF4J) org.slf4j.MDC.remove(key);
  }
}
