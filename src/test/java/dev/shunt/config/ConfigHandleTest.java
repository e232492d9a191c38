package dev.shunt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHandleTest {
  @TempDir Path dir;

  private static String file(String phase, boolean withNameMapping) {
    return "version: 1\nreload_ms: 50\nmigrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + "    columns:\n      id: id\n" + (withNameMapping ? "      display_name: name\n" : "") + "    phase: " + phase + "\n";
  }

  private static void write(Path p, String text) {
    try {
      Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A writer caught half way: the truncated text parses, but the file changes again before it is taken. */
  @Test void aFileStillBeingWrittenIsNotTaken() throws Exception {
    Path p = dir.resolve("shunt.yaml");
    write(p, file("old", true));
    ConfigHandle handle = new ConfigHandle(p, new ToggleFileParser());
    handle.acquire();
    try {
      String complete = file("shadow-write", true);
      String half = complete.replace("      display_name: name\n", ""); // still valid YAML and a valid migration
      write(p, half);
      handle.betweenReads = () -> write(p, complete);
      handle.reloadNow();
      assertEquals("old", handle.current().migrations().get("users").phaseLabel(), "the half-written text was not taken");
      handle.betweenReads = () -> { };
      handle.reloadNow();
      assertEquals("shadow-write", handle.current().migrations().get("users").phaseLabel());
      assertEquals(2, handle.current().migrations().get("users").columns().size(), "the complete file, mapping included");
      assertNull(handle.lastError());
    } finally {
      handle.release();
    }
  }
}
