package dev.shunt.cli;

import dev.shunt.config.Migration;
import dev.shunt.verify.Verifier;
import dev.shunt.write.RepairQueue;
import dev.shunt.write.Repairer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "repair", mixinStandardHelpOptions = true,
    description = "Re-copy every key in the repair queue and, with --from-verify, every key verify found different.")
final class RepairCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Spec CommandSpec spec;
  @Option(names = "--migration", required = true, paramLabel = "M") String migration;
  @Option(names = "--from-verify", description = "also re-copy the keys the latest verify found") boolean fromVerify;

  @Override public Integer call() throws Exception {
    Databases dbs = new Databases(config.load());
    Migration m = ConfigOption.migration(dbs.config(), migration);
    if (!m.writes().writesBothSides()) {
      throw CliException.failed("migration '" + migration + "' is in phase " + m.phaseLabel()
          + ", which writes one side only: there is nothing to copy toward");
    }
    PrintWriter out = spec.commandLine().getOut();
    // the drivers' local file beside the toggle file: imported by the drain, and where the CLI's own falls back
    Path fallback = RepairQueue.localFile(config.file);
    RepairQueue queue = new RepairQueue(dbs.oldDialect(), dbs::openOld, fallback, dbs.config().state());
    int fromVerifyKeys = 0;
    if (fromVerify) {
      List<Object[]> keys;
      try (Connection c = dbs.openOld()) {
        keys = Verifier.latestKeys(c, dbs.config().state(), migration);
      }
      // through the queue, so the copy takes the same locked path as every other repair
      if (!keys.isEmpty()) queue.enqueue(m, keys, "verify found a difference");
      fromVerifyKeys = keys.size();
    }
    Repairer repairer = new Repairer(dbs::openOld, dbs.oldDialect(), queue, dbs::config);
    long repaired = 0;
    int n;
    do {
      n = repairer.drainOnce(500, migration); // other migrations' entries are left to their own runs
      repaired += n;
    } while (n > 0);
    out.println("repair " + migration + ": " + repaired + " queued key(s) re-copied"
        + (fromVerify ? " (" + fromVerifyKeys + " from the latest verify)" : ""));
    List<Repairer.Failure> failed = repairer.failures();
    for (Repairer.Failure f : failed) out.println("  could not copy " + f);
    if (!failed.isEmpty()) {
      out.println("  " + failed.size() + " key(s) stay queued: a conflict (a unique index or check the new table has and the old"
          + " lacks) needs the row fixed on the old side or the new table's constraint relaxed; then run repair again");
      out.flush();
      return ShuntCli.FAILED;
    }
    if (fromVerify && fromVerifyKeys > 0) out.println("  run verify again to record a clean result");
    out.flush();
    return ShuntCli.OK;
  }
}
