package dev.shunt.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.sql.SQLIntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

class RedactTest {
  @Test void passwordsInUrlsAndPropertyListsAreMasked() {
    assertEquals("jdbc:mariadb://db:3306/app?user=u&password=****&ssl=true",
        Redact.secrets("jdbc:mariadb://db:3306/app?user=u&password=s3cr3t&ssl=true"));
    assertEquals("jdbc:postgresql://db/app?sslpassword=****", Redact.secrets("jdbc:postgresql://db/app?sslpassword=x"));
    assertEquals("cannot open jdbc:mysql://u:****@db/app (refused)", Redact.secrets("cannot open jdbc:mysql://u:pw@db/app (refused)"));
    assertEquals("{user=u, password=****}", Redact.secrets("{user=u, password=pw}"));
  }

  @Test void aDatabaseMessageIsReducedToItsStateAndCode() {
    String d = Redact.error(new SQLIntegrityConstraintViolationException(
        "(conn=12) Duplicate entry 'alice@example.com' for key 'email'", "23000", 1062), false);
    assertFalse(d.contains("alice"), d);
    assertEquals("SQLIntegrityConstraintViolationException (SQLState 23000, vendor code 1062) on constraint 'email'", d);
  }

  @Test void anIntegrityErrorNamesItsConstraintButNoValue() {
    java.sql.SQLException maria = new java.sql.SQLIntegrityConstraintViolationException(
        "(conn=5) Duplicate entry 'secret@x' for key 'email'", "23000", 1062);
    java.sql.SQLException pg = new java.sql.SQLException(
        "ERROR: duplicate key value violates unique constraint \"users_v2_email_key\"\n  Detail: Key (email)=(secret@x) already exists.", "23505");
    org.junit.jupiter.api.Assertions.assertEquals(
        "SQLIntegrityConstraintViolationException (SQLState 23000, vendor code 1062) on constraint 'email'", Redact.error(maria, false));
    org.junit.jupiter.api.Assertions.assertEquals(
        "SQLException (SQLState 23505, vendor code 0) on constraint 'users_v2_email_key'", Redact.error(pg, false));
    org.junit.jupiter.api.Assertions.assertNull(Redact.constraint(new java.sql.SQLException("for key 'x'", "42000")));
  }
}
