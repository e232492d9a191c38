package dev.shunt.plan;

import java.sql.SQLNonTransientException;

/**
 * A statement Shunt will not run (strict mode, no faithful translation once old is no longer
 * written, XA while a migration writes both sides). Its SQLState is HY000, not 0A000: connection
 * pools (HikariCP among them) take 0A000 for a broken connection and evict it, which would turn
 * one refused statement into the loss of the connection and its transaction.
 */
public final class Refusal extends SQLNonTransientException {
  public static final String SQLSTATE = "HY000";

  public Refusal(String message) {
    super(message, SQLSTATE);
  }
}
