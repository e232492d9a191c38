package dev.shunt.cli;

import dev.shunt.config.Migration;
import dev.shunt.verify.Difference;
import dev.shunt.verify.Verifier;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Compare the transformed old rows with the new rows in key-range chunks; exit 1 if any differ.")
final class VerifyCommand implements Callable<Integer> {
  private static final int SHOWN = 10;

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;
  @Option(names = "--migration", required = true, paramLabel = "M") String migration;
  @Option(names = "--chunk", paramLabel = "N", description = "keys per chunk (default ${DEFAULT-VALUE})") int chunk = 1000;

  @Override public Integer call() throws Exception {
    if (chunk < 1) throw CliException.usage("--chunk must be at least 1");
    Databases dbs = new Databases(config.load());
    Migration m = ConfigOption.migration(dbs.config(), migration);
    PrintWriter out = spec.commandLine().getOut();
    long total;
    try (var c = dbs.openOld(); var s = c.createStatement();
        var rs = s.executeQuery("SELECT COUNT(*) FROM " + dbs.oldDialect().quote(m.oldTable()))) {
      rs.next();
      total = rs.getLong(1);
    }
    Verifier.Result r;
    try (Progress progress = new Progress("verify " + migration, total, 0, out)) {
      r = new Verifier(m, dbs::openOld, dbs.oldDialect(), dbs::openNew, dbs.newDialect(), dbs.twoDatabases(), chunk,
          dbs.config().state()).run(progress::stepTo);
    }
    out.println(report(migration, r));
    out.flush();
    return r.record.clean() ? ShuntCli.OK : ShuntCli.FAILED;
  }

  static String report(String migration, Verifier.Result r) {
    StringBuilder sb = new StringBuilder();
    sb.append("verify ").append(migration).append(": ").append(r.record.rowsCompared).append(" rows compared, ")
        .append(r.record.differing).append(" differing, ").append(r.record.missing).append(" missing, ")
        .append(r.record.extra).append(" extra");
    for (Map.Entry<Difference.Kind, List<Object[]>> e : r.keys.entrySet()) {
      if (e.getValue().isEmpty()) continue;
      sb.append(System.lineSeparator()).append("  ").append(e.getKey().name().toLowerCase()).append(" keys:");
      for (int i = 0; i < Math.min(SHOWN, e.getValue().size()); i++) sb.append(' ').append(show(e.getValue().get(i)));
      if (e.getValue().size() > SHOWN) sb.append(" …");
    }
    if (!r.record.clean()) sb.append(System.lineSeparator()).append("  repair them with: repair --migration ")
        .append(migration).append(" --from-verify");
    return sb.toString();
  }

  private static String show(Object[] key) {
    if (key.length == 1) return String.valueOf(key[0]);
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < key.length; i++) sb.append(i > 0 ? ", " : "").append(key[i]);
    return sb.append(')').toString();
  }
}
