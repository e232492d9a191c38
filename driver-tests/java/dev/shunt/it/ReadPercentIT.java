package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.ReadMode;
import dev.shunt.it.support.Accounts;
import dev.shunt.it.support.Accounts.Topology;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.ReadCounters;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.jdbc.ShuntConnection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code read_percent} ramps a read mode; the other reads go to the primary
 * only. Every key reads {@code O<id>} on old and {@code N<id>} on new, so each answer tells
 * which side served it, and the counters must agree with what the application saw.
 */
class ReadPercentIT {
  private static final int KEYS = 400;

  @TempDir Path dir;

  private static Accounts fixture(Topology t) throws SQLException {
    Accounts a = new Accounts(t, "percent");
    Object[][] old = new Object[KEYS][];
    Object[][] neu = new Object[KEYS][];
    for (int i = 0; i < KEYS; i++) {
      int id = i + 1;
      old[i] = new Object[] {id, "O" + id, new BigDecimal(id), 1};
      neu[i] = new Object[] {id, "N" + id, id * 100L, 1};
    }
    a.plantOld(old);
    a.plantNew(neu);
    return a;
  }

  /** Reads every key once, half through prepared statements, half through plain ones; returns how many came from new. */
  private static int readEveryKey(Connection c) throws SQLException {
    int fromNew = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT owner, balance FROM accounts WHERE id = ?"); Statement s = c.createStatement()) {
      for (int id = 1; id <= KEYS; id++) {
        ResultSet rs;
        if (id % 2 == 0) {
          ps.setInt(1, id);
          rs = ps.executeQuery();
        } else {
          rs = s.executeQuery("SELECT owner, balance FROM accounts WHERE id = " + id);
        }
        try (rs) {
          assertTrue(rs.next(), "key " + id);
          String owner = rs.getString(1);
          assertEquals(0, new BigDecimal(id).compareTo(rs.getBigDecimal(2)), "key " + id + ": the balance in the old shape either way");
          if (owner.equals("N" + id)) fromNew++;
          else assertEquals("O" + id, owner);
        }
      }
    }
    return fromNew;
  }

  private static String name(String what, Topology t) {
    return (what + "-" + t.name() + "-" + Long.toString(System.nanoTime() & 0xfffffL, 26).replaceAll("[0-9]", "x"))
        .toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void aShareOfReadsIsRoutedAndTheRestReadThePrimaryOnly(Topology t) throws Exception {
    try (Accounts a = fixture(t)) {
      String thirty = name("pct-thirty", t);
      try (Connection c = a.open(a.toggleFile(dir, thirty, "    writes: old-primary\n    reads: new\n    read_percent: 30\n"))) {
        int fromNew = readEveryKey(c);
        ReadCounters counters = ReadCounters.of(thirty);
        assertTrue(fromNew >= KEYS * 15 / 100 && fromNew <= KEYS * 45 / 100,
            () -> fromNew + " of " + KEYS + " reads came from new at read_percent 30; " + counters);
        assertEquals(fromNew, counters.reads(ReadMode.NEW), counters::toString);
        assertEquals(KEYS - fromNew, counters.readsPrimaryOnly(), counters::toString);
      }
      String all = name("pct-all", t);
      try (Connection c = a.open(a.toggleFile(dir, all, "    writes: old-primary\n    reads: new\n    read_percent: 100\n"))) {
        assertEquals(KEYS, readEveryKey(c), "read_percent 100: every read is routed");
        ReadCounters counters = ReadCounters.of(all);
        assertEquals(KEYS, counters.reads(ReadMode.NEW), counters::toString);
        assertEquals(0, counters.readsPrimaryOnly(), counters::toString);
      }
    }
  }

  @ParameterizedTest @EnumSource(value = Topology.class, names = {"MARIADB_SAME_DB", "MARIADB_TO_POSTGRES"})
  void theShareFollowsAReloadOfTheToggleFile(Topology t) throws Exception {
    try (Accounts a = fixture(t)) {
      String name = name("pct-ramp", t);
      Path file = a.toggleFile(dir, name, "    writes: old-primary\n    reads: new\n    read_percent: 1\n");
      try (Connection c = a.open(file)) {
        int atOne = readEveryKey(c);
        assertTrue(atOne <= KEYS * 6 / 100, () -> atOne + " of " + KEYS + " reads came from new at read_percent 1");
        ToggleFiles.writeInPlace(file,
            Accounts.toggleText(name, a.newSection(), "    writes: old-primary\n    reads: new\n    read_percent: 100\n"));
        Await.until("read_percent 100 to be loaded", Duration.ofSeconds(10),
            () -> c.unwrap(ShuntConnection.class).currentConfig().migrations().get(name).readPercent() == 100);
        assertEquals(KEYS, readEveryKey(c), "after the reload every read is routed");
      }
    }
  }

  @ParameterizedTest @EnumSource(value = Topology.class, names = {"MARIADB_SAME_DB", "MARIADB_TO_POSTGRES"})
  void compareSamplesTheConfiguredShareOfReads(Topology t) throws Exception {
    try (Accounts a = fixture(t)) {
      String name = name("sample-quarter", t);
      ReadCounters counters = ReadCounters.of(name);
      try (Connection c = a.open(a.toggleFile(dir, name, "    writes: old-primary\n    reads: compare\n"
          + "    compare: { sample: 0.25, confirm_ms: 50 }\n"))) {
        assertEquals(0, readEveryKey(c), "compare serves old");
        Await.until("the sampled compares to finish", Duration.ofSeconds(30), () -> counters.comparesDone() >= counters.compareSamples());
        long sampled = counters.compareSamples();
        assertTrue(sampled >= KEYS * 10 / 100 && sampled <= KEYS * 40 / 100, () -> sampled + " of " + KEYS + " reads sampled at 0.25; " + counters);
        assertEquals(KEYS, counters.reads(ReadMode.COMPARE), counters::toString);
        assertEquals(sampled - counters.droppedCompares(), counters.confirmedMismatches() + counters.compareAgreed() + counters.transientMismatches(),
            () -> "every sampled key differs in owner: " + counters);
        assertEquals(0, counters.compareAgreed(), counters::toString);
      }
    }
  }
}
