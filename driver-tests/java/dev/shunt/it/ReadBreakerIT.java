package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.ReadMode;
import dev.shunt.it.support.Accounts;
import dev.shunt.it.support.Accounts.Topology;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.ReadCounters;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A new side made slow (a table lock held on it) or unreachable
 * (rights revoked, or nothing listening) never reaches the application: reads keep their
 * primary answers, the breaker opens, reads stop touching the secondary while it is open, their
 * latency is that of old-only reads, and the breaker closes again once the new side is back.
 */
class ReadBreakerIT {
  private static final long OPEN_MS = 1000;
  private static final String BREAKER = "    breaker: { failures: 3, timeout_ms: 300, open_ms: " + OPEN_MS + " }\n";
  private static final int ONLY_NEW = 100;
  private static final String BY_KEY = "SELECT id, owner FROM accounts WHERE id = ?";
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path dir;

  static Stream<Arguments> slowSides() {
    List<Arguments> out = new ArrayList<>();
    for (Topology t : Topology.values()) {
      for (ReadMode m : List.of(ReadMode.MERGE, ReadMode.FALLBACK, ReadMode.NEW)) out.add(Arguments.of(t, m));
    }
    return out.stream();
  }

  static Stream<Arguments> revokedSides() {
    return Stream.of(Arguments.of(Topology.MARIADB_TWO_DBS, ReadMode.MERGE), Arguments.of(Topology.MARIADB_TWO_DBS, ReadMode.FALLBACK),
        Arguments.of(Topology.MARIADB_TO_POSTGRES, ReadMode.MERGE), Arguments.of(Topology.MARIADB_TO_POSTGRES, ReadMode.FALLBACK));
  }

  private static String name(String what, Topology t, ReadMode m) {
    return (what + "-" + t.name() + "-" + m.wireName() + "-" + Long.toString(System.nanoTime() & 0xfffffL, 26).replaceAll("[0-9]", "x"))
        .toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Keys 1..20 agree on both sides; key 100 exists on new only, so merge and fallback show it while new answers. */
  private static void plant(Accounts a) throws SQLException {
    Object[][] old = new Object[20][];
    Object[][] neu = new Object[21][];
    for (int i = 0; i < 20; i++) {
      old[i] = new Object[] {i + 1, "o" + (i + 1), new BigDecimal(i + 1), 1};
      neu[i] = new Object[] {i + 1, "o" + (i + 1), (i + 1) * 100L, 1};
    }
    neu[20] = new Object[] {ONLY_NEW, "only-new", 100L, 1};
    a.plantOld(old);
    a.plantNew(neu);
  }

  private static List<String> onlyNewWhileHealthy() { return List.of(ONLY_NEW + "|only-new"); }

  /** The two connections of a test: routed through the breaker, and old-only for the baseline. */
  private final class App implements AutoCloseable {
    final String name;
    final ReadCounters counters;
    final Connection routed;
    final Connection oldOnly;

    App(Accounts a, String name, String newSection, ReadMode mode) throws Exception {
      this.name = name;
      this.counters = ReadCounters.of(name);
      routed = a.open(Accounts.toggleFile(dir, name, newSection,
          "    writes: old-primary\n    reads: " + mode.wireName() + "\n    version_column: updated_at\n" + BREAKER));
      oldOnly = a.open(Accounts.toggleFile(dir, name + "-base", newSection, "    writes: old-primary\n    reads: old\n"));
    }

    /** A routed read of a key old has: the same answer whatever new does. */
    void readPresentKey(int id) throws SQLException {
      assertEquals(List.of(id + "|o" + id), Accounts.rows(routed, BY_KEY, id));
    }

    /** A routed read of the key only new has: shown while new answers, empty when the primary serves alone. */
    List<String> readOnlyNewKey() throws SQLException {
      List<String> got = Accounts.rows(routed, BY_KEY, ONLY_NEW);
      assertTrue(got.isEmpty() || got.equals(onlyNewWhileHealthy()), got::toString);
      return got;
    }

    @Override public void close() throws SQLException {
      try (Connection r = routed; Connection o = oldOnly) {
        // closed
      }
    }
  }

  /** The new side breaks, the breaker opens, reads stay fast and primary-only, the side comes back, the breaker closes. */
  private void exercise(App app, SqlAction breakIt, SqlAction restore) throws Exception {
    ReadCounters c = app.counters;
    // healthy: the secondary answers
    app.readPresentKey(1);
    assertEquals(onlyNewWhileHealthy(), app.readOnlyNewKey(), "the new side answers while healthy");
    assertEquals("closed", c.breakerState(), c::toString);
    assertEquals(0, c.breakerOpened(), c::toString);

    breakIt.run();
    int[] i = {0};
    Await.until("the breaker to open", DEADLINE, () -> {
      app.readPresentKey(1 + i[0]++ % 20);
      assertEquals(List.of(), app.readOnlyNewKey(), "the new side cannot answer: the primary's (empty) answer");
      return "open".equals(c.breakerState());
    });
    assertTrue(c.breakerOpened() >= 1, c::toString);
    assertTrue(c.secondaryReadFailures() >= 3, c::toString);

    // while open: reads do not touch the secondary (at most one trial per open_ms) and cost what old-only reads cost
    long failuresBefore = c.secondaryReadFailures();
    long primaryOnlyBefore = c.readsPrimaryOnly();
    long start = System.nanoTime();
    int rounds = 60;
    long[] routed = new long[rounds];
    long[] base = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      assertEquals(List.of(), Accounts.rows(app.oldOnly, BY_KEY, ONLY_NEW));
      long t1 = System.nanoTime();
      assertEquals(List.of(), app.readOnlyNewKey());
      long t2 = System.nanoTime();
      base[r] = t1 - t0;
      routed[r] = t2 - t1;
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    long trials = c.secondaryReadFailures() - failuresBefore;
    assertTrue(trials <= elapsedMs / OPEN_MS + 1,
        () -> trials + " secondary reads failed in " + elapsedMs + " ms with the breaker open (open_ms " + OPEN_MS + "): " + c);
    long primaryOnly = c.readsPrimaryOnly() - primaryOnlyBefore;
    Arrays.sort(routed);
    Arrays.sort(base);
    long routedMedian = routed[rounds / 2];
    long baseMedian = base[rounds / 2];
    assertTrue(routedMedian <= baseMedian * 1.1 + 5_000_000,
        () -> "median routed read " + routedMedian / 1000 + " us vs old-only " + baseMedian / 1000 + " us with the breaker open");

    restore.run();
    Await.until("the breaker to close", DEADLINE, () -> {
      app.readPresentKey(1 + i[0]++ % 20);
      app.readOnlyNewKey();
      return "closed".equals(c.breakerState());
    });
    assertEquals(onlyNewWhileHealthy(), app.readOnlyNewKey(), "the new side answers again");
    app.readPresentKey(2);
    assertEquals("closed", c.breakerState(), c::toString);
    // checked last, so that a miscount does not hide how the breaker behaved
    assertTrue(primaryOnly >= rounds - trials,
        () -> "reads served by the primary alone while the breaker was open: " + primaryOnly + " of " + rounds + "; " + c);
  }

  @FunctionalInterface
  interface SqlAction {
    void run() throws Exception;
  }

  @ParameterizedTest(name = "{0} {1}") @MethodSource("slowSides")
  void aLockOnTheNewTableOpensTheBreakerAndItsReleaseClosesIt(Topology t, ReadMode mode) throws Exception {
    try (Accounts a = new Accounts(t, "brk_lock")) {
      plant(a);
      try (App app = new App(a, name("lock", t, mode), a.newSection(), mode); Connection holder = a.neu.openRaw()) {
        exercise(app, () -> lock(a, holder), () -> unlock(a, holder));
      }
    }
  }

  @ParameterizedTest(name = "{0}") @MethodSource("lockTopologies")
  void aLockOnTheNewTableNeverSlowsCompareReads(Topology t) throws Exception {
    try (Accounts a = new Accounts(t, "brk_cmp")) {
      plant(a);
      try (App app = new App(a, name("cmp-lock", t, ReadMode.COMPARE), a.newSection(), ReadMode.COMPARE); Connection holder = a.neu.openRaw()) {
        ReadCounters c = app.counters;
        app.readPresentKey(1);
        Await.until("a compare of the healthy side", DEADLINE, () -> c.compareAgreed() >= 1);
        lock(a, holder);
        int rounds = 40;
        long[] routed = new long[rounds];
        long[] base = new long[rounds];
        for (int r = 0; r < rounds; r++) {
          long t0 = System.nanoTime();
          assertEquals(List.of("3|o3"), Accounts.rows(app.oldOnly, BY_KEY, 3));
          long t1 = System.nanoTime();
          app.readPresentKey(1 + r % 20);
          long t2 = System.nanoTime();
          base[r] = t1 - t0;
          routed[r] = t2 - t1;
        }
        Arrays.sort(routed);
        Arrays.sort(base);
        long routedMedian = routed[rounds / 2];
        long baseMedian = base[rounds / 2];
        assertTrue(routedMedian <= baseMedian * 1.1 + 5_000_000,
            () -> "median compare read " + routedMedian / 1000 + " us vs old-only " + baseMedian / 1000 + " us with the new table locked");
        // compare reads run in the background: a secondary that takes longer than timeout_ms must count
        // as failing (and not wedge the compare workers); checked last so the rest is still exercised
        AssertionError notCounted = null;
        try {
          Await.until("the locked side to count as failing", Duration.ofSeconds(10), () -> {
            app.readPresentKey(2);
            return c.secondaryReadFailures() >= 1;
          });
        } catch (AssertionError e) {
          notCounted = e;
        }
        assertEquals(0, c.confirmedMismatches(), "a side that cannot answer is not a mismatch: " + c);
        unlock(a, holder);
        long agreed = c.compareAgreed();
        Await.until("compares to agree again once the lock is gone", DEADLINE, () -> {
          app.readPresentKey(4);
          return c.compareAgreed() > agreed;
        });
        assertEquals(0, c.confirmedMismatches(), c::toString);
        if (notCounted != null) {
          throw new AssertionError("compare reads of a new table locked for 10 s never counted as failing (timeout_ms 300): " + c, notCounted);
        }
      }
    }
  }

  static Stream<Topology> lockTopologies() { return Stream.of(Topology.values()); }

  private static void lock(Accounts a, Connection holder) throws SQLException {
    try (Statement s = holder.createStatement()) {
      if (a.neu.engine() == Engine.POSTGRES) {
        holder.setAutoCommit(false);
        s.execute("LOCK TABLE accounts_v2 IN ACCESS EXCLUSIVE MODE");
      } else {
        s.execute("LOCK TABLES accounts_v2 WRITE");
      }
    }
  }

  private static void unlock(Accounts a, Connection holder) throws SQLException {
    if (a.neu.engine() == Engine.POSTGRES) {
      holder.rollback();
    } else {
      try (Statement s = holder.createStatement()) {
        s.execute("UNLOCK TABLES");
      }
    }
  }

  /** A user of the new database whose rights the test takes away and gives back. */
  private static final class NewUser implements AutoCloseable {
    final Accounts a;
    final String user;

    NewUser(Accounts a) throws SQLException {
      this.a = a;
      user = "shunt_rb_" + a.neu.name().substring(a.neu.name().length() - 5);
      if (a.neu.engine() == Engine.MARIADB) a.neu.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'");
      else a.neu.exec("CREATE ROLE " + user + " LOGIN PASSWORD 'pw'");
      grant();
    }

    String newSection() {
      String raw = a.neu.rawUrl();
      int q = raw.indexOf('?');
      return "new:\n  url: " + (q < 0 ? raw : raw.substring(0, q)) + "\n  user: " + user + "\n  password: pw\n";
    }

    void grant() throws SQLException {
      if (a.neu.engine() == Engine.MARIADB) a.neu.exec("GRANT ALL ON " + a.neu.name() + ".* TO '" + user + "'@'%'");
      else a.neu.exec("GRANT ALL ON accounts_v2 TO " + user);
    }

    void revoke() throws SQLException {
      if (a.neu.engine() == Engine.MARIADB) {
        a.neu.exec("REVOKE ALL PRIVILEGES ON " + a.neu.name() + ".* FROM '" + user + "'@'%'");
        for (String id : MirrorSchema.rows(a.neu, "SELECT id FROM information_schema.processlist WHERE user = '" + user + "'")) {
          try {
            a.neu.exec("KILL " + id);
          } catch (SQLException gone) {
            // ended by itself meanwhile
          }
        }
      } else {
        a.neu.exec("REVOKE ALL ON accounts_v2 FROM " + user,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + user + "'");
      }
    }

    @Override public void close() throws SQLException {
      if (a.neu.engine() == Engine.MARIADB) {
        a.neu.exec("DROP USER IF EXISTS '" + user + "'@'%'");
      } else {
        a.neu.exec("DROP OWNED BY " + user);
        try (Connection c = DriverManager.getConnection(a.neu.rawUrl().replace(a.neu.name(), "postgres")); Statement s = c.createStatement()) {
          s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + user + "'");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}") @MethodSource("revokedSides")
  void aNewDatabaseThatRefusesTheUserOpensTheBreakerAndItsReturnClosesIt(Topology t, ReadMode mode) throws Exception {
    try (Accounts a = new Accounts(t, "brk_user")) {
      plant(a);
      String user;
      try (NewUser u = new NewUser(a); App app = new App(a, name("revoked", t, mode), u.newSection(), mode)) {
        user = u.user;
        exercise(app, u::revoke, u::grant);
      }
      if (a.neu.engine() == Engine.POSTGRES) {
        try (Connection c = DriverManager.getConnection(a.neu.rawUrl().replace(a.neu.name(), "postgres")); Statement s = c.createStatement()) {
          s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + user + "'");
          a.close();
          s.execute("DROP ROLE IF EXISTS " + user);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}") @MethodSource("unreachableModes")
  void aNewDatabaseNobodyListensForOpensTheBreakerWithoutAnErrorReachingTheApplication(ReadMode mode) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (Accounts a = new Accounts(Topology.MARIADB_TWO_DBS, "brk_port")) {
      plant(a);
      String newSection = "new:\n  url: jdbc:mariadb://127.0.0.1:" + port + "/" + a.neu.name() + "\n  user: root\n";
      try (App app = new App(a, name("port", Topology.MARIADB_TWO_DBS, mode), newSection, mode)) {
        ReadCounters c = app.counters;
        int[] i = {0};
        Await.until("the breaker to open", DEADLINE, () -> {
          app.readPresentKey(1 + i[0]++ % 20);
          assertEquals(List.of(), app.readOnlyNewKey(), "nothing listens on the new side: the primary's (empty) answer");
          return "open".equals(c.breakerState());
        });
        assertTrue(c.breakerOpened() >= 1, c::toString);
        long failuresBefore = c.secondaryReadFailures();
        long start = System.nanoTime();
        for (int r = 0; r < 50; r++) {
          app.readPresentKey(1 + r % 20);
          assertEquals(List.of(), app.readOnlyNewKey());
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        long trials = c.secondaryReadFailures() - failuresBefore;
        assertTrue(trials <= elapsedMs / OPEN_MS + 1, () -> trials + " secondary reads in " + elapsedMs + " ms with the breaker open: " + c);
      }
    }
  }

  @ParameterizedTest(name = "{0}") @MethodSource("unreachableModes")
  void withoutABreakerKeyFiveFailuresOpenIt(ReadMode mode) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (Accounts a = new Accounts(Topology.MARIADB_TWO_DBS, "brk_dflt")) {
      plant(a);
      String name = name("default", Topology.MARIADB_TWO_DBS, mode);
      ReadCounters c = ReadCounters.of(name);
      String newSection = "new:\n  url: jdbc:mariadb://127.0.0.1:" + port + "/" + a.neu.name() + "\n  user: root\n";
      try (Connection app = a.open(Accounts.toggleFile(dir, name, newSection,
          "    writes: old-primary\n    reads: " + mode.wireName() + "\n    version_column: updated_at\n"))) {
        for (int r = 1; r <= 4; r++) {
          assertEquals(List.of(), Accounts.rows(app, BY_KEY, ONLY_NEW));
          assertEquals(r, c.secondaryReadFailures(), c::toString);
          assertEquals("closed", c.breakerState(), "default failures: 5; after " + r + ": " + c);
        }
        assertEquals(List.of(), Accounts.rows(app, BY_KEY, ONLY_NEW));
        assertEquals("open", c.breakerState(), "the fifth failure opens it: " + c);
        assertEquals(1, c.breakerOpened(), c::toString);
        long opened = System.nanoTime();
        for (int r = 0; r < 20; r++) assertEquals(List.of("1|o1"), Accounts.rows(app, BY_KEY, 1));
        for (int r = 0; r < 20; r++) assertEquals(List.of(), Accounts.rows(app, BY_KEY, ONLY_NEW));
        long elapsedMs = (System.nanoTime() - opened) / 1_000_000;
        long failures = c.secondaryReadFailures();
        assertTrue(failures == 5 || elapsedMs >= 5000 && failures <= 5 + elapsedMs / 5000,
            () -> "default open_ms 5000: no trial read within " + elapsedMs + " ms; " + c);
      }
    }
  }

  static Stream<ReadMode> unreachableModes() {
    return Stream.of(ReadMode.MERGE, ReadMode.FALLBACK);
  }
}
