package dev.shunt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.Migration;
import dev.shunt.config.Phase;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.ToggleFileParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The toggle-file rewrite of {@code shunt phase}, and the command's refusals that need no database. */
class PhaseCommandTest {
  static final String HEAD = "# Shunt toggle file for the app\n"
      + "version: 1   # always 1\n"
      + "\n"
      + "reload_ms: 500\n"
      + "migrations:\n"
      + "  # the users table moves to users_v2\n"
      + "  users:\n"
      + "    old: { table: users, key: [id] }     # the key\n"
      + "    new: { table: users_v2 }\n"
      + "    columns: { id: id, display_name: name }\n"
      + "    reverse: { id: id, name: display_name }\n";

  @TempDir Path dir;

  static String file(String migrationTail) {
    return HEAD + migrationTail + "    read_percent: 100   # all reads\n"
        + "  orders:\n"
        + "    old: { table: orders, key: [id] }\n"
        + "    new: { table: orders_v2 }\n"
        + "    columns: { id: id }\n"
        + "    phase: old\n";
  }

  static Migration parse(String text, String name) throws Exception {
    ShuntConfig c = new ToggleFileParser().parse(Path.of("shunt.yaml"), text.getBytes(StandardCharsets.UTF_8));
    return c.migrations().get(name);
  }

  @Test void replacesOnlyThePhaseValueAndKeepsEverythingElse() throws Exception {
    String before = file("    phase: shadow-write   # dual writes since Monday\n");
    String after = ToggleFileRewrite.setPhase(before, "users", Phase.SHADOW_READ, ToggleFileRewrite.Force.REMOVE);
    assertEquals(before.replace("phase: shadow-write ", "phase: shadow-read "), after);
    assertEquals(Phase.SHADOW_READ, parse(after, "users").phase());
    assertEquals(Phase.OLD, parse(after, "orders").phase(), "the other migration is untouched");
  }

  @Test void quotedValuesAndCrlfLineEnds() throws Exception {
    String before = file("    phase: \"shadow-write\"\n").replace("\n", "\r\n");
    String after = ToggleFileRewrite.setPhase(before, "users", Phase.OLD, ToggleFileRewrite.Force.KEEP);
    assertEquals(before.replace("phase: \"shadow-write\"", "phase: old"), after);
    assertEquals(Phase.OLD, parse(after, "users").phase());
  }

  @Test void replacesWritesAndReadsByOnePhaseLine() throws Exception {
    String before = file("    writes: old-primary   # mirrored\n    reads: old\n");
    String after = ToggleFileRewrite.setPhase(before, "users", Phase.SHADOW_READ, ToggleFileRewrite.Force.REMOVE);
    assertEquals(file("    phase: shadow-read   # mirrored\n"), after);
    Migration m = parse(after, "users");
    assertEquals(Phase.SHADOW_READ, m.phase());
  }

  @Test void readsBeforeWrites() throws Exception {
    String before = file("    reads: old\n    writes: old-primary\n");
    String after = ToggleFileRewrite.setPhase(before, "users", Phase.SHADOW_WRITE, ToggleFileRewrite.Force.KEEP);
    assertEquals(file("    phase: shadow-write\n"), after);
  }

  @Test void flowStyleMigration() throws Exception {
    String text = "version: 1\nmigrations:\n  users: { old: { table: users, key: [id] }, new: { table: users_v2 }, "
        + "columns: { id: id }, writes: off, reads: old }  # flow\n";
    String after = ToggleFileRewrite.setPhase(text, "users", Phase.SHADOW_WRITE, ToggleFileRewrite.Force.SET);
    assertEquals("version: 1\nmigrations:\n  users: { old: { table: users, key: [id] }, new: { table: users_v2 }, "
        + "columns: { id: id }, phase: shadow-write, force: true }  # flow\n", after);
    assertTrue(parse(after, "users").force());
  }

  @Test void forceIsAddedAfterThePhaseLineAndRemovedAgain() throws Exception {
    String before = file("    phase: old  # new schema deployed\n");
    String forced = ToggleFileRewrite.setPhase(before, "users", Phase.SHADOW_READ, ToggleFileRewrite.Force.SET);
    assertEquals(file("    phase: shadow-read  # new schema deployed\n    force: true\n"), forced);
    assertTrue(parse(forced, "users").force());
    String back = ToggleFileRewrite.setPhase(forced, "users", Phase.SHADOW_WRITE, ToggleFileRewrite.Force.REMOVE);
    assertEquals(file("    phase: shadow-write  # new schema deployed\n"), back);
    String existing = file("    phase: old\n    force: false  # careful\n");
    assertEquals(file("    phase: new-only\n    force: true  # careful\n"),
        ToggleFileRewrite.setPhase(existing, "users", Phase.NEW_ONLY, ToggleFileRewrite.Force.SET));
  }

  @Test void unknownMigrationIsAUsageError() {
    CliException e = assertThrows(CliException.class,
        () -> ToggleFileRewrite.setPhase(file("    phase: old\n"), "nobody", Phase.OLD, ToggleFileRewrite.Force.KEEP));
    assertEquals(ShuntCli.USAGE, e.exitCode());
  }

  // ---- the command, on files without a database (moves up to shadow-write need none) ----

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return ShuntCli.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path write(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  private static String read(Path f) throws Exception {
    return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
  }

  @Test void movesOneStepAndPrintsTheChange() throws Exception {
    String before = file("    phase: old   # not yet\n");
    Path f = write("shunt.yaml", before);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals(0, run("phase", "--config", f.toString(), "--migration", "users", "--set", "shadow-write"), err.toString());
    assertEquals(before.replace("phase: old ", "phase: shadow-write "), read(f));
    assertTrue(out.toString().contains("users: old -> shadow-write"), out.toString());
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "readers keep their access");
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test void alreadyThereChangesNothing() throws Exception {
    Path f = write("shunt.yaml", file("    phase: old\n"));
    assertEquals(0, run("phase", "--config", f.toString(), "--migration", "users", "--set", "old"));
    assertTrue(out.toString().contains("already in phase old"), out.toString());
  }

  @Test void unknownPhaseListsTheValidNames() throws Exception {
    Path f = write("shunt.yaml", file("    phase: old\n"));
    assertEquals(2, run("phase", "--config", f.toString(), "--migration", "users", "--set", "shadow"));
    assertTrue(err.toString().contains("old, shadow-write, shadow-read, new-primary, new-only, done"), err.toString());
  }

  @Test void unknownMigrationExitsTwo() throws Exception {
    Path f = write("shunt.yaml", file("    phase: old\n"));
    assertEquals(2, run("phase", "--config", f.toString(), "--migration", "nobody", "--set", "old"));
    assertTrue(err.toString().contains("no migration named 'nobody'"), err.toString());
  }

  @Test void skippingAPhaseIsRefusedAndForceWritesForceTrue() throws Exception {
    String before = file("    phase: shadow-write\n");
    Path f = write("shunt.yaml", before);
    // back from shadow-write to old is one step; from new-only to old is not, and needs no database (a move back)
    Path g = write("back.yaml", file("    phase: new-only\n"));
    assertEquals(1, run("phase", "--config", g.toString(), "--migration", "users", "--set", "old"));
    assertTrue(err.toString().contains("refused: moving from new-only to old skips a phase"), err.toString());
    assertEquals(file("    phase: new-only\n"), read(g), "nothing written");

    assertEquals(0, run("phase", "--config", g.toString(), "--migration", "users", "--set", "old", "--force"), err.toString());
    assertEquals(file("    phase: old\n    force: true\n"), read(g));
    assertTrue(out.toString().contains("wrote force: true"), out.toString());

    // the next move without --force takes force: true out again
    assertEquals(0, run("phase", "--config", g.toString(), "--migration", "users", "--set", "shadow-write"), err.toString());
    assertEquals(file("    phase: shadow-write\n"), read(g));
    assertEquals(before, read(f));
  }

  @Test void aFileThatDoesNotLoadExitsTwo() throws Exception {
    Path f = write("shunt.yaml", "version: 1\nmigrations:\n  users: [\n");
    assertEquals(2, run("phase", "--config", f.toString(), "--migration", "users", "--set", "old"));
    assertTrue(err.toString().contains("shunt.yaml:"), err.toString());
  }

  @Test void aSymlinkIsFollowedAndStaysALink() throws Exception {
    Path real = dir.resolve("..2026_12_02").resolve("shunt.yaml");
    Files.createDirectories(real.getParent());
    Files.write(real, file("    phase: old\n").getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_12_02"));
    Path link = dir.resolve("shunt.yaml");
    Files.createSymbolicLink(link, Path.of("..data", "shunt.yaml"));

    assertEquals(0, run("phase", "--config", link.toString(), "--migration", "users", "--set", "shadow-write"), err.toString());
    assertTrue(Files.isSymbolicLink(link), "the link is not replaced by a plain file");
    assertEquals(Path.of("..data", "shunt.yaml"), Files.readSymbolicLink(link));
    assertEquals(file("    phase: shadow-write\n"), read(real));
    assertTrue(out.toString().contains("written to the symlink's target"), out.toString());
    assertTrue(out.toString().contains("ConfigMap"), out.toString());
  }

  @Test void aChangeMadeMeanwhileIsNotOverwritten() throws Exception {
    Path f = write("shunt.yaml", "a");
    CliException e = assertThrows(CliException.class,
        () -> ToggleFileRewrite.replaceAtomically(f, "b".getBytes(StandardCharsets.UTF_8), "c".getBytes(StandardCharsets.UTF_8)));
    assertEquals(ShuntCli.FAILED, e.exitCode());
    assertEquals("a", read(f));
    Path moved = dir.resolve("other");
    Files.move(f, moved, StandardCopyOption.ATOMIC_MOVE);
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "the temporary file was removed");
    }
    assertFalse(Files.exists(f));
  }
}
