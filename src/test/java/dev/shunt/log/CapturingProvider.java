package dev.shunt.log;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A test SLF4J binding with a working MDC, chosen with {@code -Dslf4j.provider=} in the child JVM
 * of {@link MigrationMdcTest} (the test class path's slf4j-simple has a no-op MDC). It prints one
 * line per event at INFO and above: {@code MDC|level|thread|shunt.migration|shunt.phase|message}.
 * Its MDC is a plain, non-inheritable thread local, as Logback's is, so a background thread only
 * shows keys that Shunt set on that thread.
 */
public final class CapturingProvider implements SLF4JServiceProvider {
  private final ILoggerFactory loggers = CapturingLogger::new;
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new ThreadLocalMdc();

  @Override public ILoggerFactory getLoggerFactory() { return loggers; }
  @Override public IMarkerFactory getMarkerFactory() { return markers; }
  @Override public MDCAdapter getMDCAdapter() { return mdc; }
  @Override public String getRequestedApiVersion() { return "2.0.99"; }
  @Override public void initialize() {}

  static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) { this.name = name; }

    @Override public boolean isTraceEnabled() { return false; }
    @Override public boolean isDebugEnabled() { return false; }
    @Override public boolean isInfoEnabled() { return true; }
    @Override public boolean isWarnEnabled() { return true; }
    @Override public boolean isErrorEnabled() { return true; }
    @Override protected String getFullyQualifiedCallerName() { return null; }

    @Override protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
        Throwable t) {
      String message = MessageFormatter.basicArrayFormat(pattern, args);
      String line = "MDC|" + level + "|" + Thread.currentThread().getName() + "|" + MDC.get(MigrationMdc.MIGRATION)
          + "|" + MDC.get(MigrationMdc.PHASE) + "|" + String.valueOf(message).replace('\n', ' ');
      synchronized (System.out) {
        System.out.println(line);
        System.out.flush();
      }
    }
  }

  static final class ThreadLocalMdc implements MDCAdapter {
    private final ThreadLocal<Map<String, String>> values = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<Map<String, Deque<String>>> deques = ThreadLocal.withInitial(HashMap::new);

    @Override public void put(String key, String val) { values.get().put(key, val); }
    @Override public String get(String key) { return values.get().get(key); }
    @Override public void remove(String key) { values.get().remove(key); }
    @Override public void clear() { values.get().clear(); }
    @Override public Map<String, String> getCopyOfContextMap() { return new HashMap<>(values.get()); }
    @Override public void setContextMap(Map<String, String> contextMap) { values.set(new HashMap<>(contextMap)); }
    @Override public void pushByKey(String key, String value) {
      deques.get().computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
    }
    @Override public String popByKey(String key) {
      Deque<String> d = deques.get().get(key);
      return d == null ? null : d.poll();
    }
    @Override public Deque<String> getCopyOfDequeByKey(String key) {
      Deque<String> d = deques.get().get(key);
      return d == null ? null : new ArrayDeque<>(d);
    }
    @Override public void clearDequeByKey(String key) { deques.get().remove(key); }
  }
}
