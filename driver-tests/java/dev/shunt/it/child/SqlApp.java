package dev.shunt.it.child;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** A legacy application in miniature: runs the statements it is given on a plain URL. Args: URL, SQL… */
public final class SqlApp {
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0]); Statement s = c.createStatement()) {
      for (int i = 1; i < args.length; i++) {
        System.out.println("count=" + s.executeUpdate(args[i]));
      }
      System.out.println("wrapped=" + c.isWrapperFor(dev.shunt.jdbc.ShuntConnection.class));
    }
    System.out.println("done=true");
  }
}
