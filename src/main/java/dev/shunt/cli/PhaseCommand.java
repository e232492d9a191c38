package dev.shunt.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "phase", mixinStandardHelpOptions = true, description = "not built yet")
final class PhaseCommand implements Callable<Integer> {
  @Override public Integer call() {
    throw CliException.failed("phase is not built yet");
  }
}
