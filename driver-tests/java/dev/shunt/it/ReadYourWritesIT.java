package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shunt.it.support.Accounts;
import dev.shunt.it.support.Accounts.Topology;
import dev.shunt.it.support.MirrorSchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Merge reads inside the application's own transaction: what the transaction
 * wrote (inserted, updated, deleted) is what it reads back, whichever side is primary, and a
 * rollback leaves both sides' rows as they were. A merge that read the secondary outside the
 * transaction would show a deleted row again.
 */
class ReadYourWritesIT {
  private static final String ALL = "SELECT id, owner, balance, updated_at FROM accounts ORDER BY id";
  private static final String BY_KEY = "SELECT id, owner, balance, updated_at FROM accounts WHERE id = ?";
  private static final List<String> START = List.of("1|a|10.00|1", "2|b|20.00|1", "3|c|30.00|1");
  private static final List<String> WRITTEN = List.of("1|zed|10.00|2", "3|c|30.00|1", "10|ten|10.00|1");

  @TempDir Path dir;

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Topology t : Topology.values()) {
      for (String writes : List.of("old-primary", "new-primary")) out.add(Arguments.of(t, writes));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}") @MethodSource("cases")
  void aMergeReadInsideATransactionSeesTheTransactionsOwnWrites(Topology t, String writes) throws Exception {
    try (Accounts a = new Accounts(t, "ryw")) {
      a.plantOld(new Object[] {1, "a", new BigDecimal("10.00"), 1}, new Object[] {2, "b", new BigDecimal("20.00"), 1},
          new Object[] {3, "c", new BigDecimal("30.00"), 1});
      a.plantNew(new Object[] {1, "a", 1000, 1}, new Object[] {2, "b", 2000, 1}, new Object[] {3, "c", 3000, 1});
      String name = ("ryw-" + t.name() + "-" + writes).toLowerCase(Locale.ROOT).replace('_', '-');
      Path file = a.toggleFile(dir, name, "    writes: " + writes + "\n    reads: merge\n    version_column: updated_at\n");
      try (Connection c = a.open(file)) {
        assertEquals(START, Accounts.rows(c, ALL));
        for (boolean commit : new boolean[] {false, true}) {
          c.setAutoCommit(false);
          try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (id, owner, balance, updated_at) VALUES (10, 'ten', 10.00, 1)");
            s.executeUpdate("UPDATE accounts SET owner = 'zed', updated_at = 2 WHERE id = 1");
            s.executeUpdate("DELETE FROM accounts WHERE id = 2");
          }
          String when = commit ? "before commit" : "before rollback";
          assertEquals(List.of("10|ten|10.00|1"), Accounts.rows(c, BY_KEY, 10), "inserted, " + when);
          assertEquals(List.of("1|zed|10.00|2"), Accounts.rows(c, BY_KEY, 1), "updated, " + when);
          assertEquals(List.of(), Accounts.rows(c, BY_KEY, 2), "deleted in this transaction, " + when);
          assertEquals(WRITTEN, Accounts.rows(c, ALL), when);
          if (commit) c.commit();
          else c.rollback();
          c.setAutoCommit(true);
          assertEquals(commit ? WRITTEN : START, Accounts.rows(c, ALL), commit ? "after commit" : "after rollback");
        }
      }
      assertEquals(List.of("1|zed|1000|2", "3|c|3000|1", "10|ten|1000|1"),
          MirrorSchema.rows(a.neu, "SELECT id, owner_name, balance_cents, updated_at FROM accounts_v2 ORDER BY id"), "new after commit");
      assertEquals(List.of("1|zed|10.00|2", "3|c|30.00|1", "10|ten|10.00|1"),
          MirrorSchema.rows(a.old, "SELECT id, owner, balance, updated_at FROM accounts ORDER BY id"), "old after commit");
    }
  }
}
