package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.ReadMode;
import dev.shunt.it.support.Accounts;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.Accounts.Topology;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.ReadCounters;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compare reads under a concurrent write workload
 * through Shunt raise no confirmed mismatch while the two sides really agree (every difference
 * a race is re-read away), and a row changed on the new side behind Shunt's back is caught and
 * reported by key and column, without its values.
 */
class CompareReadIT {
  private static final int KEYS = 1000;
  private static final int TAMPERED = 5000;
  private static final int WRITERS = 4;
  private static final int READERS = 2;

  @TempDir Path dir;

  /** One random write on the workload's keys: upsert, delete, or update that moves the version. */
  private static void randomWrite(Connection c, Random r, boolean postgres) throws SQLException {
    int id = 1 + r.nextInt(KEYS);
    int kind = r.nextInt(4);
    String sql = kind == 0 ? "DELETE FROM accounts WHERE id = ?"
        : kind == 1 ? "INSERT INTO accounts (id, owner, balance, updated_at) VALUES (?, 'w', 1.00, 1)" + (postgres
            ? " ON CONFLICT (id) DO UPDATE SET balance = accounts.balance + 1.25, updated_at = accounts.updated_at + 1"
            : " ON DUPLICATE KEY UPDATE balance = balance + 1.25, updated_at = updated_at + 1")
        : "UPDATE accounts SET balance = balance + 0.5, owner = CONCAT('o', updated_at), updated_at = updated_at + 1 WHERE id = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, id);
      ps.executeUpdate();
    }
  }

  /** One random read: by key, or a short range. */
  private static void randomRead(Connection c, Random r) throws SQLException {
    int id = 1 + r.nextInt(KEYS);
    if (r.nextBoolean()) {
      Accounts.rows(c, "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?", id);
    } else {
      Accounts.rows(c, "SELECT id, owner, balance FROM accounts WHERE id BETWEEN ? AND ? ORDER BY id", id, id + 4);
    }
  }

  private static boolean retryable(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState()) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void noFalseAlarmsUnderConcurrentWritesAndARowChangedBehindShuntsBackIsCaught(Topology t) throws Exception {
    String name = ("cmp-" + t.name()).toLowerCase(Locale.ROOT).replace('_', '-') + "-" + Long.toString(System.nanoTime() & 0xfffffL, 26)
        .replaceAll("[0-9]", "x");
    ReadCounters counters = ReadCounters.of(name);
    try (Accounts a = new Accounts(t, "compare")) {
      boolean postgres = a.old.engine() == Engine.POSTGRES;
      Path file = a.toggleFile(dir, name, "    writes: old-primary\n    reads: compare\n    version_column: updated_at\n"
          + "    compare: { sample: 1.0, confirm_ms: 200 }\n");
      try (Connection c = a.open(file);
          PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (id, owner, balance, updated_at) VALUES (?, ?, ?, ?)")) {
        for (int id = 1; id <= KEYS; id += 2) {
          ps.setInt(1, id);
          ps.setString(2, "n" + id);
          ps.setBigDecimal(3, new BigDecimal(id).movePointLeft(2));
          ps.setInt(4, 1);
          ps.addBatch();
        }
        ps.setInt(1, TAMPERED);
        ps.setString(2, "quiet-owner-qq");
        ps.setBigDecimal(3, new BigDecimal("12.34"));
        ps.setInt(4, 1);
        ps.addBatch();
        ps.executeBatch();
      }
      assertEquals(KEYS / 2 + 1, MirrorSchema.rows(a.neu, "SELECT id FROM accounts_v2").size(), "the inserts were mirrored");

      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong writes = new AtomicLong();
      AtomicLong reads = new AtomicLong();
      List<Throwable> appErrors = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < WRITERS + READERS; w++) {
        boolean writer = w < WRITERS;
        long seed = 77 + w;
        workers.add(pool.submit(() -> {
          Random r = new Random(seed);
          try (Connection c = a.open(file)) {
            while (!stop.get()) {
              if (writer && r.nextInt(4) == 0) {
                // a transaction that reads what it wrote (compared), then commits or rolls back
                c.setAutoCommit(false);
                try {
                  randomWrite(c, r, postgres);
                  randomRead(c, r);
                  randomWrite(c, r, postgres);
                  if (r.nextInt(3) == 0) c.rollback();
                  else c.commit();
                } catch (SQLException e) {
                  if (!retryable(e)) throw e;
                  c.rollback();
                }
                c.setAutoCommit(true);
                writes.addAndGet(2);
              } else if (writer) {
                try {
                  randomWrite(c, r, postgres);
                } catch (SQLException e) {
                  if (!retryable(e)) throw e;
                }
                writes.incrementAndGet();
              } else {
                randomRead(c, r);
                reads.incrementAndGet();
              }
            }
          } catch (Throwable e) {
            synchronized (appErrors) {
              appErrors.add(e);
            }
          }
          return null;
        }));
      }
      try {
        Await.until("a workload of writes and compared reads", Duration.ofSeconds(120),
            () -> (writes.get() >= 1500 && reads.get() >= 400 && counters.compareAgreed() >= 300) || !appErrors.isEmpty());
      } finally {
        stop.set(true);
        for (Future<?> f : workers) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
      }
      assertTrue(appErrors.isEmpty(), () -> "the application saw errors: " + appErrors);
      assertEquals(MirrorSchema.rows(a.old, "SELECT id, owner, CAST(balance * 100 AS " + (postgres ? "BIGINT" : "SIGNED") + "), updated_at FROM accounts ORDER BY id"),
          MirrorSchema.rows(a.neu, "SELECT id, owner_name, balance_cents, updated_at FROM accounts_v2 ORDER BY id"),
          "precondition: the two sides really agree after the workload");
      Await.until("every compare started to finish", Duration.ofSeconds(60),
          () -> counters.comparesDone() >= counters.compareSamples());
      long mirrorFailures = dev.shunt.metrics.ShuntMetrics.process().migration(name).secondaryFailures();
      System.out.println(t + " compare workload: " + writes.get() + " writes, " + reads.get() + " reads, " + mirrorFailures
          + " failed mirror copies (repair queue); " + counters);
      assertTrue(counters.reads(ReadMode.COMPARE) >= reads.get(), counters::toString);
      assertTrue(counters.compareAgreed() >= 300, () -> "the secondary was really read and compared: " + counters);
      assertEquals(0, counters.confirmedMismatches(), () -> "false alarms (" + mirrorFailures + " mirror copies failed and went to the repair queue): "
          + counters + " " + counters.recentMismatches());

      // now a real difference, behind Shunt's back, on a key the workload never touched
      a.neu.exec("UPDATE accounts_v2 SET owner_name = 'tampered-zz' WHERE id = " + TAMPERED);
      try (Connection c = a.open(file)) {
        assertEquals(List.of(TAMPERED + "|quiet-owner-qq|12.34|1"),
            Accounts.rows(c, "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?", TAMPERED), "compare serves the primary");
      }
      Await.until("the changed row to be confirmed", Duration.ofSeconds(30), () -> counters.confirmedMismatches() >= 1);
      Await.until("every compare to finish", Duration.ofSeconds(30),
          () -> counters.comparesDone() >= counters.compareSamples());
      assertEquals(1, counters.confirmedMismatches(), counters::toString);
      List<String> report = counters.recentMismatches();
      String line = report.stream().filter(l -> l.contains(String.valueOf(TAMPERED))).findFirst()
          .orElseThrow(() -> new AssertionError("no report names key " + TAMPERED + ": " + report));
      assertTrue(line.contains("owner"), line);
      assertFalse(line.contains("balance"), "only owner differs: " + line);
      assertFalse(line.contains("tampered-zz"), "no values without log_values: " + line);
      assertFalse(line.contains("quiet-owner-qq"), "no values without log_values: " + line);
    }
  }
}
