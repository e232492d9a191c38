package dev.shunt.cli;

import dev.shunt.config.ConfigException;
import dev.shunt.config.Migration;
import dev.shunt.config.Phase;
import dev.shunt.config.PhaseRules;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.fleet.Instance;
import dev.shunt.fleet.Instances;
import dev.shunt.ops.BackfillProgress;
import dev.shunt.write.RepairQueue;
import dev.shunt.ops.VerifyRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code phase --config F --migration M --set PHASE [--force]}: checks the move,
 * then rewrites the toggle file atomically, comments and all. Every driver re-reads the file and
 * checks the same move itself, so a move this command refuses would be refused there too.
 *
 * <p>{@code --force} does two things. A move past {@code shadow-write} is normally refused while
 * the backfill is unfinished or the last verify is missing or found differences; --force skips
 * that check (it only exists here: drivers do not look at backfill state). A move the phase rules
 * call unsafe (skipping a phase, {@code new-only} back to {@code new-primary}) would be refused by
 * every driver, keeping its old configuration, unless the file says {@code force: true}; so
 * --force writes {@code force: true} into the migration in the same atomic rewrite. It stays
 * there until the next {@code phase} command without --force, which removes it.
 */
@Command(name = "phase", mixinStandardHelpOptions = true,
    description = "Validate a phase move and rewrite the toggle file atomically.")
final class PhaseCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--migration", required = true, paramLabel = "M", description = "the migration to move")
  String migration;

  @Option(names = "--set", required = true, paramLabel = "PHASE",
      description = "the phase to move to: old, shadow-write, shadow-read, new-primary, new-only or done")
  String set;

  @Option(names = "--force", description = "move even when the backfill/verify check or the phase rules refuse it")
  boolean force;

  @Spec CommandSpec spec;

  @Override public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Phase target = Phase.fromWireName(set);
    if (target == null) {
      throw CliException.usage("unknown phase '" + set + "'; valid phases: " + phaseNames());
    }
    Path file = config.file;
    Path real;
    byte[] before;
    try {
      real = ToggleFileRewrite.realTarget(file);
      before = Files.readAllBytes(real);
    } catch (IOException e) {
      throw CliException.usage("cannot read the toggle file " + file + ": " + e.getMessage());
    }
    ToggleFileParser parser = new ToggleFileParser();
    ShuntConfig previous = parse(parser, file, before, null);
    Migration current = ConfigOption.migration(previous, migration);
    String text = new String(before, StandardCharsets.UTF_8);

    if (current.phase() == target) {
      out.println(migration + " is already in phase " + target + " in " + file + "; nothing changed");
      return ShuntCli.OK;
    }

    // the phase rules, as every driver will apply them to this move
    String candidate = ToggleFileRewrite.setPhase(text, migration, target, ToggleFileRewrite.Force.REMOVE);
    Migration after = ConfigOption.migration(parse(parser, file, bytes(candidate), null), migration);
    String unsafe = PhaseRules.unsafeMove(current, after);
    List<String> notes = new ArrayList<>();
    if (unsafe != null) {
      if (!force) throw CliException.failed("refused: " + unsafe + "; use --force to move anyway");
      candidate = ToggleFileRewrite.setPhase(text, migration, target, ToggleFileRewrite.Force.SET);
      notes.add("forced past the phase rules (" + unsafe + "): wrote force: true into migration '" + migration
          + "' so that every driver accepts the move; the next phase command without --force removes it");
    } else if (current.force()) {
      notes.add("removed force: true from migration '" + migration + "' (this move is safe without it)");
    }

    // backfill and verify, for moves forward past shadow-write
    if (target.ordinal() > Phase.SHADOW_WRITE.ordinal() && target.ordinal() > rank(current)) {
      String missing = readiness(previous, notes);
      if (missing != null) {
        if (!force) throw CliException.failed("refused: " + missing + "; use --force to move anyway");
        notes.add("forced although " + missing);
      }
    }

    byte[] content = bytes(candidate);
    parse(parser, file, content, previous); // the whole file as the drivers will check it
    try {
      ToggleFileRewrite.replaceAtomically(real, before, content);
    } catch (IOException e) {
      throw CliException.failed("cannot write " + real + ": " + e.getMessage());
    }
    out.println(migration + ": " + current.phaseLabel() + " -> " + target + " (" + file
        + (real.equals(file) ? "" : ", written to the symlink's target " + real) + ")");
    for (String n : notes) out.println("note: " + n);
    if (!real.equals(file) && real.toString().contains("/..")) {
      out.println("note: " + file + " looks like a Kubernetes ConfigMap mount; kubelet will restore the ConfigMap's"
          + " content at its next sync, so make the same change in the ConfigMap itself");
    }
    return ShuntCli.OK;
  }

  /** Why the migration is not ready to leave shadow-write, or null when backfill and verify are done. */
  private String readiness(ShuntConfig config, List<String> notes) {
    Databases dbs;
    try {
      dbs = new Databases(config);
    } catch (CliException e) {
      if (force) return "the backfill and verify state could not be checked (" + e.getMessage() + ")";
      throw e;
    }
    try (Connection old = dbs.openOld()) {
      old.setAutoCommit(true);
      fleetNote(old, config, notes);
      long pending = RepairQueue.pending(old, config.state(), migration);
      if (pending > 0) {
        // entries were queued toward the side the current phase writes second: moving on would leave them stranded
        return pending + " repair-queue entr" + (pending == 1 ? "y" : "ies") + " of '" + migration + "' pending (writes the other"
            + " side missed); run shunt repair --config " + this.config.file + " --migration " + migration
            + " until shunt status shows none, and resolve any conflict it names";
      }
      Optional<BackfillProgress> backfill = BackfillProgress.read(old, config.state(), migration);
      if (backfill.isEmpty()) return "no backfill of '" + migration + "' has run (run shunt backfill first)";
      if (!backfill.get().finished) return "the backfill of '" + migration + "' is unfinished (" + backfill.get() + ")";
      Optional<VerifyRecord> verify = VerifyRecord.latest(old, config.state(), migration);
      if (verify.isEmpty()) return "verify has not run on '" + migration + "' since the backfill (run shunt verify first)";
      if (!verify.get().clean()) return "the last verify of '" + migration + "' found " + verify.get() + " (run shunt repair --from-verify, then verify again)";
      return null;
    } catch (SQLException | CliException e) {
      if (force) return "the backfill and verify state could not be checked (" + CliException.sentence(e) + ")";
      if (e instanceof CliException) throw (CliException) e;
      throw new CliException(ShuntCli.FAILED, "cannot read the backfill and verify state: " + CliException.sentence(e), e);
    }
  }

  /**
   * A note when the live driver instances have not all loaded the file's current phases: each
   * driver checks the next move from the phase it has, so one that lags may refuse this move.
   */
  private static void fleetNote(Connection old, ShuntConfig config, List<String> notes) {
    try {
      long now = System.currentTimeMillis();
      List<Instance> live = new ArrayList<>();
      for (Instance i : Instances.read(old, config.state())) if (i.live(now)) live.add(i);
      String convergence = StatusCommand.convergence(config, live);
      if (convergence.startsWith("NOT")) {
        notes.add("the fleet had not converged on the file's phases before this move (" + convergence
            + "); instances that lag check the move from the phase they have, see shunt status");
      }
    } catch (SQLException e) {
      // the fleet table is advisory here; status reports it
    }
  }

  /** Where a migration stands on the phase ladder; a writes/reads pair counts as its phase, else as the furthest phase with its writes. */
  static int rank(Migration m) {
    if (m.phase() != null) return m.phase().ordinal();
    int rank = 0;
    for (Phase p : Phase.values()) {
      if (p.writes() == m.writes() && p.reads() == m.reads()) return p.ordinal();
      if (p.writes() == m.writes()) rank = p.ordinal();
    }
    return rank;
  }

  private static ShuntConfig parse(ToggleFileParser parser, Path file, byte[] content, ShuntConfig previous) {
    try {
      return parser.parse(file, content, previous);
    } catch (ConfigException e) {
      throw new CliException(ShuntCli.USAGE, e.getMessage(), e);
    }
  }

  private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  static String phaseNames() {
    List<String> names = new ArrayList<>();
    for (Phase p : Phase.values()) names.add(p.wireName());
    return String.join(", ", names);
  }
}
