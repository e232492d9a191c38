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
    assertEquals("SQLIntegrityConstraintViolationException (SQLState 23000, vendor code 1062)", d);
  }
}
