package dev.shunt.cli;

import dev.shunt.config.ConfigException;
import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.ToggleFileParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config F}: the toggle file every operator command reads. */
final class ConfigOption {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the toggle file")
  Path file;

  ShuntConfig load() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw CliException.usage("cannot read the toggle file " + file + ": " + e.getMessage());
    }
    try {
      return new ToggleFileParser().parse(file, content);
    } catch (ConfigException e) {
      throw new CliException(ShuntCli.USAGE, e.getMessage(), e);
    }
  }

  static Migration migration(ShuntConfig config, String name) {
    Migration m = config.migrations().get(name);
    if (m == null) {
      throw CliException.usage("the toggle file has no migration named '" + name + "' (it has: "
          + String.join(", ", config.migrations().keySet()) + ")");
    }
    return m;
  }
}
