package dev.shunt.bench;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

/**
 * Pass-through: point SELECT by key and single-row INSERT, 1 and 8 threads, on
 * tables no migration names, through the raw driver, Shunt (no config; a migration in phase old;
 * a migration in shadow-write on another table), p6spy and ShardingSphere-JDBC.
 */
final class PassThrough {
  static final String RAW = "raw MariaDB Connector/J";
  static final String RAW2 = "raw MariaDB Connector/J, a second connection (the noise floor)";
  static final String NO_CONFIG = "Shunt, no config";
  static final String PHASE_OLD = "Shunt, migration in phase old";
  static final String UNTOUCHED = "Shunt, shadow-write on another table";
  static final String P6SPY = "p6spy 3.9.1";
  static final String SHARDING = "ShardingSphere-JDBC 5.5.2";

  private final Bench b;
  private final int itemRows;

  PassThrough(Bench b, int itemRows) {
    this.b = b;
    this.itemRows = itemRows;
  }

  void run() throws Exception {
    Env env = b.env;
    Path phaseOld = b.toggle("phase-old", "users", "old", false);
    Path shadow = b.toggle("shadow-write", "users", "shadow-write", false);
    // p6spy: its wrappers with no logging module (the cheapest p6spy can be); no JMX, no spy.log
    System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
    System.setProperty("p6spy.config.jmx", "false");
    System.setProperty("p6spy.config.autoflush", "false");
    Class.forName("com.p6spy.engine.spy.P6SpyDriver");
    String ssUrl = "jdbc:shardingsphere:absolutepath:" + env.shardingSphereYaml();
    Class.forName("org.apache.shardingsphere.driver.ShardingSphereDriver");

    List<Rounds.Contender> contenders = List.of(
        new Rounds.Contender(RAW, () -> env.raw(Env.DB)),
        new Rounds.Contender(RAW2, () -> env.raw(Env.DB)),
        new Rounds.Contender(NO_CONFIG, () -> env.shunt(Env.DB, null)),
        new Rounds.Contender(PHASE_OLD, () -> env.shunt(Env.DB, phaseOld)),
        new Rounds.Contender(UNTOUCHED, () -> env.shunt(Env.DB, shadow)),
        new Rounds.Contender(P6SPY, () -> DriverManager.getConnection(env.p6spyUrl(Env.DB))),
        new Rounds.Contender(SHARDING, () -> DriverManager.getConnection(ssUrl)));

    Rounds.Op select = (c, r, seq) -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, qty FROM items WHERE id = ?")) {
        ps.setInt(1, 1 + r.nextInt(itemRows));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) throw new IllegalStateException("point select found no row");
          rs.getString(2);
        }
      }
    };
    Rounds.Op insert = (c, r, seq) -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (payload, n) VALUES (?, ?)")) {
        ps.setString(1, "p");
        ps.setLong(2, seq);
        ps.executeUpdate();
      }
    };
    measure("point SELECT, 1 thread", contenders, 1, select);
    measure("point SELECT, 8 threads", contenders, 8, select);
    measure("single-row INSERT, 1 thread", contenders, 1, insert);
    measure("single-row INSERT, 8 threads", contenders, 8, insert);
  }

  private void measure(String workload, List<Rounds.Contender> contenders, int threads, Rounds.Op op) throws Exception {
    Bench.progress("pass-through: " + workload);
    Rounds.Result r = Rounds.run(workload, contenders, threads, op, b.seconds(), b.warmupSeconds());
    Report rep = b.report;
    String ref = contenders.get(0).name;
    rep.section("Pass-through: " + workload + " (" + (int) b.seconds() + " s, contenders interleaved op by op; "
        + "µs per op: median / mean of the fastest 99%; speed ratio to raw by the medians)");
    double p6 = r.ratio(P6SPY, ref);
    double ss = r.ratio(SHARDING, ref);
    // "ahead of" a peer can only be told apart down to the run's own noise floor: the raw driver
    // measured against itself (alternate cycles, and on a second connection), at least 0.5%
    double tolerance = Math.max(0.005, Math.max(r.selfScatter(ref), Math.abs(r.ratio(RAW2, ref) - 1)));
    for (Rounds.Contender c : contenders) {
      double ratio = r.ratio(c.name, ref);
      String value = String.format("%.1f / %.1f µs, %s (%,d ops), %s raw", r.medianMicros(c.name), r.trimmedMeanMicros(c.name),
          Report.ops(r.opsPerSecond(c.name)), r.count(c.name), Report.ratio(ratio));
      if (c == contenders.get(0)) value += String.format(" (raw vs raw, alternate cycles: ±%.1f%%)", 100 * r.selfScatter(c.name));
      if (c.name.startsWith("Shunt")) {
        rep.check(c.name, value, "≥ 0.970× raw; not behind p6spy or ShardingSphere by more than the noise floor (raw vs raw: alternate cycles, second connection)",
            ratio >= 0.97 && ratio >= p6 - tolerance && ratio >= ss - tolerance);
      } else {
        rep.info(c.name, value);
      }
    }
  }
}
