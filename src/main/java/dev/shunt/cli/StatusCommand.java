package dev.shunt.cli;

import dev.shunt.config.ConfigException;
import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.fleet.Instance;
import dev.shunt.fleet.Instances;
import dev.shunt.ops.BackfillProgress;
import dev.shunt.ops.StateTables;
import dev.shunt.ops.VerifyRecord;
import dev.shunt.write.RepairQueue;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code status --config F}: per migration its phase in the file, backfill
 * progress, repair queue depth, last verify and unmirrored writes; then every driver instance
 * recorded in {@code shunt_instances} and whether the live ones have all loaded the file's phases.
 * Exit 0 when it could tell; 2 when the file does not load (the error is shown, since the drivers
 * keep running on their last good version); 1 when the database cannot be read.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show each migration's phase, backfill, repair queue, verify and the fleet's convergence.")
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Override public Integer call() throws SQLException {
    PrintWriter out = spec.commandLine().getOut();
    ShuntConfig cfg;
    try {
      byte[] content = Files.readAllBytes(config.file);
      cfg = new ToggleFileParser().parse(config.file, content);
    } catch (IOException e) {
      out.println("toggle file  " + config.file);
      out.println("load error   cannot read it: " + e.getMessage());
      out.flush();
      throw CliException.usage("cannot read the toggle file " + config.file + ": " + e.getMessage());
    } catch (ConfigException e) {
      out.println("toggle file  " + config.file);
      out.println("load error   " + e.getMessage());
      out.println("             drivers that loaded an earlier version keep it until the file is fixed");
      out.flush();
      throw new CliException(ShuntCli.USAGE, "the toggle file does not load: " + e.getMessage(), e);
    }
    out.println("toggle file  " + config.file + "  (sha256 " + cfg.contentHash().substring(0, 12) + ", "
        + cfg.migrations().size() + " migration(s))");
    out.println("load error   none");

    Databases dbs = new Databases(cfg);
    long now = System.currentTimeMillis();
    List<Instance> instances;
    try (Connection old = dbs.openOld()) {
      old.setAutoCommit(true);
      instances = Instances.read(old, cfg.state());
      Map<String, Long> queue = queueDepths(old, cfg.state());
      Map<String, String> conflicts = conflicts(old, cfg.state());
      Map<String, Long> local = localQueue(config.file);
      out.println();
      TextTable t = new TextTable("MIGRATION", "PHASE", "BACKFILL", "REPAIR QUEUE", "LAST VERIFY", "UNMIRRORED WRITES",
          "READ COMPARES");
      for (Migration m : cfg.migrations().values()) {
        Optional<BackfillProgress> backfill = BackfillProgress.read(old, cfg.state(), m.name());
        Optional<VerifyRecord> verify = VerifyRecord.latest(old, cfg.state(), m.name());
        t.add(m.name(), m.phaseLabel(),
            backfill.map(BackfillProgress::toString).orElse("not started")
                + (cfg.backfill().pause() || cfg.backfill().maxRowsPerSecond() > 0 ? " (" + cfg.backfill() + " by the toggle file)" : ""),
            queue.getOrDefault(m.name(), 0L) + (local.containsKey(m.name()) ? " + " + local.get(m.name()) + " in local file" : "")
                + (conflicts.containsKey(m.name()) ? " (refused by the new side as conflicts: " + conflicts.get(m.name()) + ")" : ""),
            verify.map(v -> v + ", " + time(v.finishedAt)).orElse("never"),
            unmirrored(m.name(), instances, now), reads(m.name(), instances, now));
      }
      t.print(out, "");
      if (!local.isEmpty()) {
        out.println("local file   " + localQueueFile(config.file) + " holds keys the driver could not queue in the database");
      }
    }

    out.println();
    List<Instance> live = new ArrayList<>();
    for (Instance i : instances) if (i.live(now)) live.add(i);
    out.println("fleet        " + live.size() + " live instance(s)" + (instances.size() > live.size()
        ? ", " + (instances.size() - live.size()) + " stale (not seen for over " + Instances.STALE_AFTER_MS / 1000 + " s)" : ""));
    if (!instances.isEmpty()) {
      TextTable f = new TextTable("HOST", "PID", "INSTANCE", "FILE", "CONFIG", "PHASES", "UNMIRRORED", "SEEN", "LOAD ERROR");
      for (Instance i : instances) {
        f.add(i.host, String.valueOf(i.pid), shortId(i), i.configFile,
            "v" + i.configVersion + " " + i.configHash.substring(0, Math.min(12, i.configHash.length())),
            join(i.phases), join(i.unmirrored), ago(now - i.seenAt) + (i.live(now) ? "" : " (stale)"),
            i.lastError == null ? "-" : i.lastError);
      }
      f.print(out, "  ");
    }
    out.println(convergence(cfg, live));
    return ShuntCli.OK;
  }

  /** "converged: …" or "NOT converged: host X (pid N) has users=old; …". */
  static String convergence(ShuntConfig cfg, List<Instance> live) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (Migration m : cfg.migrations().values()) wanted.put(m.name(), m.phaseLabel());
    if (live.isEmpty()) return "no live instances have reported; nothing to compare";
    List<String> behind = new ArrayList<>();
    for (Instance i : live) {
      List<String> differs = new ArrayList<>();
      for (Map.Entry<String, String> w : wanted.entrySet()) {
        String has = i.phases.get(w.getKey());
        if (!w.getValue().equals(has)) differs.add(has == null ? "no migration " + w.getKey() : w.getKey() + "=" + has);
      }
      if (!differs.isEmpty()) behind.add("host " + i.host + " (pid " + i.pid + ", instance " + shortId(i) + ") has " + String.join(", ", differs));
    }
    if (behind.isEmpty()) {
      return "converged: all " + live.size() + " live instance(s) have " + join(wanted);
    }
    return "NOT converged: " + String.join("; ", behind) + " (the file says " + join(wanted) + ")";
  }

  /** Queued keys per migration; none when the queue table does not exist yet. */
  /**
   * Queued keys per migration whose last copy the other side refused with an integrity error
   * (SQLState class 23: a unique index, foreign key or check the old table lacks): no retry fixes them.
   */
  private static final java.util.regex.Pattern CONSTRAINT = java.util.regex.Pattern.compile("on constraint '([^']+)'");

  /** Per migration, "N on constraint, …" for the queued keys the new side refused. */
  private static Map<String, String> conflicts(Connection old, StateTables state) throws SQLException {
    if (!StateTables.exists(old, state.repairQueue())) return new HashMap<>();
    Map<String, Map<String, Long>> byConstraint = new java.util.TreeMap<>();
    try (PreparedStatement ps = old.prepareStatement("SELECT migration, reason, COUNT(DISTINCT key_values) FROM " + state.repairQueue()
        + " WHERE reason LIKE ? GROUP BY migration, reason")) {
      ps.setString(1, "%SQLState 23%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          java.util.regex.Matcher named = CONSTRAINT.matcher(rs.getString(2));
          String constraint = named.find() ? named.group(1) : "a constraint";
          byConstraint.computeIfAbsent(rs.getString(1), k -> new java.util.TreeMap<>()).merge(constraint, rs.getLong(3), Long::sum);
        }
      }
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, Map<String, Long>> e : byConstraint.entrySet()) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<String, Long> c : e.getValue().entrySet()) {
        sb.append(sb.length() > 0 ? ", " : "").append(c.getValue()).append(" on ").append(c.getKey());
      }
      out.put(e.getKey(), sb.toString());
    }
    return out;
  }

  private static Map<String, Long> queueDepths(Connection old, StateTables state) throws SQLException {
    Map<String, Long> out = new HashMap<>();
    if (!StateTables.exists(old, state.repairQueue())) return out;
    try (PreparedStatement ps = old.prepareStatement("SELECT migration, COUNT(*) FROM " + state.repairQueue() + " GROUP BY migration");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
    }
    return out;
  }

  /** The driver's fallback queue next to the toggle file (written when the queue table could not be). */
  static java.nio.file.Path localQueueFile(java.nio.file.Path toggle) {
    return RepairQueue.localFile(toggle);
  }

  /** Entries per migration in the local fallback queue file; empty when there is none here. */
  private static Map<String, Long> localQueue(java.nio.file.Path toggle) {
    Map<String, Long> out = new LinkedHashMap<>();
    java.nio.file.Path f = localQueueFile(toggle);
    if (!Files.isRegularFile(f)) return out;
    try {
      for (String line : Files.readAllLines(f, java.nio.charset.StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab > 0) out.merge(line.substring(0, tab), 1L, Long::sum);
      }
    } catch (IOException e) {
      // unreadable here: the database queue is what status reports
    }
    return out;
  }

  /**
   * Unmirrored writes of a migration over the live instances, counted once per process (the
   * counters are per process, shared by every toggle file it uses).
   */
  private static String unmirrored(String migration, List<Instance> instances, long now) {
    Map<String, Long> byProcess = new LinkedHashMap<>();
    for (Instance i : instances) {
      if (!i.live(now)) continue;
      Long n = i.unmirrored.get(migration);
      if (n != null && n > 0) byProcess.merge(i.host + " pid " + i.pid, n, Math::max);
    }
    if (byProcess.isEmpty()) return "none";
    long total = 0;
    for (long n : byProcess.values()) total += n;
    return total + " on " + byProcess.size() + " instance(s): run verify";
  }

  /** Compares and confirmed mismatches over the live instances, and how many have the read breaker open. */
  static String reads(String migration, List<Instance> instances, long now) {
    Map<String, dev.shunt.fleet.ReadStats> byProcess = new LinkedHashMap<>();
    for (Instance i : instances) {
      if (!i.live(now)) continue;
      dev.shunt.fleet.ReadStats r = i.reads.get(migration);
      if (r != null) byProcess.putIfAbsent(i.host + " pid " + i.pid, r); // counters are per process
    }
    long compared = 0;
    long mismatches = 0;
    int open = 0;
    for (dev.shunt.fleet.ReadStats r : byProcess.values()) {
      compared += r.compared;
      mismatches += r.mismatches;
      if (!"closed".equals(r.breaker)) open++;
    }
    if (compared == 0 && mismatches == 0 && open == 0) return "none";
    String s = compared + " compared, " + (mismatches == 0 ? "no mismatches" : mismatches + " mismatch(es)");
    return open == 0 ? s : s + ", breaker open on " + open + " instance(s)";
  }

  private static String shortId(Instance i) {
    return i.instanceId.substring(0, Math.min(8, i.instanceId.length()));
  }

  private static String join(Map<String, ?> m) {
    if (m.isEmpty()) return "-";
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ?> e : m.entrySet()) {
      if (sb.length() > 0) sb.append(',');
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }

  private static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String ago(long ms) {
    long s = Math.max(0, ms) / 1000;
    if (s < 120) return s + " s ago";
    if (s < 7200) return s / 60 + " min ago";
    if (s < 172_800) return s / 3600 + " h ago";
    return s / 86_400 + " d ago";
  }
}
