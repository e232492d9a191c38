package dev.shunt.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shunt's benchmark, run by {@code scripts/bench [--quick]}: the raw MariaDB
 * driver, Shunt in its pass-through configurations, p6spy and ShardingSphere-JDBC side by side in
 * one run on the same data; dual-write cost; the parse cache; backfill speed and its effect on the
 * foreground. Prints one table and exits 1 when a requirement is missed.
 */
public final class Bench {
  static final long START = System.nanoTime();

  final boolean quick;
  final Env env;
  final Report report = new Report();

  Bench(boolean quick, Env env) {
    this.quick = quick;
    this.env = env;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    List<String> only = new ArrayList<>();
    for (String a : args) {
      if (a.equals("--quick")) quick = true;
      else if (a.startsWith("--only=")) only.add(a.substring("--only=".length()));
      else {
        System.err.println("usage: scripts/bench [--quick] [--only=passthrough|dualwrite|parse|backfill|compare]...");
        System.exit(2);
      }
    }
    if (System.getenv("SHUNT_CONFIG") != null && !System.getenv("SHUNT_CONFIG").isBlank()) {
      System.err.println("bench: SHUNT_CONFIG is set; unset it so 'Shunt, no config' really has none");
      System.exit(2);
    }
    Locale.setDefault(Locale.ROOT);
    Env env = new Env();
    Bench b = new Bench(quick, env);
    long[] cpuAtStart = CpuTimes.read();
    int itemRows = 100_000;
    progress("creating databases " + Env.DB + " and " + Env.DB_NEW + " (" + itemRows + " rows per table)");
    env.createSchema(itemRows);
    describeMachine(env);
    if (only.isEmpty() || only.contains("passthrough")) new PassThrough(b, itemRows).run();
    if (only.isEmpty() || only.contains("dualwrite")) new DualWrite(b, itemRows).run();
    if (only.isEmpty() || only.contains("parse")) new ParseCacheBench(b, itemRows).run();
    if (only.isEmpty() || only.contains("backfill")) new BackfillBench(b).run();
    if (only.isEmpty() || only.contains("compare")) new CompareBench(b, itemRows).run();
    System.out.println();
    System.out.println(b.report.render());
    System.out.printf("%nrun took %.0f s%s%n", (System.nanoTime() - START) / 1e9, quick ? " (--quick)" : "");
    System.out.println(CpuTimes.describe(cpuAtStart, CpuTimes.read()));
    int missed = b.report.missed();
    if (missed > 0) {
      System.out.println(missed + " performance requirement(s) missed");
      System.exit(1);
    }
    System.out.println("every measured performance requirement met");
    System.exit(0);
  }

  private static void describeMachine(Env env) throws Exception {
    String version;
    String driver;
    try (Connection c = env.raw(Env.DB); PreparedStatement ps = c.prepareStatement("SELECT VERSION()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      version = rs.getString(1);
      driver = c.getMetaData().getDriverName() + " " + c.getMetaData().getDriverVersion();
    }
    System.out.printf("machine: %d CPUs seen by the JVM, Java %s (%s), MariaDB %s on the same machine, driver %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        version, driver);
  }

  static void progress(String what) {
    System.err.printf("[%5.0fs] %s%n", (System.nanoTime() - START) / 1e9, what);
  }

  /** How long each workload runs, its contenders interleaved. */
  double seconds() { return quick ? 8 : 40; }

  double warmupSeconds() { return quick ? 2.0 : 4.0; }

  Path toggle(String name, String table, String mode, boolean twoDatabases) throws Exception {
    return env.toggle(name, table, mode, twoDatabases);
  }
}
