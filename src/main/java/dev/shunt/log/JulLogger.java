package dev.shunt.log;

import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Shunt's logger over {@code java.util.logging}: trace FINER, debug FINE, info INFO, warn WARNING, error SEVERE. */
final class JulLogger implements Logger {
  private final java.util.logging.Logger log;

  JulLogger(String name) { this.log = java.util.logging.Logger.getLogger(name); }

  @Override public String getName() { return log.getName(); }
  @Override public boolean isTraceEnabled() { return log.isLoggable(Level.FINER); }
  @Override public boolean isDebugEnabled() { return log.isLoggable(Level.FINE); }
  @Override public boolean isInfoEnabled() { return log.isLoggable(Level.INFO); }
  @Override public boolean isWarnEnabled() { return log.isLoggable(Level.WARNING); }
  @Override public boolean isErrorEnabled() { return log.isLoggable(Level.SEVERE); }

  @Override public void trace(String msg) { log(Level.FINER, msg); }
  @Override public void trace(String format, Object arg) { log(Level.FINER, format, arg); }
  @Override public void trace(String format, Object arg1, Object arg2) { log(Level.FINER, format, arg1, arg2); }
  @Override public void trace(String format, Object... args) { log(Level.FINER, format, args); }
  @Override public void debug(String msg) { log(Level.FINE, msg); }
  @Override public void debug(String format, Object arg) { log(Level.FINE, format, arg); }
  @Override public void debug(String format, Object arg1, Object arg2) { log(Level.FINE, format, arg1, arg2); }
  @Override public void debug(String format, Object... args) { log(Level.FINE, format, args); }
  @Override public void info(String msg) { log(Level.INFO, msg); }
  @Override public void info(String format, Object arg) { log(Level.INFO, format, arg); }
  @Override public void info(String format, Object arg1, Object arg2) { log(Level.INFO, format, arg1, arg2); }
  @Override public void info(String format, Object... args) { log(Level.INFO, format, args); }
  @Override public void warn(String msg) { log(Level.WARNING, msg); }
  @Override public void warn(String format, Object arg) { log(Level.WARNING, format, arg); }
  @Override public void warn(String format, Object arg1, Object arg2) { log(Level.WARNING, format, arg1, arg2); }
  @Override public void warn(String format, Object... args) { log(Level.WARNING, format, args); }
  @Override public void error(String msg) { log(Level.SEVERE, msg); }
  @Override public void error(String format, Object arg) { log(Level.SEVERE, format, arg); }
  @Override public void error(String format, Object arg1, Object arg2) { log(Level.SEVERE, format, arg1, arg2); }
  @Override public void error(String format, Object... args) { log(Level.SEVERE, format, args); }

  private void log(Level level, String format, Object... args) {
    if (!log.isLoggable(level)) return;
    Throwable thrown = null;
    int used = args == null ? 0 : args.length;
    if (used > 0 && args[used - 1] instanceof Throwable && placeholders(format) < used) {
      thrown = (Throwable) args[used - 1];
      used--;
    }
    LogRecord r = new LogRecord(level, format(format, args, used));
    r.setLoggerName(log.getName());
    r.setSourceClassName(log.getName());
    r.setSourceMethodName(null);
    if (thrown != null) r.setThrown(thrown);
    log.log(r);
  }

  private static int placeholders(String format) {
    int n = 0;
    for (int i = format == null ? -1 : format.indexOf("{}"); i >= 0; i = format.indexOf("{}", i + 2)) n++;
    return n;
  }

  /** SLF4J's substitution: each {@code {}} takes the next argument; {@code \{}} is a literal. */
  static String format(String format, Object[] args, int count) {
    if (format == null) return null;
    if (count == 0) return format;
    StringBuilder sb = new StringBuilder(format.length() + 16 * count);
    int arg = 0;
    int i = 0;
    while (i < format.length()) {
      int at = format.indexOf("{}", i);
      if (at < 0 || arg >= count) break;
      if (at > 0 && format.charAt(at - 1) == '\\') {
        sb.append(format, i, at - 1).append("{}");
        i = at + 2;
        continue;
      }
      sb.append(format, i, at).append(text(args[arg++]));
      i = at + 2;
    }
    sb.append(format, i, format.length());
    return sb.toString();
  }

  private static String text(Object o) {
    if (o instanceof Object[]) return java.util.Arrays.deepToString((Object[]) o);
    try {
      return String.valueOf(o);
    } catch (RuntimeException e) {
      return "[" + o.getClass().getName() + ".toString() failed: " + e + "]";
    }
  }
}
