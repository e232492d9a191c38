package dev.shunt.demo;

import dev.shunt.backfill.Backfill;
import dev.shunt.config.ConfigException;
import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.jdbc.ShuntConnection;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.verify.Verifier;
import dev.shunt.write.SideConnections;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * {@code shunt demo}: a live workload runs through {@code jdbc:shunt:} while one migration walks
 * every phase, with a backfill and a verify on the way, and a final check of the new table
 * against what the application committed. Returns false when anything was lost or failed.
 */
public final class Demo {
  public static final String DEFAULT_URL = "jdbc:h2:mem:shunt-demo;DB_CLOSE_DELAY=-1";
  private static final String[] PHASES = {"old", "shadow-write", "shadow-read", "new-primary", "new-only", "done"};

  private final String rawUrl;
  private final int threads;
  private final long phaseMillis;
  private final int historyRows;
  private final PrintWriter out;
  private final Dialect dialect;

  public Demo(String rawUrl, int threads, long phaseMillis, int historyRows, PrintWriter out) {
    this.rawUrl = rawUrl;
    this.threads = threads;
    this.phaseMillis = phaseMillis;
    this.historyRows = historyRows;
    this.out = out;
    this.dialect = Dialect.forUrl(rawUrl);
  }

  public boolean run() throws Exception {
    Path dir = Files.createTempDirectory("shunt-demo");
    Path toggle = dir.resolve("shunt-demo.yaml");
    SideConnections raw = () -> DriverManager.getConnection(rawUrl);
    String shuntUrl = "jdbc:shunt:" + rawUrl.substring("jdbc:".length());
    Properties props = new Properties();
    props.setProperty("shunt.config", toggle.toString());
    boolean ok = true;
    // the admin connection also keeps an in-memory H2 database alive for the whole run
    try (Connection admin = raw.open()) {
      out.printf("shunt demo on %s: %d history rows, %d application threads, %d s per phase%n", redact(rawUrl), historyRows,
          threads, phaseMillis / 1000);
      out.println("migration: demo_accounts.balance (dollars) -> demo_accounts_v2.balance_cents, owner -> owner_name, "
          + "e-mail lower-cased");
      DemoSchema.create(admin, historyRows);
      write(toggle, "old");
      Workload workload = new Workload(threads, () -> DriverManager.getConnection(shuntUrl, props), historyRows);
      try (Connection probe = DriverManager.getConnection(shuntUrl, props)) {
        workload.start();
        out.printf("%-13s %9s %8s %7s %8s  %s%n", "phase", "ops/s", "p95 ms", "errors", "retried", "step");
        out.flush();
        long totalErrors = 0;
        for (String phase : PHASES) {
          write(toggle, phase);
          awaitPhase(probe, phase);
          workload.takeWindow(); // the switch itself is not the phase's figure
          long start = System.nanoTime();
          String step = "";
          if (phase.equals("shadow-write")) {
            step = backfill(raw, toggle) + "; " + verify(raw, toggle);
            ok &= step.contains("verify clean");
          } else if (phase.equals("shadow-read")) {
            dev.shunt.metrics.MigrationCounters c = dev.shunt.metrics.ShuntMetrics.process().migration(DemoSchema.MIGRATION);
            long compared = c.comparesDone();
            long mismatches = c.confirmedMismatches();
            pause(phaseMillis - (System.nanoTime() - start) / 1_000_000);
            compared = c.comparesDone() - compared;
            mismatches = c.confirmedMismatches() - mismatches;
            step = "compare: " + compared + " reads checked against the new table, " + mismatches + " mismatch(es)";
            ok &= mismatches == 0 && compared > 0;
          } else if (phase.equals("new-primary")) {
            pause(phaseMillis / 2);
            step = verify(raw, toggle) + " (old kept fresh from new)";
            ok &= step.contains("verify clean");
          }
          pause(phaseMillis - (System.nanoTime() - start) / 1_000_000);
          long elapsed = Math.max(1, (System.nanoTime() - start) / 1_000_000);
          Workload.Window w = workload.takeWindow();
          totalErrors += w.errors;
          out.printf("%-13s %9d %8.1f %7d %8d  %s%n", phase, w.operations * 1000 / elapsed, p95(w.latenciesMicros) / 1000.0,
              w.errors, w.retried, step);
          out.flush();
          if (workload.fatal() != null) break;
        }
        workload.stop();
        if (workload.fatal() != null) {
          out.println("the workload stopped: " + workload.fatal());
          ok = false;
        }
        StringBuilder problems = new StringBuilder();
        long lost = DemoSchema.lost(admin, dialect, workload.merged(), problems);
        out.printf("final check: demo_accounts_v2 against every write the application committed: %d row(s), %d lost or wrong%s%n",
            workload.merged().accounts.size(), lost, lost == 0 ? "" : " (" + problems + ")");
        out.printf("application errors: %d%n", totalErrors);
        ok &= lost == 0 && totalErrors == 0;
        out.println(ok ? "demo passed: the table moved under live traffic with nothing lost"
            : "demo FAILED: see the figures above");
        out.flush();
      }
    }
    return ok;
  }

  private String backfill(SideConnections raw, Path toggle) throws Exception {
    Migration m = load(toggle).migrations().get(DemoSchema.MIGRATION);
    Backfill.Options o = new Backfill.Options();
    o.batch = 500;
    o.workers = 1;
    long start = System.nanoTime();
    Backfill.Result r = new Backfill(m, raw, dialect, null, null, o).run(new Backfill.Listener() {
      @Override public void started(long plannedRows, long alreadyCopied) {}

      @Override public void copied(long rowsSoFar) {}
    });
    long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
    return "backfill " + r.rowsCopiedThisRun + " rows in " + ms + " ms";
  }

  private String verify(SideConnections raw, Path toggle) throws Exception {
    Migration m = load(toggle).migrations().get(DemoSchema.MIGRATION);
    Verifier.Result r = new Verifier(m, raw, dialect, raw, dialect, false, 1000, load(toggle).state()).run(n -> { });
    return r.record.clean() ? "verify clean (" + r.record.rowsCompared + " rows)" : "verify found " + r.record;
  }

  private static ShuntConfig load(Path toggle) throws IOException, ConfigException {
    return new ToggleFileParser().parse(toggle, Files.readAllBytes(toggle));
  }

  private void write(Path toggle, String phase) throws IOException {
    Path tmp = toggle.resolveSibling(toggle.getFileName() + ".tmp");
    Files.write(tmp, DemoSchema.toggleFile(rawUrl, phase).getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, toggle, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Waits until the driver has loaded {@code phase} (it re-reads the file every 100 ms). */
  private static void awaitPhase(Connection probe, String phase) throws Exception {
    ShuntConnection shunt = probe.unwrap(ShuntConnection.class);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      probe.isValid(1); // a boundary: the connection takes the newest snapshot
      ShuntConfig c = shunt.currentConfig();
      if (c != null && phase.equals(c.migrations().get(DemoSchema.MIGRATION).phaseLabel())) return;
      Thread.sleep(20);
    }
    throw new IllegalStateException("the driver did not load phase " + phase + " within 10 s");
  }

  private static void pause(long ms) throws InterruptedException {
    if (ms > 0) Thread.sleep(ms);
  }

  private static long p95(List<Long> micros) {
    if (micros.isEmpty()) return 0;
    Collections.sort(micros);
    return micros.get(Math.min(micros.size() - 1, (int) Math.ceil(micros.size() * 0.95) - 1));
  }

  /** The URL without its query string, where user names and passwords may sit. */
  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }
}
