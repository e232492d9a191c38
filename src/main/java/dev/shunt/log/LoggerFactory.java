package dev.shunt.log;

import java.util.ServiceLoader;

/**
 * Where Shunt's log lines go. SLF4J is an ordinary dependency of Shunt, never bundled: when the
 * application has SLF4J with a provider (SLF4J 2) or a binding (SLF4J 1.7), Shunt logs through
 * it. When SLF4J is missing, or present without a provider (where SLF4J would print its "no
 * providers" warning and drop every line), Shunt logs through {@code java.util.logging} under the
 * same logger names ({@code dev.shunt.…}) and never initialises SLF4J itself.
 *
 * <p>System property {@code shunt.logging} = {@code slf4j} or {@code jul} overrides the choice.
 */
public final class LoggerFactory {
  /** Which backend is in use: decided once per class loader of Shunt. */
  public enum Backend { SLF4J, JUL }

  private static final Backend BACKEND = choose();

  private LoggerFactory() {}

  public static Logger getLogger(Class<?> type) { return getLogger(type.getName()); }

  public static Logger getLogger(String name) {
    if (BACKEND == Backend.SLF4J) {
      try {
        Logger l = Slf4jLogger.create(name);
        if (l != null) return l;
      } catch (LinkageError e) {
        // SLF4J vanished or is broken in this loader: fall through to JUL
      }
    }
    return new JulLogger(name);
  }

  public static Backend backend() { return BACKEND; }

  private static Backend choose() {
    String forced = System.getProperty("shunt.logging");
    if ("jul".equalsIgnoreCase(forced)) return Backend.JUL;
    if ("slf4j".equalsIgnoreCase(forced)) return Backend.SLF4J;
    try {
      return slf4jHasProvider() ? Backend.SLF4J : Backend.JUL;
    } catch (RuntimeException | LinkageError e) {
      return Backend.JUL;
    }
  }

  /** True when SLF4J is visible and would not fall back to its no-operation logger. */
  static boolean slf4jHasProvider() {
    ClassLoader own = LoggerFactory.class.getClassLoader();
    Class<?> api;
    try {
      api = Class.forName("org.slf4j.LoggerFactory", false, own);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
    ClassLoader apiLoader = api.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : api.getClassLoader();
    Class<?> spi;
    try {
      spi = Class.forName("org.slf4j.spi.SLF4JServiceProvider", false, apiLoader);
    } catch (ClassNotFoundException e) {
      // SLF4J 1.7: a binding is a class org.slf4j.impl.StaticLoggerBinder
      return apiLoader.getResource("org/slf4j/impl/StaticLoggerBinder.class") != null;
    }
    String explicit = System.getProperty("slf4j.provider");
    if (explicit != null && !explicit.isBlank()) return true;
    return providerPresent(spi, apiLoader);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean providerPresent(Class<?> spi, ClassLoader loader) {
    try {
      return ServiceLoader.load((Class) spi, loader).stream().findAny().isPresent();
    } catch (java.util.ServiceConfigurationError e) {
      return false;
    }
  }
}
