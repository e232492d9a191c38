package dev.shunt.log;

/**
 * Shunt's own logger: the subset of SLF4J's {@code Logger} that Shunt uses, with SLF4J's
 * {@code {}} placeholders and trailing-throwable convention. Backed by SLF4J when the application
 * has an SLF4J provider, by {@code java.util.logging} otherwise (see {@link LoggerFactory}).
 */
public interface Logger {
  String getName();

  boolean isTraceEnabled();
  boolean isDebugEnabled();
  boolean isInfoEnabled();
  boolean isWarnEnabled();
  boolean isErrorEnabled();

  void trace(String msg);
  void trace(String format, Object arg);
  void trace(String format, Object arg1, Object arg2);
  void trace(String format, Object... args);

  void debug(String msg);
  void debug(String format, Object arg);
  void debug(String format, Object arg1, Object arg2);
  void debug(String format, Object... args);

  void info(String msg);
  void info(String format, Object arg);
  void info(String format, Object arg1, Object arg2);
  void info(String format, Object... args);

  void warn(String msg);
  void warn(String format, Object arg);
  void warn(String format, Object arg1, Object arg2);
  void warn(String format, Object... args);

  void error(String msg);
  void error(String format, Object arg);
  void error(String format, Object arg1, Object arg2);
  void error(String format, Object... args);
}
