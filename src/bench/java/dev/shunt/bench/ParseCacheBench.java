package dev.shunt.bench;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.shunt.sql.StatementCache;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * SQL parsing: the process-wide parse cache's hit rate in a steady workload on a
 * migrated table, the cost of a text that misses (in the cache alone and end to end through the
 * driver), and that texts differing only in IN-list or VALUES length share one entry.
 */
final class ParseCacheBench {
  private final Bench b;
  private final int itemRows;

  ParseCacheBench(Bench b, int itemRows) {
    this.b = b;
    this.itemRows = itemRows;
  }

  /** An application's statements on the migrated table (shadow-write: all of them are planned). */
  private static final String[] TEXTS = {
    "SELECT id, name, email, score FROM users WHERE id = ?",
    "SELECT name FROM users WHERE id = ?",
    "SELECT score FROM users WHERE id = ? FOR UPDATE",
    "UPDATE users SET name = ? WHERE id = ?",
    "UPDATE users SET score = score + 1 WHERE id = ?",
    "UPDATE users SET email = ?, name = ? WHERE id = ?",
    "INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)",
    "DELETE FROM users WHERE id = ?",
  };

  void run() throws Exception {
    Bench.progress("parse cache");
    Report rep = b.report;
    rep.section("SQL parsing (process-wide parse cache, dev.shunt.sql.StatementCache)");
    Path shadow = b.toggle("parse-shadow-write", "users", "shadow-write", false);
    StatementCache shared = StatementCache.shared();
    long nextId = 20_000_000L;
    int ops = b.quick ? 5_000 : 20_000;
    try (Connection c = b.env.shunt(Env.DB, shadow)) {
      SplittableRandom r = new SplittableRandom(42);
      for (String t : TEXTS) nextId = execute(c, t, r, nextId); // warm: the first of each text is a miss
      CacheStats before = shared.stats();
      long parsesBefore = shared.parseCount();
      for (int i = 0; i < ops; i++) nextId = execute(c, TEXTS[r.nextInt(TEXTS.length)], r, nextId);
      CacheStats d = shared.stats().minus(before);
      long parses = shared.parseCount() - parsesBefore;
      double hitRate = d.requestCount() == 0 ? Double.NaN : d.hitRate();
      rep.check("steady-state hit rate, " + ops + " statements of " + TEXTS.length + " texts through Shunt",
          String.format("%.2f%% (%d lookups, %d parses)", hitRate * 100, d.requestCount(), parses), "> 99%",
          d.requestCount() >= ops && hitRate > 0.99);
      CacheStats all = shared.stats();
      rep.info("whole run so far, cold misses included", String.format("%.2f%% of %d lookups, %d entries", all.hitRate() * 100,
          all.requestCount(), shared.size()));

      // IN-list and VALUES length variants: one entry per shape
      long sizeBefore = shared.size();
      long parsesBeforeVariants = shared.parseCount();
      for (int n = 1; n <= 100; n++) {
        StringBuilder sql = new StringBuilder("SELECT id, name FROM users WHERE id IN (");
        for (int i = 0; i < n; i++) sql.append(i == 0 ? "?" : ", ?");
        try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
          for (int i = 1; i <= n; i++) ps.setInt(i, 1 + r.nextInt(itemRows));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) rs.getInt(1);
          }
        }
      }
      for (int n = 1; n <= 50; n++) {
        StringBuilder sql = new StringBuilder("INSERT INTO users (id, name, email, score) VALUES ");
        for (int i = 0; i < n; i++) sql.append(i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
          int p = 1;
          for (int i = 0; i < n; i++) {
            long id = nextId++;
            ps.setLong(p++, id);
            ps.setString(p++, "v" + id);
            ps.setString(p++, "V" + id + "@Example.org");
            ps.setInt(p++, (int) (id % 1000));
          }
          ps.executeUpdate();
        }
      }
      long grew = shared.size() - sizeBefore;
      long variantParses = shared.parseCount() - parsesBeforeVariants;
      rep.check("IN (?…) lengths 1–100 and VALUES (…) rows 1–50 through Shunt",
          grew + " new cache entries, " + variantParses + " parses for 150 texts", "one entry per shape (≤ 2)",
          grew <= 2 && variantParses <= 2);

      // cost of a miss, end to end: a point select whose text Shunt has never seen vs one it has
      int n = b.quick ? 300 : 1000;
      long hitNanos = 0;
      long missNanos = 0;
      String seen = "SELECT id, name FROM users WHERE id = ?";
      pointSelect(c, seen, r);
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        pointSelect(c, seen, r);
        long t1 = System.nanoTime();
        pointSelect(c, "SELECT id, name AS n" + i + "_" + System.nanoTime() + " FROM users WHERE id = ?", r);
        long t2 = System.nanoTime();
        hitNanos += t1 - t0;
        missNanos += t2 - t1;
      }
      rep.info("point select through Shunt (shadow-write), text seen before",
          String.format("%.1f µs mean of %d", hitNanos / 1e3 / n, n));
      rep.info("point select through Shunt (shadow-write), text never seen (a miss)",
          String.format("%.1f µs mean of %d (+%.1f µs)", missNanos / 1e3 / n, n, (missNanos - hitNanos) / 1e3 / n));
    }

    // cost of a miss in the cache alone: a private cache, distinct texts vs one text
    StatementCache own = new StatementCache(1_000_000);
    int misses = b.quick ? 2_000 : 10_000;
    String text = "SELECT id, name, email, score FROM users WHERE id = ?";
    for (int i = 0; i < 2_000; i++) own.classify("SELECT id, name AS w" + i + " FROM users WHERE id = ?", dev.shunt.sql.ServerReading.Family.MARIADB); // JIT warm-up
    long t0 = System.nanoTime();
    for (int i = 0; i < misses; i++) own.classify("SELECT id, name AS m" + i + ", score FROM users u WHERE u.id = ? AND score > 3", dev.shunt.sql.ServerReading.Family.MARIADB);
    long t1 = System.nanoTime();
    own.classify(text, dev.shunt.sql.ServerReading.Family.MARIADB);
    int hits = 1_000_000;
    long t2 = System.nanoTime();
    for (int i = 0; i < hits; i++) own.classify(text, dev.shunt.sql.ServerReading.Family.MARIADB);
    long t3 = System.nanoTime();
    rep.info("StatementCache.classify, miss (parse with JSqlParser)", String.format("%.1f µs mean of %d distinct texts",
        (t1 - t0) / 1e3 / misses, misses));
    rep.info("StatementCache.classify, hit (normalise + lookup)", String.format("%.2f µs mean of %d", (t3 - t2) / 1e3 / hits, hits));
  }

  private static void pointSelect(Connection c, String sql, SplittableRandom r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, 1 + r.nextInt(100_000));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rs.getString(2);
      }
    }
  }

  private long execute(Connection c, String sql, SplittableRandom r, long nextId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int params = count(sql);
      if (sql.startsWith("INSERT")) {
        long id = nextId++;
        ps.setLong(1, id);
        ps.setString(2, "c" + id);
        ps.setString(3, "C" + id + "@Example.org");
        ps.setInt(4, (int) (id % 1000));
      } else {
        for (int i = 1; i < params; i++) ps.setString(i, "x" + r.nextInt(1000));
        ps.setInt(params, 1 + r.nextInt(itemRows));
      }
      if (sql.startsWith("SELECT")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rs.getObject(1);
        }
      } else {
        ps.executeUpdate();
      }
    }
    return nextId;
  }

  private static int count(String sql) {
    int n = 0;
    for (int i = 0; i < sql.length(); i++) if (sql.charAt(i) == '?') n++;
    return n;
  }
}
