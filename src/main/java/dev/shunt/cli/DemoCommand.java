package dev.shunt.cli;

import dev.shunt.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Walk a live workload through a complete migration (embedded H2 unless --url) and check nothing was lost.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Option(names = "--url", paramLabel = "JDBC_URL", description = "a real database to run on (its tables demo_accounts*"
      + " are dropped and created); default: embedded H2") String url = Demo.DEFAULT_URL;
  @Option(names = "--threads", paramLabel = "N", description = "application threads (default ${DEFAULT-VALUE})") int threads = 4;
  @Option(names = "--seconds-per-phase", paramLabel = "S", description = "(default ${DEFAULT-VALUE})") int seconds = 7;
  @Option(names = "--rows", paramLabel = "N", description = "history rows to backfill (default ${DEFAULT-VALUE})") int rows = 10_000;

  @Override public Integer call() throws Exception {
    if (!url.startsWith("jdbc:") || url.startsWith("jdbc:shunt:")) {
      throw CliException.usage("--url takes the real database's JDBC URL (jdbc:mariadb:…, jdbc:postgresql:…, jdbc:h2:…)");
    }
    if (threads < 1 || seconds < 1 || rows < 0) throw CliException.usage("--threads and --seconds-per-phase must be at least 1");
    boolean ok = new Demo(url, threads, seconds * 1000L, rows, spec.commandLine().getOut()).run();
    return ok ? ShuntCli.OK : ShuntCli.FAILED;
  }
}
