package dev.shunt.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log lines about a migration carry {@code shunt.migration} and {@code shunt.phase}
 * in the MDC, on the application's thread and on Shunt's background threads, and nothing is left
 * behind afterwards. The test class path binds slf4j-simple, whose MDC does nothing, so the
 * workload runs in a child JVM with a binding that has a real MDC ({@link CapturingProvider}).
 */
class MigrationMdcTest {
  @TempDir Path dir;

  private static final class Line {
    final String level, thread, migration, phase, message;

    Line(String raw) {
      String[] f = raw.split("\\|", 6);
      level = f[1];
      thread = f[2];
      migration = f[3];
      phase = f[4];
      message = f[5];
    }

    @Override public String toString() { return level + " [" + thread + "] " + migration + "/" + phase + " " + message; }
  }

  private static Line find(List<Line> lines, String text) {
    for (Line l : lines) if (l.message.contains(text)) return l;
    throw new AssertionError("no log line containing '" + text + "' in " + lines);
  }

  @Test void logLinesAboutAMigrationCarryItsNameAndPhase() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        "-Dslf4j.provider=" + CapturingProvider.class.getName(), MdcProbe.class.getName(), dir.toString());
    pb.redirectErrorStream(true);
    pb.environment().remove("SHUNT_CONFIG");
    Process child = pb.start();
    List<Line> lines = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String s; (s = r.readLine()) != null; ) {
        all.append(s).append('\n');
        if (s.startsWith("MDC|")) lines.add(new Line(s));
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the probe ends");
    assertEquals(0, child.exitValue(), "the probe ran its workload:\n" + all);

    Line copy = find(lines, "Shunt could not copy 1 key(s) of migration 'users'");
    assertEquals("WARN", copy.level);
    assertEquals("main", copy.thread, "logged on the application's thread");
    assertEquals("users", copy.migration);
    assertEquals("shadow-read", copy.phase);

    Line compare = find(lines, "Shunt compare:");
    assertNotEquals("main", compare.thread, "a compare is confirmed in the background");
    assertEquals("users", compare.migration, "the worker thread set the keys itself (the MDC is not inherited)");
    assertEquals("shadow-read", compare.phase);

    Line loaded = find(lines, "Shunt loaded");
    assertEquals("null", loaded.migration, "a line about the file, not a migration, carries no keys");
    Line after = find(lines, "probe: the application's own line");
    assertEquals("null", after.migration, "the keys are gone from the application's thread afterwards");
    assertEquals("null", after.phase);

    Line inner = find(lines, "probe: nested inner");
    assertEquals("inner", inner.migration);
    assertEquals("new-primary", inner.phase);
    Line outer = find(lines, "probe: nested outer");
    assertEquals("outer", outer.migration, "closing a scope restores the values it replaced");
    assertEquals("shadow-write", outer.phase);
    assertEquals("null", find(lines, "probe: done").migration);
  }
}
