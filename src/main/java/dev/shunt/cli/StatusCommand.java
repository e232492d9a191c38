package dev.shunt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "not built yet")
final class StatusCommand implements Callable<Integer> {
  @Override public Integer call() {
    throw CliException.failed("status is not built yet");
  }
}
