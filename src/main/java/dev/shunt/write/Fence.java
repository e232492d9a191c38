package dev.shunt.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A savepoint written as SQL. JDBC savepoints are refused by some drivers while JDBC autocommit
 * is on, which is the case inside a transaction the application opened with BEGIN; the SQL form
 * works in every transaction, however it was opened.
 */
public final class Fence {
  private final Connection c;
  private final String name;

  private Fence(Connection c, String name) {
    this.c = c;
    this.name = name;
  }

  public static Fence set(Connection c, String name) throws SQLException {
    run(c, "SAVEPOINT " + name);
    return new Fence(c, name);
  }

  public void release() throws SQLException { run(c, "RELEASE SAVEPOINT " + name); }

  public void rollback() throws SQLException { run(c, "ROLLBACK TO SAVEPOINT " + name); }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
