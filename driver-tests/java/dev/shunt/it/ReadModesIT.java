package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.ReadMode;
import dev.shunt.it.support.Accounts;
import dev.shunt.it.support.Accounts.Topology;
import dev.shunt.it.support.Await;
import dev.shunt.it.support.ReadCounters;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mode by mode, on a MariaDB new table in the same database, in a
 * second MariaDB database and in PostgreSQL. The two sides are planted behind Shunt's back so that
 * every mode gives a different answer:
 *
 * <pre>
 * id  old (owner, balance, updated_at)   new (owner_name, balance_cents, updated_at)
 * 1   ann    10.00  100                  ann    1000  100    agree
 * 2   bob    20.00  200                  bob    2500  100    differ, old newer
 * 3   cy     30.00  100                  cyrus  3000  300    differ, new newer
 * 4   di     40.00  100                  -                   only old
 * 5   -                                  eve    5000  100    only new
 * 6   fay    60.00  100                  fay    6000  100    agree
 * 7   gus    70.00  100                  gustav 7500  100    differ, same version
 * 8   NULL   80.00  100                  NULL   8000  100    agree, NULL owner
 * </pre>
 *
 * Reads only: the databases are shared by the tests of a topology; each test has its own toggle
 * file and migration name, so counters are its own.
 */
class ReadModesIT {
  static final List<String> OLD_ROWS = List.of("1|ann|10.00|100", "2|bob|20.00|200", "3|cy|30.00|100", "4|di|40.00|100",
      "6|fay|60.00|100", "7|gus|70.00|100", "8|null|80.00|100");
  static final List<String> NEW_ROWS = List.of("1|ann|10.00|100", "2|bob|25.00|100", "3|cyrus|30.00|300", "5|eve|50.00|100",
      "6|fay|60.00|100", "7|gustav|75.00|100", "8|null|80.00|100");
  /** Old primary, version column: the newer row of each key, old's on a tie. */
  static final List<String> MERGED_OLD_PRIMARY = List.of("1|ann|10.00|100", "2|bob|20.00|200", "3|cyrus|30.00|300", "4|di|40.00|100",
      "5|eve|50.00|100", "6|fay|60.00|100", "7|gus|70.00|100", "8|null|80.00|100");
  /** New primary, version column: as above, but new's row on the tie of key 7. */
  static final List<String> MERGED_NEW_PRIMARY = List.of("1|ann|10.00|100", "2|bob|20.00|200", "3|cyrus|30.00|300", "4|di|40.00|100",
      "5|eve|50.00|100", "6|fay|60.00|100", "7|gustav|75.00|100", "8|null|80.00|100");
  /** Old primary, no version column: old's row wherever both sides have the key. */
  static final List<String> MERGED_NO_VERSION = List.of("1|ann|10.00|100", "2|bob|20.00|200", "3|cy|30.00|100", "4|di|40.00|100",
      "5|eve|50.00|100", "6|fay|60.00|100", "7|gus|70.00|100", "8|null|80.00|100");

  private static final Map<Topology, Accounts> FIXTURES = new EnumMap<>(Topology.class);
  private static final AtomicInteger SEQ = new AtomicInteger();

  @TempDir Path dir;

  static synchronized Accounts fixture(Topology t) throws SQLException {
    Accounts a = FIXTURES.get(t);
    if (a == null) {
      a = new Accounts(t, "reads");
      a.plantOld(new Object[] {1, "ann", new BigDecimal("10.00"), 100}, new Object[] {2, "bob", new BigDecimal("20.00"), 200},
          new Object[] {3, "cy", new BigDecimal("30.00"), 100}, new Object[] {4, "di", new BigDecimal("40.00"), 100},
          new Object[] {6, "fay", new BigDecimal("60.00"), 100}, new Object[] {7, "gus", new BigDecimal("70.00"), 100},
          new Object[] {8, null, new BigDecimal("80.00"), 100});
      a.plantNew(new Object[] {1, "ann", 1000, 100}, new Object[] {2, "bob", 2500, 100}, new Object[] {3, "cyrus", 3000, 300},
          new Object[] {5, "eve", 5000, 100}, new Object[] {6, "fay", 6000, 100}, new Object[] {7, "gustav", 7500, 100},
          new Object[] {8, null, 8000, 100});
      // a table nobody migrates, in the old database only
      a.old.exec("CREATE TABLE notes (account_id INT PRIMARY KEY, note VARCHAR(20))", "INSERT INTO notes VALUES (2, 'vip'), (7, 'late')");
      FIXTURES.put(t, a);
    }
    return a;
  }

  @AfterAll static synchronized void dropDatabases() {
    FIXTURES.values().forEach(Accounts::close);
    FIXTURES.clear();
  }

  /** A unique migration name for this test, so process-wide counters start at zero. */
  private static String name(String what, Topology t) {
    return (what + "-" + t.name() + "-" + letters(SEQ.incrementAndGet())).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** A number in letters: migration names carry no digits that a mismatch report's key could be confused with. */
  static String letters(int n) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return sb.toString();
  }

  private static String mode(String writes, ReadMode reads, String extra) {
    return "    writes: " + writes + "\n    reads: " + reads.wireName() + "\n" + extra;
  }

  private Connection open(Accounts a, String name, String settings) throws Exception {
    return a.open(a.toggleFile(dir, name, settings));
  }

  private static final String ALL = "SELECT id, owner, balance, updated_at FROM accounts ORDER BY id";

  @ParameterizedTest @EnumSource(Topology.class)
  void oldReadsTheOldTableOnly(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("old", t), mode("old-primary", ReadMode.OLD, "    version_column: updated_at\n"))) {
      assertEquals(OLD_ROWS, Accounts.rows(c, ALL));
      assertEquals(OLD_ROWS, Accounts.statementRows(c, "SELECT * FROM accounts ORDER BY id"));
      assertEquals(List.of(), Accounts.rows(c, "SELECT owner FROM accounts WHERE id = ?", 5), "key 5 exists only on new");
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void newReadsTheNewTableThroughReverse(Topology t) throws Exception {
    Accounts a = fixture(t);
    String name = name("new", t);
    try (Connection c = open(a, name, mode("old-primary", ReadMode.NEW, "    version_column: updated_at\n"))) {
      assertEquals(NEW_ROWS, Accounts.rows(c, ALL));
      assertEquals(NEW_ROWS, Accounts.statementRows(c, "SELECT * FROM accounts ORDER BY id"), "SELECT * expands to the old columns");
      assertEquals(List.of("eve|50.00"), Accounts.rows(c, "SELECT owner, balance FROM accounts WHERE id = ?", 5));
      assertEquals(List.of(), Accounts.rows(c, "SELECT owner, balance FROM accounts WHERE id = ?", 4));
      // WHERE on a transformed column: only new's 25.00 lies in the range
      assertEquals(List.of("2"), Accounts.rows(c, "SELECT id FROM accounts WHERE balance > 24 AND balance < 26"));
      // across engines PostgreSQL cannot LIKE over the caseless owner column: served from old, which lacks the row
      assertEquals(t == Topology.MARIADB_TO_POSTGRES ? List.of() : List.of("3|cyrus"),
          Accounts.rows(c, "SELECT id, owner FROM accounts WHERE owner LIKE ?", "cyr%"));
      // ORDER BY a transformed column, descending, with LIMIT
      assertEquals(List.of("8", "7", "6"), Accounts.rows(c, "SELECT id FROM accounts ORDER BY balance DESC LIMIT 3"));
      // table alias, qualified columns, a label of the application's own
      List<String> labelled = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT a.id, a.owner AS who FROM accounts a WHERE a.balance >= 70 ORDER BY a.id")) {
        assertEquals("who", rs.getMetaData().getColumnLabel(2));
        while (rs.next()) labelled.add(rs.getInt("id") + "|" + rs.getString("who"));
      }
      assertEquals(List.of("7|gustav", "8|null"), labelled);
      // a subquery on the migrated table is rewritten too
      assertEquals(List.of("7", "8"), Accounts.rows(c, "SELECT id FROM accounts WHERE id IN (SELECT id FROM accounts WHERE balance > 72) ORDER BY id"));
      // aggregates and GROUP BY are the new side's in mode new
      assertEquals(List.of("7|330.00"), Accounts.rows(c, "SELECT COUNT(*), SUM(balance) FROM accounts WHERE balance < 100"));
      assertEquals(List.of("100|6", "300|1"), Accounts.rows(c, "SELECT updated_at, COUNT(*) FROM accounts GROUP BY updated_at ORDER BY updated_at"));
      assertTrue(ReadCounters.of(name).reads(ReadMode.NEW) >= 10, () -> ReadCounters.of(name).toString());
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void aJoinWithAnUnmigratedTableReadsNewOnlyInTheSameDatabase(Topology t) throws Exception {
    Accounts a = fixture(t);
    String name = name("join", t);
    try (Connection c = open(a, name, mode("old-primary", ReadMode.NEW, "    version_column: updated_at\n"))) {
      List<String> got = Accounts.rows(c, "SELECT a.id, a.owner, a.balance, n.note FROM accounts a JOIN notes n ON n.account_id = a.id ORDER BY a.id");
      if (t.sameDatabase()) {
        assertEquals(List.of("2|bob|25.00|vip", "7|gustav|75.00|late"), got, "same database: the join is rewritten onto accounts_v2");
      } else {
        assertEquals(List.of("2|bob|20.00|vip", "7|gus|70.00|late"), got, "notes lives in the old database only: the read stays on old");
      }
      List<String> correlated = Accounts.rows(c,
          "SELECT id, owner FROM accounts WHERE EXISTS (SELECT 1 FROM notes WHERE notes.account_id = accounts.id) ORDER BY id");
      assertEquals(t.sameDatabase() ? List.of("2|bob", "7|gustav") : List.of("2|bob", "7|gus"), correlated);
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void fallbackReadsTheSecondaryOnlyWhenThePrimaryHasNoRow(Topology t) throws Exception {
    Accounts a = fixture(t);
    String name = name("fallback", t);
    try (Connection c = open(a, name, mode("old-primary", ReadMode.FALLBACK, "    version_column: updated_at\n"))) {
      String byKey = "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?";
      assertEquals(List.of("3|cy|30.00|100"), Accounts.rows(c, byKey, 3), "old has the row: old's, though new's is newer");
      assertEquals(List.of("4|di|40.00|100"), Accounts.rows(c, byKey, 4));
      assertEquals(List.of("5|eve|50.00|100"), Accounts.rows(c, byKey, 5), "old has no row: new's, through reverse");
      assertEquals(List.of(), Accounts.rows(c, byKey, 99), "neither side has it");
      assertEquals(List.of("7|gus|70.00|100"), Accounts.statementRows(c, "SELECT * FROM accounts WHERE id = 7"));
      assertEquals(List.of("5|eve"), Accounts.statementRows(c, "SELECT id, owner FROM accounts WHERE id = 5"));
      // not only by key: any query whose primary answer is empty
      assertEquals(List.of("3|30.00"), Accounts.rows(c, "SELECT id, balance FROM accounts WHERE owner = ?", "cyrus"));
      assertEquals(List.of("2"), Accounts.rows(c, "SELECT id FROM accounts WHERE balance > 24 AND balance < 26"),
          "the secondary's WHERE is rewritten through reverse");
      assertTrue(ReadCounters.of(name).reads(ReadMode.FALLBACK) >= 8, () -> ReadCounters.of(name).toString());
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void mergeTakesTheNewerVersionOfEachKeyAndThePrimaryOnATie(Topology t) throws Exception {
    Accounts a = fixture(t);
    String name = name("merge", t);
    try (Connection c = open(a, name, mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      assertEquals(MERGED_OLD_PRIMARY, Accounts.rows(c, ALL));
      assertEquals(MERGED_OLD_PRIMARY, Accounts.statementRows(c, "SELECT * FROM accounts ORDER BY id"));
      List<String> unordered = new ArrayList<>(Accounts.statementRows(c, "SELECT id, owner, balance, updated_at FROM accounts"));
      unordered.sort(null);
      assertEquals(MERGED_OLD_PRIMARY, unordered, "without ORDER BY: the same rows, once each");
      String byKey = "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?";
      assertEquals(List.of("2|bob|20.00|200"), Accounts.rows(c, byKey, 2));
      assertEquals(List.of("3|cyrus|30.00|300"), Accounts.rows(c, byKey, 3));
      assertEquals(List.of("4|di|40.00|100"), Accounts.rows(c, byKey, 4));
      assertEquals(List.of("5|eve|50.00|100"), Accounts.rows(c, byKey, 5));
      assertEquals(List.of("7|gus|70.00|100"), Accounts.rows(c, byKey, 7));
      assertEquals(List.of(), Accounts.rows(c, byKey, 99));
      assertTrue(ReadCounters.of(name).reads(ReadMode.MERGE) >= 9, () -> ReadCounters.of(name).toString());
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void mergeWithoutVersionColumnKeepsThePrimarysRow(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("merge-nov", t), mode("old-primary", ReadMode.MERGE, ""))) {
      assertEquals(MERGED_NO_VERSION, Accounts.rows(c, ALL));
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void mergeReappliesOrderByLimitAndOffsetToTheMergedRows(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("merge-order", t), mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      // merged balances are 10..80 by id; old alone would give 7,6,4 and new alone 7 (75.00),6,5
      assertEquals(List.of("7|70.00", "6|60.00", "5|50.00"),
          Accounts.rows(c, "SELECT id, balance FROM accounts WHERE id < 8 ORDER BY balance DESC LIMIT 3"));
      // old alone would give 6,4,3 and new alone 6,5,3
      assertEquals(List.of("6", "5", "4"), Accounts.rows(c, "SELECT id FROM accounts ORDER BY balance DESC LIMIT 3 OFFSET 2"));
      assertEquals(List.of("4", "5"), Accounts.rows(c, "SELECT id FROM accounts ORDER BY id LIMIT ? OFFSET ?", 2, 3));
      assertEquals(List.of("3|cyrus", "2|bob"), Accounts.rows(c, "SELECT id, owner FROM accounts WHERE id <= 3 ORDER BY updated_at DESC LIMIT 2"));
      assertEquals(List.of("8", "7", "6", "5", "4", "3", "2", "1"), Accounts.rows(c, "SELECT id FROM accounts ORDER BY id DESC"));
      // ORDER BY a column the select list does not carry, and by position
      assertEquals(List.of("cyrus", "ann"), Accounts.rows(c, "SELECT owner FROM accounts WHERE id IN (1, 3) ORDER BY updated_at DESC"));
      assertEquals(List.of("8|null", "7|gus"), Accounts.rows(c, "SELECT id, owner FROM accounts ORDER BY 1 DESC LIMIT 2"));
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void mergeWorksWhenTheSelectListLacksOrRenamesTheKey(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("merge-nokey", t), mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT owner, balance FROM accounts WHERE id IN (2, 3, 5) ORDER BY id")) {
        assertEquals(2, rs.getMetaData().getColumnCount(), "no column of Shunt's own shows");
        assertEquals(List.of("bob|20.00", "cyrus|30.00", "eve|50.00"), Accounts.rows(rs));
      }
      List<String> sorted = new ArrayList<>(Accounts.statementRows(c, "SELECT owner FROM accounts WHERE balance >= 30"));
      sorted.sort(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
      assertEquals(List.of("cyrus", "di", "eve", "fay", "gus", "null"), sorted);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT a.id AS account_id, a.owner AS who FROM accounts a WHERE a.id BETWEEN 3 AND 5 ORDER BY a.id")) {
        assertEquals("account_id", rs.getMetaData().getColumnLabel(1));
        assertEquals("who", rs.getMetaData().getColumnLabel(2));
        assertEquals(List.of("3|cyrus", "4|di", "5|eve"), Accounts.rows(rs));
      }
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void fallbackTakesAnAggregatesRowFromThePrimary(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("fallback-agg", t), mode("old-primary", ReadMode.FALLBACK, "    version_column: updated_at\n"))) {
      assertEquals(List.of("0"), Accounts.rows(c, "SELECT COUNT(*) FROM accounts WHERE owner = ?", "eve"),
          "COUNT returns a row on the primary: that is the answer");
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void mergeFiltersTheWinningRowNotEachSidesOwn(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("merge-where", t), mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      // key 2: old (20.00, version 200) wins over new (25.00, version 100). Old's row is outside
      // the range, new's stale one inside: a careful merge must not serve the stale row.
      assertEquals(List.of(), Accounts.rows(c, "SELECT id, balance FROM accounts WHERE balance > 24 AND balance < 26"));
      // key 3: new (cyrus, 300) wins; old's 'cy' matches the filter, the winner does not
      assertEquals(List.of(), Accounts.rows(c, "SELECT id FROM accounts WHERE owner = ?", "cy"));
      assertEquals(List.of("3"), Accounts.rows(c, "SELECT id FROM accounts WHERE owner = ?", "cyrus"));
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void mergeServesQueriesItCannotMergeRowByRowFromThePrimaryOnly(Topology t) throws Exception {
    Accounts a = fixture(t);
    String name = name("merge-agg", t);
    try (Connection c = open(a, name, mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      long before = ReadCounters.of(name).readsPrimaryOnly();
      // merged there would be 8 rows summing 360.00; old alone has 7 summing 310.00
      assertEquals(List.of("7|310.00"), Accounts.rows(c, "SELECT COUNT(*), SUM(balance) FROM accounts"));
      assertEquals(List.of("100|6", "200|1"), Accounts.rows(c, "SELECT updated_at, COUNT(*) FROM accounts GROUP BY updated_at ORDER BY updated_at"));
      assertEquals(List.of("bob", "cy", "di", "fay", "gus"),
          Accounts.rows(c, "SELECT DISTINCT owner FROM accounts WHERE owner IS NOT NULL AND owner <> 'ann' ORDER BY owner"));
      assertEquals(List.of("200"), Accounts.rows(c, "SELECT MAX(updated_at) FROM accounts"), "merged it would be 300");
      long primaryOnly = ReadCounters.of(name).readsPrimaryOnly() - before;
      assertEquals(4, primaryOnly, () -> ReadCounters.of(name).toString());
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void primaryIsNewWhenWritesAreNewPrimary(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("np-merge", t), mode("new-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      assertEquals(MERGED_NEW_PRIMARY, Accounts.rows(c, ALL));
      assertEquals(List.of("7|330.00"), Accounts.rows(c, "SELECT COUNT(*), SUM(balance) FROM accounts WHERE balance < 100"),
          "an aggregate reads the primary only, which is new");
    }
    try (Connection c = open(a, name("np-fallback", t), mode("new-primary", ReadMode.FALLBACK, "    version_column: updated_at\n"))) {
      String byKey = "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?";
      assertEquals(List.of("2|bob|25.00|100"), Accounts.rows(c, byKey, 2), "new has the row: new's, though old's is newer");
      assertEquals(List.of("4|di|40.00|100"), Accounts.rows(c, byKey, 4), "new has no row: old's");
      assertEquals(List.of("5|eve|50.00|100"), Accounts.rows(c, byKey, 5));
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void compareServesThePrimaryAndCountsConfirmedDifferencesByKeyAndColumn(Topology t) throws Exception {
    Accounts a = fixture(t);
    String name = name("compare", t);
    ReadCounters counters = ReadCounters.of(name);
    try (Connection c = open(a, name, mode("old-primary", ReadMode.COMPARE,
        "    version_column: updated_at\n    compare: { sample: 1.0, confirm_ms: 50 }\n"))) {
      String byKey = "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?";
      assertEquals(List.of("1|ann|10.00|100"), Accounts.rows(c, byKey, 1));
      assertEquals(List.of("6|fay|60.00|100"), Accounts.rows(c, byKey, 6));
      Await.until("two agreeing compares", Duration.ofSeconds(20), () -> counters.comparesDone() >= 2);
      assertEquals(2, counters.compareAgreed(), counters::toString);
      assertEquals(0, counters.confirmedMismatches(), counters::toString);

      // key 7: owner and balance differ, updated_at agrees
      assertEquals(List.of("7|gus|70.00|100"), Accounts.rows(c, byKey, 7), "compare serves the primary");
      Await.until("the difference on key 7 to be confirmed", Duration.ofSeconds(20), () -> counters.confirmedMismatches() >= 1);
      List<String> report = counters.recentMismatches();
      String line = report.stream().filter(l -> l.contains("7")).findFirst().orElseThrow(() -> new AssertionError("no report names key 7: " + report));
      assertTrue(line.contains("owner"), line);
      assertTrue(line.contains("balance"), line);
      assertFalse(line.contains("updated_at"), "updated_at agrees: " + line);
      for (String value : List.of("gustav", "7500", "75.00", "70.00")) assertFalse(line.contains(value), "no values without log_values: " + line);

      // a row missing on the secondary, and the whole table, still served from old
      assertEquals(List.of("4|di|40.00|100"), Accounts.rows(c, byKey, 4));
      assertEquals(List.of(), Accounts.rows(c, byKey, 5), "key 5 exists only on the secondary; compare serves the primary");
      assertEquals(OLD_ROWS, Accounts.rows(c, ALL));
      Await.until("all compares to finish", Duration.ofSeconds(20),
          () -> counters.comparesDone() >= counters.compareSamples() && counters.compareSamples() >= 6);
      assertEquals(6, counters.compareSamples(), counters::toString);
      assertEquals(0, counters.droppedCompares(), "six reads in a row do not fill the compare queue: " + counters);
      assertEquals(2, counters.compareAgreed(), counters::toString);
      assertTrue(counters.confirmedMismatches() >= 3, counters::toString);
      assertEquals(0, counters.transientMismatches(), "nothing wrote meanwhile: " + counters);
      assertTrue(counters.reads(ReadMode.COMPARE) >= 6, counters::toString);
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void compareReportsValuesOnlyWithLogValues(Topology t) throws Exception {
    Accounts a = fixture(t);
    String name = name("compare-values", t);
    ReadCounters counters = ReadCounters.of(name);
    Path file = Accounts.toggleFile(dir, name, "log_values: true\n" + a.newSection(),
        mode("old-primary", ReadMode.COMPARE, "    version_column: updated_at\n    compare: { sample: 1.0, confirm_ms: 50 }\n"));
    try (Connection c = a.open(file)) {
      assertEquals(List.of("7|gus|70.00|100"), Accounts.rows(c, "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?", 7));
      Await.until("the difference on key 7 to be confirmed", Duration.ofSeconds(20), () -> counters.confirmedMismatches() >= 1);
      List<String> report = counters.recentMismatches();
      assertTrue(report.stream().anyMatch(l -> l.contains("7") && l.contains("gustav") && l.contains("owner")),
          () -> "log_values: true shows the differing values: " + report);
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void namedPhasesChooseTheReadModeAndThePrimary(Topology t) throws Exception {
    Accounts a = fixture(t);
    String shadowRead = name("phase-shadow-read", t);
    try (Connection c = open(a, shadowRead, "    phase: shadow-read\n    version_column: updated_at\n")) {
      assertEquals(OLD_ROWS, Accounts.rows(c, ALL), "shadow-read serves old and compares");
      Await.until("the compare of a shadow-read read", Duration.ofSeconds(20), () -> ReadCounters.of(shadowRead).compareSamples() >= 1);
    }
    try (Connection c = open(a, name("phase-new-primary", t), "    phase: new-primary\n    version_column: updated_at\n")) {
      assertEquals(MERGED_NEW_PRIMARY, Accounts.rows(c, ALL), "new-primary merges with new as the primary");
    }
    try (Connection c = open(a, name("phase-new-only", t), "    phase: new-only\n    version_column: updated_at\n")) {
      assertEquals(NEW_ROWS, Accounts.rows(c, ALL), "new-only reads new");
    }
    try (Connection c = open(a, name("phase-shadow-write", t), "    phase: shadow-write\n    version_column: updated_at\n")) {
      assertEquals(OLD_ROWS, Accounts.rows(c, ALL), "shadow-write reads old");
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void executeAndMaxRowsAreHonouredLikeExecuteQuery(Topology t) throws Exception {
    Accounts a = fixture(t);
    List<org.junit.jupiter.api.function.Executable> perMode = new ArrayList<>();
    for (ReadMode m : List.of(ReadMode.NEW, ReadMode.MERGE, ReadMode.FALLBACK)) {
      List<String> expected = m == ReadMode.NEW ? NEW_ROWS : m == ReadMode.MERGE ? MERGED_OLD_PRIMARY : OLD_ROWS;
      Path file = a.toggleFile(dir, name("execute-" + m.wireName(), t), mode("old-primary", m, "    version_column: updated_at\n"));
      perMode.add(() -> {
        try (Connection c = a.open(file)) {
          try (Statement s = c.createStatement()) {
            assertTrue(s.execute(ALL), m + ": execute() of a SELECT has a result set");
            try (ResultSet rs = s.getResultSet()) {
              assertEquals(expected, Accounts.rows(rs), m + ": Statement.execute");
            }
            assertFalse(s.getMoreResults());
            assertEquals(-1, s.getUpdateCount());
          }
          try (PreparedStatement ps = c.prepareStatement("SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?")) {
            ps.setInt(1, 5);
            assertTrue(ps.execute());
            try (ResultSet rs = ps.getResultSet()) {
              assertEquals(List.of("5|eve|50.00|100"), Accounts.rows(rs), m + ": PreparedStatement.execute");
            }
          }
          try (Statement s = c.createStatement()) {
            s.setMaxRows(2);
            try (ResultSet rs = s.executeQuery(ALL)) {
              assertEquals(expected.subList(0, 2), Accounts.rows(rs), m + ": setMaxRows(2), as the raw driver honours it");
            }
          }
        }
      });
    }
    org.junit.jupiter.api.Assertions.assertAll(perMode.stream());
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void pooledConnectionsRouteReadsToo(Topology t) throws Exception {
    Accounts a = fixture(t);
    com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
    hc.setJdbcUrl(a.old.shuntUrl());
    hc.addDataSourceProperty("shunt.config", a.toggleFile(dir, name("pool", t), mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n")).toString());
    hc.setMaximumPoolSize(2);
    try (com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource(hc)) {
      for (int i = 0; i < 5; i++) {
        try (Connection c = ds.getConnection()) {
          assertEquals(MERGED_OLD_PRIMARY, Accounts.rows(c, ALL), "through the pool, borrow " + i);
        }
      }
    }
  }

  private static int normalisedType(int jdbcType) {
    return jdbcType == Types.NUMERIC ? Types.DECIMAL : jdbcType;
  }

  private static List<String> describe(ResultSetMetaData md) throws SQLException {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      out.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT) + ":" + normalisedType(md.getColumnType(i)));
    }
    return out;
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void selectStarLabelsAndTypesAreTheOldQuerysInEveryMode(Topology t) throws Exception {
    Accounts a = fixture(t);
    List<String> expected;
    try (Connection raw = a.old.openRaw(); Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM accounts")) {
      expected = describe(rs.getMetaData());
    }
    assertEquals(4, expected.size());
    for (ReadMode m : ReadMode.values()) {
      try (Connection c = open(a, name("labels-" + m.wireName(), t), mode("old-primary", m, "    version_column: updated_at\n"));
          Statement s = c.createStatement()) {
        for (String sql : List.of("SELECT * FROM accounts ORDER BY id", "SELECT * FROM accounts WHERE id = 5", "SELECT accounts.* FROM accounts WHERE id = 3")) {
          try (ResultSet rs = s.executeQuery(sql)) {
            assertEquals(expected, describe(rs.getMetaData()), m + ": " + sql);
            while (rs.next()) {
              assertEquals(rs.getInt(1), rs.getInt("id"));
              assertTrue(rs.getObject("balance") instanceof BigDecimal, m + ": balance is a decimal as on old, got "
                  + (rs.getObject("balance") == null ? null : rs.getObject("balance").getClass()));
            }
          }
        }
      }
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void aMergedResultSetHasTheGettersAndWasNullOfAJdbcResultSet(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("merge-rs", t), mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"));
        PreparedStatement ps = c.prepareStatement("SELECT id, owner, balance, updated_at FROM accounts WHERE id >= ? ORDER BY id")) {
      ps.setInt(1, 5);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(5, rs.getInt("id"));
        assertEquals(5L, rs.getLong(1));
        assertEquals("eve", rs.getString("OWNER"), "labels are case-insensitive as in JDBC");
        assertEquals(0, new BigDecimal("50.00").compareTo(rs.getBigDecimal("balance")));
        assertEquals(50.0, rs.getDouble(3), 1e-9);
        assertEquals(100L, rs.getLong("updated_at"));
        assertFalse(rs.wasNull());
        assertEquals(3, rs.findColumn("balance"));
        assertThrows(SQLException.class, () -> rs.findColumn("no_such_column"));
        assertTrue(rs.next());
        assertTrue(rs.next());
        assertEquals(7, rs.getInt(1));
        assertEquals("gus", rs.getString(2));
        assertTrue(rs.next());
        assertEquals(8, rs.getInt(1));
        assertEquals(null, rs.getString("owner"));
        assertTrue(rs.wasNull());
        assertEquals(null, rs.getObject(2));
        assertTrue(rs.wasNull());
        assertFalse(rs.next());
        assertTrue(rs.getStatement().getConnection() == c, "getStatement() is Shunt's wrapper");
      }
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void aMergedResultSetConvertsADecimalForGetIntAsTheRawDriverDoes(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("merge-conv", t), mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT balance, id, updated_at FROM accounts WHERE id = 8")) {
        assertTrue(rs.next());
        assertEquals(80, rs.getInt("balance"), "MariaDB's own driver gives 80 for getInt on DECIMAL 80.00");
        assertEquals(80L, rs.getLong(1));
        assertFalse(rs.wasNull());
        assertEquals("8", rs.getString("id"));
        assertEquals(new BigDecimal("100"), rs.getBigDecimal("updated_at").stripTrailingZeros().setScale(0));
      }
    }
  }

  @ParameterizedTest @EnumSource(Topology.class)
  void aMergedResultSetIsForwardOnlyUnlessTheApplicationAskedForScrolling(Topology t) throws Exception {
    Accounts a = fixture(t);
    try (Connection c = open(a, name("merge-fwd", t), mode("old-primary", ReadMode.MERGE, "    version_column: updated_at\n"))) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, owner FROM accounts ORDER BY id")) {
        assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
        assertTrue(rs.next());
        assertThrows(SQLException.class, rs::first, "forward-only as the application asked");
        assertThrows(SQLException.class, rs::previous, "forward-only as the application asked");
      }
      try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
          ResultSet rs = s.executeQuery("SELECT id, owner FROM accounts ORDER BY id")) {
        assertTrue(rs.getType() != ResultSet.TYPE_FORWARD_ONLY);
        assertTrue(rs.last());
        assertEquals(8, rs.getRow());
        assertEquals(8, rs.getInt(1));
        assertTrue(rs.absolute(3));
        assertEquals("cyrus", rs.getString(2));
        assertTrue(rs.previous());
        assertEquals("bob", rs.getString(2));
        assertTrue(rs.first());
        assertEquals(1, rs.getInt(1));
        rs.beforeFirst();
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    }
  }
}
