package dev.shunt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar shunt.jar <command>}: the operator's tools. Exit codes are a
 * contract: 0 success, 1 differences found or the job failed, 2 usage or configuration error.
 */
@Command(name = "shunt", mixinStandardHelpOptions = true, versionProvider = ShuntCli.Version.class,
    description = "Zero-downtime table migrations through a JDBC proxy.",
    subcommands = {DemoCommand.class, StatusCommand.class, BackfillCommand.class, VerifyCommand.class,
        RepairCommand.class, PhaseCommand.class})
public final class ShuntCli implements Runnable {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // the operator's jar carries no SLF4J binding; its warning about that is noise on a terminal
    if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
    quietJavaUtilLogging(args.length > 0 && "demo".equals(args[0]));
    System.exit(run(args));
  }

  /** Held so the level set below stays (java.util.logging keeps loggers only weakly). */
  private static java.util.logging.Logger shuntJulLogger;

  /**
   * Without SLF4J, Shunt logs through java.util.logging (dev.shunt.log): on the command line only
   * its warnings and errors, one line each, unless the operator configured java.util.logging. The
   * demo prints its own report and checks its own result, so there the driver's log stays silent.
   */
  private static void quietJavaUtilLogging(boolean demo) {
    if (System.getProperty("java.util.logging.config.file") != null || System.getProperty("java.util.logging.config.class") != null) return;
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    }
    shuntJulLogger = java.util.logging.Logger.getLogger("dev.shunt");
    shuntJulLogger.setLevel(demo ? java.util.logging.Level.OFF : java.util.logging.Level.WARNING);
  }

  /** Runs one command and returns its exit code; never calls {@code System.exit}, for tests. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ShuntCli());
    cli.setExitCodeExceptionMapper(e -> e instanceof CliException ? ((CliException) e).exitCode() : FAILED);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("shunt " + commandLine.getCommandName() + ": " + CliException.sentence(e));
      return e instanceof CliException ? ((CliException) e).exitCode() : FAILED;
    });
    return cli.execute(args);
  }

  @Override public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command: demo, status, backfill, verify, repair or phase");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override public String[] getVersion() {
      String v = ShuntCli.class.getPackage().getImplementationVersion();
      return new String[] {"shunt " + (v == null ? "development build" : v)};
    }
  }
}
