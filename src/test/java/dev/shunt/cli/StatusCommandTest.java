package dev.shunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shunt.config.ShuntConfig;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.fleet.Instance;
import dev.shunt.fleet.ReadStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
  static ShuntConfig config() throws Exception {
    String text = "version: 1\nmigrations:\n"
        + "  users: { old: { table: users, key: [id] }, new: { table: users_v2 }, columns: { id: id }, phase: shadow-write }\n"
        + "  orders: { old: { table: orders, key: [id] }, new: { table: orders_v2 }, columns: { id: id }, phase: old }\n";
    return new ToggleFileParser().parse(Path.of("shunt.yaml"), text.getBytes(StandardCharsets.UTF_8));
  }

  static Instance instance(String host, long pid, Map<String, String> phases) throws Exception {
    return new Instance("0123456789abcdef", host, pid, "/etc/shunt.yaml", 1L, "hash", phases, Map.of(), null, 0L, 0L, Map.of());
  }

  @Test void readComparesAddUpPerProcessAndNameOpenBreakers() {
    Instance a = new Instance("a", "web-1", 10, "f", 1, "h", Map.of(), Map.of(), null, 0, 1_000,
        Map.of("users", new ReadStats(120, 0, "closed")));
    Instance b = new Instance("b", "web-2", 20, "f", 1, "h", Map.of(), Map.of(), null, 0, 1_000,
        Map.of("users", new ReadStats(30, 2, "open")));
    Instance stale = new Instance("c", "web-3", 30, "f", 1, "h", Map.of(), Map.of(), null, 0, -1_000_000,
        Map.of("users", new ReadStats(999, 999, "open")));
    assertEquals("150 compared, 2 mismatch(es), breaker open on 1 instance(s)", StatusCommand.reads("users", List.of(a, b, stale), 1_000));
    assertEquals("120 compared, no mismatches", StatusCommand.reads("users", List.of(a), 1_000));
    assertEquals("none", StatusCommand.reads("orders", List.of(a, b), 1_000));
  }

  @Test void convergedWhenEveryLiveInstanceHasTheFilesPhases() throws Exception {
    Map<String, String> same = new java.util.LinkedHashMap<>();
    same.put("users", "shadow-write");
    same.put("orders", "old");
    assertEquals("converged: all 2 live instance(s) have users=shadow-write,orders=old",
        StatusCommand.convergence(config(), List.of(instance("a", 1, same), instance("b", 2, same))));
    assertEquals("no live instances have reported; nothing to compare", StatusCommand.convergence(config(), List.of()));
  }

  @Test void namesEveryInstanceThatLags() throws Exception {
    Map<String, String> same = Map.of("users", "shadow-write", "orders", "old");
    Map<String, String> behind = Map.of("users", "old");
    assertEquals("NOT converged: host b (pid 2, instance 01234567) has users=old, no migration orders"
        + " (the file says users=shadow-write,orders=old)",
        StatusCommand.convergence(config(), List.of(instance("a", 1, same), instance("b", 2, behind))));
  }

  @Test void tablesAlignWithoutTrailingBlanks() {
    TextTable t = new TextTable("A", "LONG HEADER", "C");
    t.add("wide cell", "x", "");
    StringWriter w = new StringWriter();
    try (PrintWriter out = new PrintWriter(w)) {
      t.print(out, "  ");
    }
    String nl = System.lineSeparator();
    assertEquals("  A          LONG HEADER  C" + nl + "  wide cell  x" + nl, w.toString());
  }

  @Test void ago() {
    assertEquals("0 s ago", StatusCommand.ago(-5));
    assertEquals("119 s ago", StatusCommand.ago(119_999));
    assertEquals("2 min ago", StatusCommand.ago(120_000));
    assertEquals("3 h ago", StatusCommand.ago(3 * 3_600_000L));
    assertEquals("2 d ago", StatusCommand.ago(2 * 86_400_000L));
  }
}
