package dev.shunt.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shipped toggle files of config-samples/, pointed at a test's databases. */
public final class ConfigSamples {
  private ConfigSamples() {}

  /**
   * The sample with its {@code old:}/{@code new:} URLs pointing at the test's databases (user and
   * password lines dropped: the URLs carry them) and every migration in phase shadow-write.
   */
  public static Path forTest(String sample, TestDatabase old, TestDatabase neu, Path dir) throws Exception {
    List<String> out = new ArrayList<>();
    String section = "";
    boolean sawNew = false;
    for (String line : Files.readAllLines(Path.of("config-samples", sample), StandardCharsets.UTF_8)) {
      if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")) {
        section = line.contains(":") ? line.substring(0, line.indexOf(':')).trim() : "";
        if (section.equals("new")) sawNew = true;
      }
      String trimmed = line.trim();
      if (section.equals("old") || section.equals("new")) {
        String indent = line.substring(0, line.indexOf(trimmed));
        if (trimmed.startsWith("url:")) {
          TestDatabase target = section.equals("old") ? old : neu;
          assertTrue(target != null, sample + " has a new: section, the test gave no second database");
          out.add(indent + "url: \"" + target.rawUrl() + "\"");
          continue;
        }
        if (trimmed.startsWith("user:") || trimmed.startsWith("password:")) continue;
      }
      if (section.equals("migrations")) {
        String indent = line.substring(0, line.indexOf(trimmed));
        if (trimmed.startsWith("phase:") || trimmed.startsWith("writes:")) {
          out.add(indent + "phase: shadow-write");
          continue;
        }
        if (trimmed.startsWith("reads:") || trimmed.startsWith("read_percent:")) continue;
      }
      out.add(line);
    }
    assertEquals(neu != null, sawNew, sample + ": two databases exactly when the sample has a new: section");
    Path file = dir.resolve(sample);
    String text = String.join("\n", out) + "\n";
    assertFalse(text.contains("${"), sample + ": every secret placeholder replaced\n" + text);
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    return file;
  }

}
