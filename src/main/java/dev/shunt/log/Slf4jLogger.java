package dev.shunt.log;

/** Shunt's logger over an SLF4J logger. Only loaded when SLF4J is present. */
final class Slf4jLogger implements Logger {
  private final org.slf4j.Logger log;

  private Slf4jLogger(org.slf4j.Logger log) { this.log = log; }

  /** The SLF4J logger, or null when SLF4J turned out to have no provider after all. */
  static Logger create(String name) {
    org.slf4j.ILoggerFactory factory = org.slf4j.LoggerFactory.getILoggerFactory();
    if (factory.getClass().getName().equals("org.slf4j.helpers.NOPLoggerFactory")) return null;
    return new Slf4jLogger(factory.getLogger(name));
  }

  @Override public String getName() { return log.getName(); }
  @Override public boolean isTraceEnabled() { return log.isTraceEnabled(); }
  @Override public boolean isDebugEnabled() { return log.isDebugEnabled(); }
  @Override public boolean isInfoEnabled() { return log.isInfoEnabled(); }
  @Override public boolean isWarnEnabled() { return log.isWarnEnabled(); }
  @Override public boolean isErrorEnabled() { return log.isErrorEnabled(); }

  @Override public void trace(String msg) { log.trace(msg); }
  @Override public void trace(String format, Object arg) { log.trace(format, arg); }
  @Override public void trace(String format, Object arg1, Object arg2) { log.trace(format, arg1, arg2); }
  @Override public void trace(String format, Object... args) { log.trace(format, args); }
  @Override public void debug(String msg) { log.debug(msg); }
  @Override public void debug(String format, Object arg) { log.debug(format, arg); }
  @Override public void debug(String format, Object arg1, Object arg2) { log.debug(format, arg1, arg2); }
  @Override public void debug(String format, Object... args) { log.debug(format, args); }
  @Override public void info(String msg) { log.info(msg); }
  @Override public void info(String format, Object arg) { log.info(format, arg); }
  @Override public void info(String format, Object arg1, Object arg2) { log.info(format, arg1, arg2); }
  @Override public void info(String format, Object... args) { log.info(format, args); }
  @Override public void warn(String msg) { log.warn(msg); }
  @Override public void warn(String format, Object arg) { log.warn(format, arg); }
  @Override public void warn(String format, Object arg1, Object arg2) { log.warn(format, arg1, arg2); }
  @Override public void warn(String format, Object... args) { log.warn(format, args); }
  @Override public void error(String msg) { log.error(msg); }
  @Override public void error(String format, Object arg) { log.error(format, arg); }
  @Override public void error(String format, Object arg1, Object arg2) { log.error(format, arg1, arg2); }
  @Override public void error(String format, Object... args) { log.error(format, args); }
}
