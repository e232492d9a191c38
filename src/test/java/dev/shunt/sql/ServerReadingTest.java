package dev.shunt.sql;

import static dev.shunt.sql.ServerReading.Family.H2;
import static dev.shunt.sql.ServerReading.Family.MARIADB;
import static dev.shunt.sql.ServerReading.Family.POSTGRESQL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerReadingTest {
  private static void certain(ServerReading.Family f, String sql) {
    assertNull(ServerReading.read(sql, f).doubt(), f + ": " + sql);
  }

  private static void doubt(ServerReading.Family f, String sql) {
    assertNotNull(ServerReading.read(sql, f).doubt(), f + " must doubt: " + sql);
  }

  @Test void mariaDbConstructsTheParserMisreadsAreDoubts() {
    doubt(MARIADB, "UPDATE acct SET name = 'x\\' WHERE id = 1 -- ' WHERE id = 2");
    doubt(MARIADB, "DELETE FROM acct WHERE id = 3--1");
    doubt(MARIADB, "DELETE FROM acct WHERE id = 5 /*! OR id = 6 */");
    doubt(MARIADB, "DELETE FROM acct WHERE id = 5 /*M!100000 OR id = 6 */");
    doubt(MARIADB, "SELECT id FROM acct WHERE ((name = 'O\\'Brien'))");
    doubt(MARIADB, "UPDATE acct SET name = \"x\" WHERE id = 1");
    doubt(MARIADB, "DELETE FROM acct WHERE id = 1 # comment");
    doubt(MARIADB, "DELETE FROM acct WHERE id = 1 --");
    doubt(MARIADB, "SELECT 'unclosed FROM acct");
    doubt(MARIADB, "SELECT 1 /* unclosed FROM acct");
  }

  @Test void ordinaryMariaDbTextIsCertain() {
    certain(MARIADB, "UPDATE acct SET name = 'it''s' WHERE id = 1 -- a comment\n AND id > 0");
    certain(MARIADB, "SELECT `id` FROM `app`.`acct` /* hint */ WHERE id = ? AND x = 3 - -1");
    certain(MARIADB, "DELETE FROM acct WHERE id = 3 -- 1");
    certain(MARIADB, "SELECT '--not a comment', '/*nor this*/', '#nor this' FROM acct;");
  }

  @Test void postgresConstructs() {
    doubt(POSTGRESQL, "SELECT E'a\\'b' FROM acct");
    doubt(POSTGRESQL, "SELECT $$body$$ FROM acct");
    doubt(POSTGRESQL, "SELECT $tag$x$tag$ FROM acct");
    doubt(POSTGRESQL, "SELECT 1 /* outer /* inner */ still comment */ FROM acct");
    doubt(POSTGRESQL, "SELECT 'a\\' FROM acct");
    doubt(POSTGRESQL, "SELECT U&'d\\0061t' FROM acct");
    certain(POSTGRESQL, "SELECT \"Name\", name FROM acct WHERE x = 'it''s' AND y = 1--comment");
    certain(POSTGRESQL, "SELECT price FROM acct WHERE e = 'x' AND ue = 1");
  }

  @Test void h2Constructs() {
    doubt(H2, "SELECT 1 FROM acct // comment");
    certain(H2, "SELECT \"ID\" FROM acct WHERE n = 'x'");
  }

  @Test void statementsAreCountedAsTheServerSeparatesThem() {
    assertEquals(1, ServerReading.read("SELECT 1;", MARIADB).statements());
    assertEquals(1, ServerReading.read("SELECT ';' FROM acct ; -- trailing", MARIADB).statements());
    assertEquals(2, ServerReading.read("SELECT 1; UPDATE acct SET n = 1", MARIADB).statements());
    assertEquals(3, ServerReading.read("SELECT 1;SELECT 2;SELECT 3", POSTGRESQL).statements());
  }

  @Test void theVerdictIsLinearAndQuickOnHugeTexts() {
    StringBuilder sb = new StringBuilder("SELECT id FROM acct WHERE id IN (");
    for (int i = 0; i < 200_000; i++) sb.append(i).append(',');
    sb.append("0)");
    assertTrue(ServerReading.read(sb.toString(), MARIADB).certain());
  }
}
