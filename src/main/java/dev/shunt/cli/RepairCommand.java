package dev.shunt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "repair", mixinStandardHelpOptions = true, description = "not built yet")
final class RepairCommand implements Callable<Integer> {
  @Override public Integer call() {
    throw CliException.failed("repair is not built yet");
  }
}
