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

  @Test void everyFormOfBeginIsABoundary() {
    for (String sql : new String[] {"START TRANSACTION READ WRITE", "start transaction read only", "BEGIN WORK",
        "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE", "BEGIN ISOLATION LEVEL SERIALIZABLE",
        "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ WRITE, NOT DEFERRABLE",
        "START TRANSACTION ISOLATION LEVEL READ COMMITTED;"}) {
      assertEquals(TransactionControl.BEGIN, TransactionControl.of(sql), sql);
    }
    assertNull(TransactionControl.of("BEGIN NOT ATOMIC SELECT 1; END"), "a MariaDB compound statement, not a transaction");
  }

  @Test void everyFormOfCommitAndRollbackIsABoundary() {
    assertEquals(TransactionControl.COMMIT, TransactionControl.of("COMMIT WORK"));
    assertEquals(TransactionControl.COMMIT, TransactionControl.of("END TRANSACTION"));
    assertEquals(TransactionControl.COMMIT, TransactionControl.of("COMMIT AND NO CHAIN NO RELEASE"));
    assertEquals(TransactionControl.COMMIT_AND_CHAIN, TransactionControl.of("commit and chain"));
    assertEquals(TransactionControl.ROLLBACK, TransactionControl.of("ABORT"));
    assertEquals(TransactionControl.ROLLBACK_AND_CHAIN, TransactionControl.of("ROLLBACK WORK AND CHAIN"));
    assertNull(TransactionControl.of("ROLLBACK TO SAVEPOINT s1"), "a savepoint ends no transaction");
    assertNull(TransactionControl.of("SAVEPOINT s1"));
    assertNull(TransactionControl.of("RELEASE SAVEPOINT s1"));
  }

  @Test void distributedTransactionsAreRecognised() {
    assertEquals(TransactionControl.DISTRIBUTED, TransactionControl.of("XA START 'x1'"));
    assertEquals(TransactionControl.DISTRIBUTED, TransactionControl.of("PREPARE TRANSACTION 'gid'"));
    assertEquals(TransactionControl.DISTRIBUTED, TransactionControl.of("COMMIT PREPARED 'gid'"));
  }
}
