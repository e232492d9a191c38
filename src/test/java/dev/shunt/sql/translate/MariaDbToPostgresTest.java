package dev.shunt.sql.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.translate.ColumnType.Family;
import java.util.Map;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.Test;

class MariaDbToPostgresTest {
  private static final Map<String, ColumnType> ITEMS = Map.of(
      "id", new ColumnType(Family.EXACT, 0, "integer"),
      "qty", new ColumnType(Family.EXACT, 0, "integer"),
      "price", new ColumnType(Family.EXACT, 2, "numeric(10, 2)"),
      "name", new ColumnType(Family.TEXT_CASE_INSENSITIVE, 0, null),
      "code", new ColumnType(Family.TEXT_CASE_SENSITIVE, 0, null),
      "created", new ColumnType(Family.TEMPORAL, 0, "date"),
      "ratio", new ColumnType(Family.FLOATING, 0, "double precision"));

  private static String read(String sql) throws Exception {
    Select s = (Select) CCJSqlParserUtil.parse(sql);
    new MariaDbToPostgres(ITEMS, false).select(s, true);
    return IndexedSql.indexedSelect(s);
  }

  private static String refusal(String sql) {
    return assertThrows(MariaDbToPostgres.Unfaithful.class, () -> read(sql)).getMessage();
  }

  @Test void divisionIsExactToFourMoreDigitsAndZeroGivesNull() throws Exception {
    assertEquals("SELECT ROUND(CAST(qty AS NUMERIC) / NULLIF(4, 0), 4) AS \"qty / 4\" FROM items", read("SELECT qty / 4 FROM items"));
    assertEquals("SELECT ROUND(CAST(price AS NUMERIC) / NULLIF(qty, 0), 6) AS \"price / qty\" FROM items", read("SELECT price / qty FROM items"));
  }

  @Test void nullsSortAsOnMariaDb() throws Exception {
    assertEquals("SELECT id FROM items ORDER BY qty NULLS FIRST, price DESC NULLS LAST", read("SELECT id FROM items ORDER BY qty, price DESC"));
  }

  @Test void truthValuesAreNumbersAndLabelsAreTheText() throws Exception {
    assertEquals("SELECT CAST((qty > 5) AS INTEGER) AS \"qty > 5\" FROM items", read("SELECT qty > 5 FROM items"));
    assertEquals("SELECT ROUND(AVG(i.qty), 4) AS \"AVG(i.qty)\" FROM items i", read("SELECT AVG(i.qty) FROM items i"));
    assertEquals("SELECT id FROM items WHERE (qty) <> 0", read("SELECT id FROM items WHERE qty"));
  }

  @Test void binaryTextComparesForEqualityAsWritten() throws Exception {
    assertEquals("SELECT id FROM items WHERE code = 'c1' AND code IN ('a', ?1) ORDER BY id NULLS FIRST",
        read("SELECT id FROM items WHERE code = 'c1' AND code IN ('a', ?1) ORDER BY id"));
  }

  @Test void concatIsNullWhenAnArgumentIs() throws Exception {
    assertEquals("SELECT (CAST(code AS TEXT) || CAST(qty AS TEXT)) AS x FROM items", read("SELECT CONCAT(code, qty) AS x FROM items"));
  }

  @Test void valuesComparedWithTypedColumnsTakeTheirType() throws Exception {
    assertEquals("SELECT id FROM items WHERE created = CAST('2024-05-03' AS timestamp) AND qty > ?1",
        read("SELECT id FROM items WHERE created = '2024-05-03' AND qty > ?1"));
  }

  @Test void whatHasNoFaithfulTranslationIsNamed() {
    assertTrue(refusal("SELECT id FROM items WHERE name = 'abc'").contains("case-insensitive"));
    assertTrue(refusal("SELECT id FROM items WHERE name LIKE 'a%'").contains("LIKE"));
    assertTrue(refusal("SELECT ratio / 2 FROM items").contains("floating"));
    assertTrue(refusal("SELECT id FROM items WHERE (qty || qty) = 1").contains("||"));
    assertTrue(refusal("SELECT NOW() FROM items").contains("NOW"));
    assertTrue(refusal("SELECT id FROM items WHERE qty <=> NULL").contains("<=>"));
    assertTrue(refusal("SELECT GREATEST(qty, id) FROM items").contains("GREATEST"));
    assertTrue(refusal("SELECT id FROM items ORDER BY code").contains("ORDER BY"));
    assertTrue(refusal("SELECT id, code FROM items ORDER BY 2").contains("ORDER BY"));
    assertTrue(refusal("SELECT code, COUNT(*) FROM items GROUP BY code").contains("GROUP BY"));
    assertTrue(refusal("SELECT id FROM items WHERE code > 'b'").contains(">"));
    assertTrue(refusal("SELECT MAX(code) FROM items").contains("MAX"));
    assertTrue(refusal("SELECT DISTINCT code FROM items").contains("DISTINCT"));
  }

  @Test void aStoredValueIsTypedAsTheOldColumnStoresIt() throws Exception {
    MariaDbToPostgres t = new MariaDbToPostgres(ITEMS, true);
    assertEquals("CAST('2024-05-03' AS date)", t.value(CCJSqlParserUtil.parseExpression("'2024-05-03'"), "created").toString());
    assertEquals("CAST(ROUND(CAST(qty AS NUMERIC) / (4), 4) AS numeric (10, 2))",
        t.value(CCJSqlParserUtil.parseExpression("qty / 4"), "price").toString());
    assertEquals("'x'", t.value(CCJSqlParserUtil.parseExpression("'x'"), "name").toString());
  }

  @Test void aConfiguredDivisionOfTwoIntegersIsFound() {
    assertEquals("price_cents / 100", dev.shunt.sql.ScalarExpressions.integerDivision("price_cents / 100"));
    assertEquals("(a + 1) / b", dev.shunt.sql.ScalarExpressions.integerDivision("ROUND((a + 1) / b)"));
    assertEquals(null, dev.shunt.sql.ScalarExpressions.integerDivision("CAST(price_cents / 100.0 AS DECIMAL(10,2))"));
    assertEquals(null, dev.shunt.sql.ScalarExpressions.integerDivision("CAST(price_cents AS DECIMAL(12,2)) / 100"));
  }
}
