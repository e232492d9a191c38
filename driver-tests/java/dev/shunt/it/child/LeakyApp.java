package dev.shunt.it.child;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * An application session full of planted secrets and values, for a test that reads every byte
 * Shunt writes. Args: the jdbc:shunt: URL (with a password in it), the toggle file, the engine. Prints what the application itself sees, exceptions whole.
 */
public final class LeakyApp {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.setProperty("shunt.config", args[1]);
    try (Connection c = DriverManager.getConnection(args[0], p); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO users VALUES (1, 'alice-planted@example.com', 'first')");
      // refused by the new table's unique index: the database's message quotes the value
      s.executeUpdate("INSERT INTO users VALUES (2, 'ALICE-PLANTED@example.com', 'second')");
      s.executeUpdate("UPDATE users SET name = 'x\\' WHERE id = 1 -- alice-planted-comment' WHERE id = 2");
      boolean postgres = args.length > 2 && args[2].equals("POSTGRES");
      s.executeUpdate(postgres ? "UPDATE users SET name = $$dq-planted-value$$ WHERE id = 1"
          : "UPDATE users SET name = \"dq-planted-value\" WHERE id = 1");
      try {
        s.executeUpdate("UPDATE users SET name = 'syntax-planted' WHERE WHERE id = 1");
      } catch (SQLException e) {
        System.out.println("the application's own error: " + e.getSQLState());
      }
    }
    try {
      DriverManager.getConnection(args[0].replace("jdbc:shunt:", "jdbc:shunt:shunt:"), p).close();
    } catch (SQLException e) {
      e.printStackTrace(System.out); // causes included
    }
    System.out.println("done=true");
  }
}
