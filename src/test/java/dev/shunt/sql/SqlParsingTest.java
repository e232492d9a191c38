package dev.shunt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.sf.jsqlparser.parser.ParseException;
import org.junit.jupiter.api.Test;

class SqlParsingTest {
  /** A text that makes the parser backtrack exponentially in its nesting: it must stop at the budget. */
  @Test void aPathologicalTextIsCutOffAtTheBudget() {
    // without a bound, this takes JSqlParser's complex mode minutes
    String nested = "SELECT id FROM acct WHERE " + "(".repeat(12) + "a = 1 +" + ")".repeat(12);
    assertTrue(ServerReading.read(nested, ServerReading.Family.MARIADB).certain(), "the lexer has nothing against it");
    long start = System.nanoTime();
    assertThrows(SqlParsing.ParseTimeout.class, () -> SqlParsing.statements(nested));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(ms < 20 * SqlParsing.DEFAULT_BUDGET_MS, "stopped after " + ms + " ms");
  }

  @Test void ordinaryTextsParse() throws ParseException {
    assertEquals(2, SqlParsing.statements("SELECT 1; UPDATE acct SET n = 1 WHERE id = ?").size());
    assertTrue(SqlParsing.statement("DELETE FROM acct WHERE id IN (SELECT id FROM x)") != null);
  }
}
