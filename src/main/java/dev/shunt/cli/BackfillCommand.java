package dev.shunt.cli;

import dev.shunt.backfill.Backfill;
import dev.shunt.config.Migration;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Copy every old row into the new side in key order, in throttled, checkpointed batches; "
        + "safe under live dual writes; several processes may run at once.")
final class BackfillCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(names = "--migration", required = true, paramLabel = "M") String migration;
  @Option(names = "--batch", paramLabel = "N", description = "rows per batch, at most (default ${DEFAULT-VALUE})")
  int batch = 1000;
  @Option(names = "--max-p95-ms", paramLabel = "MS", description = "pause while the foreground's p95 latency is above this (fractions allowed: 0.8)")
  double maxP95Ms;
  @Option(names = "--sleep-ms", paramLabel = "MS", description = "pause between batches") long sleepMs;
  @Option(names = "--nice-ratio", paramLabel = "R",
      description = "after each batch, rest R times as long as the batch took (0.5: half a second per second of copying)")
  double niceRatio;
  @Option(names = "--workers", paramLabel = "N", description = "parallel workers in this process (default ${DEFAULT-VALUE})")
  int workers = 1;
  @Option(names = "--lease-ms", paramLabel = "MS", hidden = true, description = "how long a chunk's lease lasts without renewal")
  long leaseMs = 30_000;
  @Option(names = "--restart", description = "forget the recorded progress and copy everything again") boolean restart;

  /** How long a signalled JVM waits for the workers' last batches and the closing line. */
  private static final long STOP_WAIT_SECONDS = 30;

  /** The live instances (host, process and phase) whose loaded phase of {@code migration} writes one side only; null when none. */
  private static String instancesNotWritingBothSides(Databases dbs, String migration) throws java.sql.SQLException {
    List<String> out = new ArrayList<>();
    long now = System.currentTimeMillis();
    try (java.sql.Connection old = dbs.openOld()) {
      old.setAutoCommit(true);
      for (dev.shunt.fleet.Instance i : dev.shunt.fleet.Instances.read(old, dbs.config().state())) {
        String phase = i.phases.get(migration);
        if (!i.live(now) || phase == null || writesBothSides(phase)) continue;
        out.add(i.host + " (pid " + i.pid + ", " + phase + ")");
      }
    }
    return out.isEmpty() ? null : String.join(", ", out);
  }

  /** A phase label as instances report it: a phase's name, or {@code writes/reads}. */
  private static boolean writesBothSides(String label) {
    dev.shunt.config.Phase p = dev.shunt.config.Phase.fromWireName(label);
    if (p != null) return p.writes().writesBothSides();
    int slash = label.indexOf('/');
    dev.shunt.config.WriteMode w = dev.shunt.config.WriteMode.fromWireName(slash < 0 ? label : label.substring(0, slash));
    return w != null && w.writesBothSides();
  }

  @Override public Integer call() throws Exception {
    if (batch < 1 || workers < 1 || sleepMs < 0 || !(maxP95Ms >= 0) || !(niceRatio >= 0 && niceRatio <= 100)) {
      throw CliException.usage("--batch and --workers must be at least 1, times not negative, --nice-ratio between 0 and 100");
    }
    Databases dbs = new Databases(config.load());
    Migration m = ConfigOption.migration(dbs.config(), migration);
    String lagging = instancesNotWritingBothSides(dbs, migration);
    if (lagging != null) {
      // such an instance writes old alone: it would change rows behind the copy, on one side only
      throw CliException.failed("refused: live driver instance(s) " + lagging + " do not write both sides of '" + migration
          + "' yet; wait until shunt status shows the fleet converged on a phase that does (shadow-write)");
    }
    Backfill.Options o = new Backfill.Options();
    o.batch = batch;
    o.maxP95Ms = maxP95Ms;
    o.sleepMs = sleepMs;
    o.niceRatio = niceRatio;
    o.workers = workers;
    o.leaseMs = leaseMs;
    o.restart = restart;
    o.state = dbs.config().state();
    // the toggle file's backfill: section (pause, max_rows_per_s), followed as the file changes
    dev.shunt.config.ConfigHandle live;
    try {
      live = dev.shunt.config.ConfigRegistry.process().acquire(config.file);
    } catch (dev.shunt.config.ConfigException e) {
      throw new CliException(ShuntCli.USAGE, e.getMessage(), e);
    }
    o.settings = () -> live.current().backfill();
    Backfill backfill;
    try {
      backfill = new Backfill(m, dbs::openOld, dbs.oldDialect(), dbs.twoDatabases() ? dbs::openNew : null, dbs.newDialect(), o);
    } catch (IllegalStateException e) {
      throw CliException.failed(e.getMessage());
    }
    var out = spec.commandLine().getOut();
    out.println("backfill " + migration + ": planning");
    out.flush();
    // Ctrl-C or a SIGTERM: the workers finish their batch and give their leases back, so a rerun
    // resumes at once, and the JVM exits once this run has said where it stopped
    StopOnSignal signal = new StopOnSignal("shunt-backfill-stop", backfill::stop, STOP_WAIT_SECONDS);
    try {
      return runAndReport(backfill, out);
    } finally {
      signal.close();
      live.release();
    }
  }

  private int runAndReport(Backfill backfill, PrintWriter out) throws SQLException {
    Progress[] progress = new Progress[1];
    Backfill.Result r;
    try {
      r = backfill.run(new Backfill.Listener() {
        @Override public void started(long plannedRows, long alreadyCopied) {
          if (alreadyCopied > 0) out.println("backfill " + migration + ": resuming after " + alreadyCopied + " rows");
          progress[0] = new Progress("backfill " + migration, plannedRows, alreadyCopied, out);
        }

        @Override public void copied(long rowsSoFar) { progress[0].stepTo(rowsSoFar); }
      });
    } catch (InterruptedException e) {
      // the workers stop only once started, and started() has made the progress by then
      progress[0].close();
      out.println("backfill " + migration + ": stopped, " + progress[0].doneThisRun() + " rows copied in this run, "
          + progress[0].done() + " in all; a rerun resumes from the checkpoint");
      out.flush();
      return ShuntCli.FAILED;
    }
    if (r.alreadyFinished) {
      out.println("backfill " + migration + ": already finished (" + r.rowsCopiedInAll + " rows); --restart copies again");
      return ShuntCli.OK;
    }
    progress[0].close();
    out.println("backfill " + migration + ": finished, " + r.rowsCopiedThisRun + " rows copied in this run ("
        + progress[0].rate() + " rows/s), " + r.rowsCopiedInAll + " in all");
    out.flush();
    return ShuntCli.OK;
  }
}
