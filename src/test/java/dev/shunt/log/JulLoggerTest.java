package dev.shunt.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The java.util.logging fallback formats like SLF4J and maps levels one to one. */
class JulLoggerTest {
  @Test void placeholdersTakeArgumentsInOrder() {
    assertEquals("a 1 b 2 c", JulLogger.format("a {} b {} c", new Object[] {1, 2}, 2));
    assertEquals("a 1 b {} c", JulLogger.format("a {} b {} c", new Object[] {1}, 1));
    assertEquals("x {} y", JulLogger.format("x \\{} y", new Object[] {1}, 1), "an escaped placeholder stays literal");
    assertEquals("[1, 2]", JulLogger.format("{}", new Object[] {new Object[] {1, 2}}, 1));
    assertEquals("null", JulLogger.format("{}", new Object[] {null}, 1));
    assertEquals("no args {}", JulLogger.format("no args {}", new Object[0], 0));
  }

  @Test void levelsAndTrailingThrowable() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger("dev.shunt.test.jul");
    List<LogRecord> records = new ArrayList<>();
    Handler h = new Handler() {
      @Override public void publish(LogRecord r) { records.add(r); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    jul.addHandler(h);
    jul.setUseParentHandlers(false);
    jul.setLevel(Level.ALL);
    try {
      Logger log = new JulLogger("dev.shunt.test.jul");
      IllegalStateException boom = new IllegalStateException("boom");
      log.warn("copy of {} failed", "users", boom);
      log.error("{} and {}", "a", "b");
      log.info("plain");
      log.debug("d {}", 1);
      log.trace("t");
      assertEquals(5, records.size());
      assertEquals(Level.WARNING, records.get(0).getLevel());
      assertEquals("copy of users failed", records.get(0).getMessage());
      assertSame(boom, records.get(0).getThrown(), "a throwable after the placeholders is the record's thrown");
      assertEquals(Level.SEVERE, records.get(1).getLevel());
      assertEquals("a and b", records.get(1).getMessage());
      assertNull(records.get(1).getThrown());
      assertEquals(Level.INFO, records.get(2).getLevel());
      assertEquals(Level.FINE, records.get(3).getLevel());
      assertEquals(Level.FINER, records.get(4).getLevel());
    } finally {
      jul.removeHandler(h);
    }
  }

  @Test void slf4jWithAProviderIsChosenOnTheTestClassPath() {
    // slf4j-simple is a test dependency: SLF4J has a provider here
    assertEquals(true, LoggerFactory.slf4jHasProvider());
    assertEquals(LoggerFactory.Backend.SLF4J, LoggerFactory.backend());
  }
}
