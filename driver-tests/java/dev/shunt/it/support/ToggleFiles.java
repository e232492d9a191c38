package dev.shunt.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes toggle files the three ways operators do: in place, atomic rename, symlink swap. */
public final class ToggleFiles {
  private ToggleFiles() {}

  /** A one-migration toggle file for table {@code users} (id, name) → {@code users_v2}. */
  public static String usersMigration(String phase, String extra) {
    return "version: 1\n"
        + "reload_ms: 50\n"
        + extra
        + "migrations:\n"
        + "  users:\n"
        + "    old: { table: users, key: [id] }\n"
        + "    new: { table: users_v2 }\n"
        + "    columns: { id: id, display_name: name }\n"
        + "    reverse: { id: id, name: display_name }\n"
        + "    phase: " + phase + "\n";
  }

  /** The {@code url}, {@code user} and {@code password} lines of a toggle file's {@code old:} or {@code new:} section. */
  public static String databaseSection(TestDatabase db) {
    String raw = db.rawUrl();
    int q = raw.indexOf('?');
    java.util.Map<String, String> params = new java.util.HashMap<>();
    if (q >= 0) {
      for (String p : raw.substring(q + 1).split("&")) {
        int eq = p.indexOf('=');
        if (eq > 0) params.put(p.substring(0, eq), p.substring(eq + 1));
      }
    }
    String defaultUser = db.engine() == Engine.POSTGRES ? "postgres" : "root";
    return "  url: \"" + (q < 0 ? raw : raw.substring(0, q)) + "\"\n"
        + "  user: " + params.getOrDefault("user", defaultUser) + "\n"
        + (params.containsKey("password") && !params.get("password").isEmpty()
            ? "  password: \"" + params.get("password") + "\"\n" : "");
  }

  public static void writeInPlace(Path file, String content) throws IOException {
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  public static void writeByRename(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".shunt", ".tmp");
    Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Kubernetes ConfigMap style: {@code file} is a symlink into a {@code ..data} link that points
   * at a timestamped directory; an update writes a new directory and swaps {@code ..data} by rename.
   */
  public static void writeBySymlinkSwap(Path file, String content) throws IOException {
    Path dir = file.getParent();
    Path version = Files.createTempDirectory(dir, "..version");
    Files.write(version.resolve(file.getFileName()), content.getBytes(StandardCharsets.UTF_8));
    Path data = dir.resolve("..data");
    Path tmpLink = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmpLink);
    Files.createSymbolicLink(tmpLink, version.getFileName());
    Files.move(tmpLink, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (!Files.isSymbolicLink(file)) {
      Files.deleteIfExists(file);
      Files.createSymbolicLink(file, Path.of("..data").resolve(file.getFileName()));
    }
  }
}
