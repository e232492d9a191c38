package dev.shunt.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.Migration;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.sql.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** SELECTs written for the old table, rewritten to read the new one. */
class SelectRewriterTest {
  private static Migration accounts() throws Exception {
    String yaml = "version: 1\nmigrations:\n  accounts:\n    old: { table: accounts, key: [id] }\n    new: { table: accounts_v2 }\n"
        + "    columns: { id: id, owner_name: owner, balance_cents: ROUND(balance * 100), updated_at: updated_at }\n"
        + "    reverse: { id: id, owner: owner_name, balance: balance_cents / 100, updated_at: updated_at }\n"
        + "    version_column: updated_at\n    phase: shadow-read\n";
    return new ToggleFileParser(n -> null).parse(Path.of("t.yaml"), yaml.getBytes(StandardCharsets.UTF_8))
        .migrations().get("accounts");
  }

  private static RoutedSelect rewrite(String sql, Dialect d, boolean same) throws Exception {
    return SelectRewriter.rewrite(sql, accounts(), Dialect.MARIADB, d, same);
  }

  @Test void replacesTableAndColumnsAndLabelsTheOldNames() throws Exception {
    RoutedSelect r = rewrite("SELECT id, owner, balance FROM accounts WHERE balance > ? AND id = ? ORDER BY owner", Dialect.MARIADB, true);
    assertNull(r.unroutable());
    assertEquals("SELECT (`accounts`.`id`) AS `id`, (`accounts`.`owner_name`) AS `owner`, (`accounts`.`balance_cents` / 100) AS `balance`"
        + " FROM `accounts_v2` `accounts` WHERE (`accounts`.`balance_cents` / 100) > ? AND (`accounts`.`id`) = ?"
        + " ORDER BY (`accounts`.`owner_name`)", r.newSide().sql());
    assertArrayEquals(new int[] {1, 2}, r.newSide().sourceIndexes());
  }

  @Test void expandsStarToTheOldShapeAndKeepsAliases() throws Exception {
    RoutedSelect r = rewrite("SELECT a.* FROM accounts a WHERE a.owner = 'x'", Dialect.POSTGRESQL, false);
    assertEquals("SELECT (\"a\".\"id\") AS \"id\", (\"a\".\"owner_name\") AS \"owner\", (\"a\".\"balance_cents\" / 100) AS \"balance\","
        + " (\"a\".\"updated_at\") AS \"updated_at\" FROM \"accounts_v2\" \"a\" WHERE (\"a\".\"owner_name\") = 'x'", r.newSide().sql());
  }

  @Test void joinsWithAnotherTableOnlyInOneDatabase() throws Exception {
    String sql = "SELECT o.name, a.balance FROM accounts a JOIN owners o ON o.id = a.id";
    assertNull(rewrite(sql, Dialect.MARIADB, true).unroutable());
    assertTrue(rewrite(sql, Dialect.MARIADB, true).newSide().sql().contains("JOIN owners o ON o.id = (`a`.`id`)"),
        rewrite(sql, Dialect.MARIADB, true).newSide().sql());
    assertTrue(rewrite(sql, Dialect.POSTGRESQL, false).unroutable().contains("owners"));
  }

  @Test void subqueryOverAnotherTableKeepsItsOwnColumns() throws Exception {
    RoutedSelect r = rewrite("SELECT balance FROM accounts WHERE id IN (SELECT id FROM blocked)", Dialect.MARIADB, true);
    assertTrue(r.newSide().sql().endsWith("WHERE (`accounts`.`id`) IN (SELECT id FROM blocked)"), r.newSide().sql());
  }

  @Test void keyedFormCarriesKeyVersionAndOrderAndDropsTheLimit() throws Exception {
    RoutedSelect r = rewrite("SELECT owner, balance FROM accounts WHERE balance > ? ORDER BY balance DESC LIMIT ? OFFSET 2", Dialect.MARIADB, true);
    RoutedSelect.Keyed k = r.keyed();
    assertNotNull(k, r.unkeyed());
    assertEquals(3, k.hidden);
    assertEquals("SELECT owner, balance, accounts.id AS shunt_k0, accounts.updated_at AS shunt_v, balance AS shunt_o1"
        + " FROM accounts WHERE balance > ? ORDER BY balance DESC, accounts.id", k.oldSide.sql());
    assertArrayEquals(new int[] {1}, k.oldSide.sourceIndexes());
    assertTrue(k.newSide.sql().contains("(`accounts`.`id`) AS shunt_k0"), k.newSide.sql());
    assertEquals(" LIMIT 7", k.side(false, 7).sql().substring(k.oldSide.sql().length()));
  }

  @Test void aggregatesAndGroupingAreNotMergeable() throws Exception {
    assertNull(rewrite("SELECT owner, SUM(balance) FROM accounts GROUP BY owner", Dialect.MARIADB, true).keyed());
    assertNull(rewrite("SELECT COUNT(*) FROM accounts", Dialect.MARIADB, true).keyed());
    assertNotNull(rewrite("SELECT COUNT(*) FROM accounts", Dialect.MARIADB, true).newSide());
  }

  @Test void mariaDbLimitFormBecomesPortable() throws Exception {
    RoutedSelect r = rewrite("SELECT id FROM accounts ORDER BY id LIMIT 5, 10", Dialect.POSTGRESQL, false);
    assertTrue(r.newSide().sql().endsWith("LIMIT 10 OFFSET 5"), r.newSide().sql());
  }
}
