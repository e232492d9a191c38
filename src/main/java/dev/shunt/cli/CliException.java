package dev.shunt.cli;

import dev.shunt.config.ConfigException;
import java.sql.SQLException;

/** A failure the command reports as one sentence, with its exit code. */
final class CliException extends RuntimeException {
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() { return exitCode; }

  static CliException usage(String message) { return new CliException(ShuntCli.USAGE, message); }

  static CliException failed(String message) { return new CliException(ShuntCli.FAILED, message); }

  /** One readable sentence for any failure; database messages carry no bound values. */
  static String sentence(Throwable e) {
    if (e instanceof CliException || e instanceof ConfigException) return dev.shunt.log.Redact.secrets(e.getMessage());
    if (e instanceof SQLException) {
      // the database's own words quote values ("Duplicate entry 'alice@example.com'"): state and code only
      return "the database refused it: " + dev.shunt.log.Redact.error(e, false);
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + dev.shunt.log.Redact.secrets(e.getMessage()));
  }
}
