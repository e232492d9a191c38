package dev.shunt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextHelpersTest {
  @Test void scannerMatchesWholeNamesInAnyCaseAndQuoting() {
    TableNameScanner s = new TableNameScanner(List.of("users"));
    assertTrue(s.mentionsAny("select * from users"));
    assertTrue(s.mentionsAny("SELECT * FROM USERS WHERE 1"));
    assertTrue(s.mentionsAny("select * from `app`.`Users`"));
    assertTrue(s.mentionsAny("update \"users\" set x=1"));
    assertTrue(s.mentionsAny("users"));
    assertFalse(s.mentionsAny("select * from users_v2"));
    assertFalse(s.mentionsAny("select * from app_users"));
    assertFalse(s.mentionsAny("select 1"));
    assertFalse(new TableNameScanner(List.of()).mentionsAny("select * from users"));
  }

  @Test void normalizerFoldsInListsAndRepeatedRows() {
    assertEquals("SELECT * FROM t WHERE id IN (?)", SqlNormalizer.normalize("SELECT * FROM t WHERE id IN (?, ?, ?)"));
    assertEquals("SELECT * FROM t WHERE id in (?) AND b IN (?)", SqlNormalizer.normalize("SELECT * FROM t WHERE id in (?,?) AND b IN (?)"));
    assertEquals("INSERT INTO t (a, b) VALUES (?, ?)", SqlNormalizer.normalize("INSERT INTO t (a, b) VALUES (?, ?), (?, ?), (?, ?)"));
    assertEquals("INSERT INTO t VALUES (1, 'a'), (2, 'b')", SqlNormalizer.normalize("INSERT INTO t VALUES (1, 'a'), (2, 'b')"));
    assertEquals("SELECT 'IN (?, ?)' FROM t", SqlNormalizer.normalize("SELECT 'IN (?, ?)' FROM t"));
    assertEquals("SELECT * FROM t WHERE x IN (1, 2)", SqlNormalizer.normalize("SELECT * FROM t WHERE x IN (1, 2)"));
    String plain = "SELECT * FROM t WHERE id = 1";
    assertTrue(plain == SqlNormalizer.normalize(plain), "texts without parameters or VALUES are returned as they are");
  }

  @Test void redactionHidesLiteralsButKeepsTheShape() {
    assertEquals("INSERT INTO users (id, email) VALUES (?, ?)",
        SqlRedaction.redact("INSERT INTO users (id, email) VALUES (42, 'alice@example.com')"));
    assertEquals("SELECT a1 FROM t2 WHERE x = ?", SqlRedaction.redact("SELECT a1 FROM t2 WHERE x = 3.5"));
    assertEquals("SELECT ? FROM t", SqlRedaction.redact("SELECT 'it''s' FROM t"));
  }

  @Test void redactionCoversEveryLiteralFormOfTheDialects() {
    assertEquals("UPDATE t SET a = ? WHERE id = ?", SqlRedaction.redact("UPDATE t SET a = \"s3cret-Value\" WHERE id = 7"));
    assertEquals("SELECT ? FROM t", SqlRedaction.redact("SELECT $$body s3cret$$ FROM t"));
    assertEquals("SELECT ? FROM t", SqlRedaction.redact("SELECT $tag$ s3cret $tag$ FROM t"));
    assertEquals("SELECT E?...", SqlRedaction.redact("SELECT E'a\\' , 's3cret' FROM t"),
        "a backslash makes the literal's end uncertain: the rest is masked");
    assertEquals("SELECT ?...", SqlRedaction.redact("SELECT 'x\\' OR name = 's3cret"));
  }

  @Test void scalarExpressionChecks() {
    assertNull(ScalarExpressions.problem("price * 100"));
    assertNull(ScalarExpressions.problem("COALESCE(a, 'x;y')"));
    assertNull(ScalarExpressions.problem("CASE WHEN a > 1 THEN 'big' ELSE 'small' END"));
    assertTrue(ScalarExpressions.problem("a; b").contains(";"));
    assertTrue(ScalarExpressions.problem("a /* x */").contains("comment"));
    assertTrue(ScalarExpressions.problem("EXISTS (SELECT 1 FROM t)").contains("subquery"));
    assertTrue(ScalarExpressions.problem("").contains("empty"));
    assertTrue(ScalarExpressions.problem("'open").contains("quote"));
  }

  @Test void tableRefsCompareWithoutCaseOrQuotes() {
    assertEquals(TableRef.parse("`App`.`Users`"), TableRef.parse("app.users"));
    assertTrue(new TableRef(null, "users").matches(TableRef.parse("app.USERS")));
    assertFalse(new TableRef("app", "users").matches(TableRef.parse("other.users")));
    assertEquals("users", TableRef.parse("db.app.users").name());
  }
}
