package dev.shunt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "backfill", mixinStandardHelpOptions = true, description = "not built yet")
final class BackfillCommand implements Callable<Integer> {
  @Override public Integer call() {
    throw CliException.failed("backfill is not built yet");
  }
}
