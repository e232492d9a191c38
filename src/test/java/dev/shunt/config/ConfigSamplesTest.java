package dev.shunt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file in config-samples/ is a valid toggle file (secrets resolved from stand-ins). */
class ConfigSamplesTest {
  @Test void everySampleParses() throws Exception {
    List<Path> samples;
    try (Stream<Path> files = Files.list(Path.of("config-samples"))) {
      samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
    assertEquals(6, samples.size(), "one sample per scenario Shunt is built for");
    ToggleFileParser parser = new ToggleFileParser(name -> "stand-in");
    for (Path p : samples) {
      byte[] content = Files.readAllBytes(p);
      ShuntConfig c = parser.parse(p, secretFileTolerant(content));
      assertFalse(c.migrations().isEmpty(), p + " has a migration");
    }
  }

  /** The move-database sample reads a mounted secret file; point it at a file that exists here. */
  private static byte[] secretFileTolerant(byte[] content) throws IOException {
    Path secret = Files.createTempFile("shunt-sample-secret", "");
    secret.toFile().deleteOnExit();
    return new String(content, java.nio.charset.StandardCharsets.UTF_8)
        .replace("/run/secrets/new_db_password", secret.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
