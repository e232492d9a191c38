package dev.shunt.bench;

import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Compare reads at sample 1.0: the application's point SELECT by key on a migrated
 * table whose migration reads in {@code compare} mode (writes old-primary, every read sampled, the
 * new table holding the transformed rows so the compares agree), against reading the old table
 * alone: the raw driver, and Shunt with the migration in phase {@code old} and {@code shadow-write}.
 * The contenders are interleaved op by op (Rounds); the background compares run on Shunt's own
 * {@code shunt-compare-N} threads, whose queue (256) drops compares when full, so the row says how
 * many compares really ran.
 */
final class CompareBench {
  static final String TABLE = "cmp_users";
  static final String MIGRATION = TABLE;
  static final String RAW = "raw MariaDB Connector/J, old table";
  static final String PHASE_OLD = "Shunt, phase old (reads old)";
  static final String SHADOW = "Shunt, shadow-write (reads old)";
  static final String COMPARE = "Shunt, reads: compare, sample 1.0, same database";
  static final String COMPARE_TWO = "Shunt, reads: compare, sample 1.0, two databases";
  static final String MODE = "writes: old-primary\n    reads: compare\n    compare: { sample: 1.0, confirm_ms: 200 }";

  private final Bench b;
  private final int rows;

  CompareBench(Bench b, int rows) {
    this.b = b;
    this.rows = rows;
  }

  void run() throws Exception {
    Env env = b.env;
    Bench.progress("compare reads: seeding " + rows + " rows in " + TABLE + " and " + TABLE + "_v2 (both databases)");
    // lower-case e-mail addresses: the transform LOWER(email) is then lossless and the reverse
    // (email: email) gives back exactly the old value, so every compare can agree
    env.exec(Env.DB,
        "DROP TABLE IF EXISTS " + TABLE, "DROP TABLE IF EXISTS " + TABLE + "_v2",
        "CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
        "CREATE TABLE " + TABLE + "_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)",
        "INSERT INTO " + TABLE + " SELECT seq, CONCAT('n', seq), CONCAT('user', seq, '@example.org'), seq % 1000 FROM seq_1_to_"
            + rows,
        "INSERT INTO " + TABLE + "_v2 SELECT id, name, LOWER(email), score * 10 FROM " + TABLE);
    env.exec(Env.DB_NEW,
        "DROP TABLE IF EXISTS " + TABLE + "_v2",
        "CREATE TABLE " + TABLE + "_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)",
        "INSERT INTO " + TABLE + "_v2 SELECT id, name, LOWER(email), score * 10 FROM " + Env.DB + "." + TABLE);
    Path old = b.toggle("cmp-old", TABLE, "old", false);
    Path shadow = b.toggle("cmp-shadow", TABLE, "shadow-write", false);
    Path compare = b.toggle("cmp-compare", TABLE, MODE, false);
    Path compareTwo = b.toggle("cmp-compare-two", TABLE, MODE, true);

    List<Rounds.Contender> contenders = List.of(
        new Rounds.Contender(RAW, () -> env.raw(Env.DB)),
        new Rounds.Contender(PHASE_OLD, () -> env.shunt(Env.DB, old)),
        new Rounds.Contender(SHADOW, () -> env.shunt(Env.DB, shadow)),
        new Rounds.Contender(COMPARE, () -> env.shunt(Env.DB, compare)),
        new Rounds.Contender(COMPARE_TWO, () -> env.shunt(Env.DB, compareTwo)));

    Rounds.Op select = (c, r, seq) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, email, score FROM " + TABLE + " WHERE id = ?")) {
        ps.setInt(1, 1 + r.nextInt(rows));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) throw new IllegalStateException("point select found no row");
          rs.getString(2);
        }
      }
    };
    measure(1, contenders, select);
    measure(8, contenders, select);
  }

  private void measure(int threads, List<Rounds.Contender> contenders, Rounds.Op op) throws Exception {
    String workload = "point SELECT by key, " + threads + (threads == 1 ? " thread" : " threads");
    Bench.progress("compare reads: " + workload);
    MigrationCounters m = ShuntMetrics.process().migration(MIGRATION);
    long[] before = snapshot(m);
    Rounds.Result r = Rounds.run("compare reads " + workload, contenders, threads, op, b.seconds(), b.warmupSeconds());
    Thread.sleep(1500); // let the queued compares and their 200 ms confirmations finish before counting
    long[] after = snapshot(m);

    // Interleaving op by op puts the background compares' CPU on every contender alike (it shares
    // the machine with them). So also: the raw driver alone and Shunt with compare alone, in
    // alternating blocks, each block's throughput on its own; the ratio of the blocks' medians.
    Bench.progress("compare reads: " + workload + ", alternating blocks");
    double[] blockRatio = blocks(contenders.get(0), contenders.get(3), threads, op);

    Report rep = b.report;
    rep.section("Compare reads at sample 1.0: " + workload + " on the migrated table (" + (int) b.seconds()
        + " s, contenders interleaved op by op; µs per read: median / mean of the fastest 99%; latency relative to the raw"
        + " driver reading old by the medians)");
    String ref = RAW;
    for (Rounds.Contender c : contenders) {
      double time = 1 / r.ratio(c.name, ref);
      String value = String.format("%.1f / %.1f µs (%,d reads), %s the raw driver's latency", r.medianMicros(c.name),
          r.trimmedMeanMicros(c.name), r.count(c.name), Report.ratio(time));
      if (c.name.equals(ref)) {
        value += String.format(" (raw vs raw, alternate cycles: ±%.1f%%)", 100 * r.selfScatter(c.name));
        rep.info(c.name, value);
      } else if (c.name.equals(COMPARE)) {
        double vsShadow = r.medianMicros(COMPARE) / r.medianMicros(SHADOW);
        long[] d = new long[after.length];
        for (int i = 0; i < d.length; i++) d[i] = after[i] - before[i];
        value += String.format("; %s Shunt shadow-write reading old. ShuntMetrics for the migration over this workload and"
            + " its warm-up (both compare contenders): compareSamples %,d, comparesDone %,d, droppedCompares %,d"
            + " (queue of 256 full), so %,d compared in the background (%,d agreed, %,d secondary read failures),"
            + " confirmedMismatches %,d, breaker opened %d times",
            Report.ratio(vsShadow), d[0], d[1], d[2], d[1] - d[2], d[4], d[5], d[3], d[6]);
        rep.check(c.name, value, "≤ 1.10× old alone (raw driver), by the medians", time <= 1.10);
      } else {
        rep.info(c.name, value);
      }
    }
    rep.info("raw alone vs Shunt compare alone (same database), alternating blocks of " + BLOCK_SECONDS + " s, not interleaved",
        String.format("throughput %s raw (median of %d block pairs; the background compares' CPU now falls on compare's"
            + " blocks only; the raw driver against itself in the same blocks: ±%.1f%%)", Report.ratio(blockRatio[0]),
            (int) blockRatio[1], 100 * blockRatio[2]));
  }

  static final double BLOCK_SECONDS = 2.0;

  /**
   * {raw, compare} connections, one per thread each; blocks: raw, compare, raw, compare … in
   * alternating order. Returns {median ops/s ratio compare/raw, pairs, raw-vs-raw scatter of
   * consecutive raw blocks}.
   */
  private double[] blocks(Rounds.Contender raw, Rounds.Contender cmp, int threads, Rounds.Op op) throws Exception {
    int pairs = b.quick ? 3 : 8;
    List<Connection> rc = new ArrayList<>();
    List<Connection> cc = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        rc.add(raw.opener.open());
        cc.add(cmp.opener.open());
      }
      Rounds.measure(rc, op, 1.0);
      Rounds.measure(cc, op, 1.0);
      double[] ratios = new double[pairs];
      double[] rawRatios = new double[pairs];
      double prevRaw = Double.NaN;
      for (int i = 0; i < pairs; i++) {
        double rawOps;
        double cmpOps;
        if (i % 2 == 0) {
          rawOps = Rounds.measure(rc, op, BLOCK_SECONDS);
          cmpOps = Rounds.measure(cc, op, BLOCK_SECONDS);
        } else {
          cmpOps = Rounds.measure(cc, op, BLOCK_SECONDS);
          rawOps = Rounds.measure(rc, op, BLOCK_SECONDS);
        }
        ratios[i] = cmpOps / rawOps;
        rawRatios[i] = Double.isNaN(prevRaw) ? 1 : Math.abs(rawOps / prevRaw - 1);
        prevRaw = rawOps;
      }
      double[] scatter = new double[Math.max(1, pairs - 1)];
      for (int i = 1; i < pairs; i++) scatter[i - 1] = rawRatios[i];
      Thread.sleep(1500); // the queued compares finish before the next workload counts its own
      return new double[] {Rounds.median(ratios), pairs, Rounds.median(scatter)};
    } finally {
      for (Connection c : rc) c.close();
      for (Connection c : cc) c.close();
    }
  }

  private static long[] snapshot(MigrationCounters m) {
    return new long[] {m.compareSamples(), m.comparesDone(), m.droppedCompares(), m.confirmedMismatches(), m.compareAgreed(),
        m.secondaryReadFailures(), m.breakerOpened()};
  }
}
