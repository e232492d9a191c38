package dev.shunt.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TransactionControlTest {
  @Test void setAutocommitWrittenAsSqlIsABoundary() {
    assertEquals(TransactionControl.AUTOCOMMIT_OFF, TransactionControl.of("SET autocommit = 0"));
    assertEquals(TransactionControl.AUTOCOMMIT_OFF, TransactionControl.of("set autocommit=0;"));
    assertEquals(TransactionControl.AUTOCOMMIT_OFF, TransactionControl.of("SET SESSION autocommit = OFF"));
    assertEquals(TransactionControl.AUTOCOMMIT_OFF, TransactionControl.of("SET @@session.autocommit = 0"));
    assertEquals(TransactionControl.AUTOCOMMIT_ON, TransactionControl.of("SET @@autocommit=1"));
    assertEquals(TransactionControl.AUTOCOMMIT_ON, TransactionControl.of("  SET  autocommit  =  ON "));
    assertEquals(TransactionControl.AUTOCOMMIT_ON, TransactionControl.of("SET LOCAL autocommit = true"));
  }

  @Test void otherSetStatementsAreNot() {
    assertNull(TransactionControl.of("SET GLOBAL autocommit = 0"), "another session's default");
    assertNull(TransactionControl.of("SET autocommit_x = 0"));
    assertNull(TransactionControl.of("SET NAMES utf8mb4"));
    assertNull(TransactionControl.of("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
    assertNull(TransactionControl.of("SELECT 1"));
  }

  @Test void theWordBoundariesStillWork() {
    assertEquals(TransactionControl.BEGIN, TransactionControl.of("START TRANSACTION"));
    assertEquals(TransactionControl.COMMIT, TransactionControl.of("commit;"));
    assertEquals(TransactionControl.ROLLBACK, TransactionControl.of("ROLLBACK WORK"));
  }
}
