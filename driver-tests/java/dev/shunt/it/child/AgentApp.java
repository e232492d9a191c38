package dev.shunt.it.child;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * An application that knows nothing of Shunt: plain {@code jdbc:mariadb:} URLs through
 * DriverManager, HikariCP and MariaDB's own data source. Run with the Java agent, its writes must
 * be mirrored. Also opens one {@code jdbc:shunt:} connection, which must be wrapped exactly once.
 * Args: raw URL, Shunt URL, toggle file (for the jdbc:shunt: connection only).
 */
public final class AgentApp {
  public static void main(String[] args) throws Exception {
    String raw = args[0];
    try (Connection c = DriverManager.getConnection(raw)) {
      report("drivermanager", c);
      insert(c, "dm1", "DM1@Example.com", 1);
      insert(c, "dm2", "DM2@Example.com", 2);
      try (var s = c.createStatement()) {
        s.executeUpdate("UPDATE users SET score = 20 WHERE name = 'dm2'");
      }
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(raw);
    hc.setMaximumPoolSize(2);
    hc.setPoolName("agent-app");
    try (HikariDataSource pool = new HikariDataSource(hc); Connection c = pool.getConnection()) {
      report("hikari", c);
      if (c.isWrapperFor(dev.shunt.jdbc.ShuntConnection.class)) report("hikari-inner", c.unwrap(dev.shunt.jdbc.ShuntConnection.class));
      insert(c, "hk1", "HK1@Example.com", 3);
      c.setAutoCommit(false);
      insert(c, "hk2", "HK2@Example.com", 4);
      insert(c, "hk3", "HK3@Example.com", 5);
      c.commit();
      insert(c, "ghost", "Ghost@Example.com", 6);
      c.rollback();
      c.setAutoCommit(true);
    }
    // ShuntDataSource over a pool whose connections the agent already wrapped: not wrapped twice
    HikariConfig hc2 = new HikariConfig();
    hc2.setJdbcUrl(raw);
    hc2.setMaximumPoolSize(1);
    hc2.setPoolName("agent-app-2");
    try (HikariDataSource pool = new HikariDataSource(hc2)) {
      try (Connection warm = pool.getConnection()) {
        warm.isValid(1); // the pool's one physical connection now exists, made through the agent
      }
      try (Connection c = new dev.shunt.jdbc.ShuntDataSource(pool).getConnection()) {
        report("shuntdatasource", c);
        report("shuntdatasource-inner", c.unwrap(dev.shunt.jdbc.ShuntConnection.class));
        insert(c, "sd1", "SD1@Example.com", 9);
      }
    }
    MariaDbDataSource ds = new MariaDbDataSource(raw);
    try (Connection c = ds.getConnection()) {
      report("mariadbdatasource", c);
      insert(c, "ds1", "DS1@Example.com", 7);
    }
    Properties p = new Properties();
    p.setProperty("shunt.config", args[2]);
    try (Connection c = DriverManager.getConnection(args[1], p)) {
      report("shunturl", c);
      insert(c, "su1", "SU1@Example.com", 8);
    }
    System.out.println("done=true");
  }

  /** Prints whether Shunt is in the path, and how many Shunt wrappers deep the connection is. */
  private static void report(String how, Object c) throws Exception {
    boolean shunt = ((java.sql.Wrapper) c).isWrapperFor(dev.shunt.jdbc.ShuntConnection.class);
    int depth = 0;
    Object o = c;
    while (o != null && o.getClass().getName().equals("dev.shunt.jdbc.ConnectionWrapper")) {
      depth++;
      Field f = o.getClass().getDeclaredField("delegate");
      f.setAccessible(true);
      o = f.get(o);
    }
    System.out.println(how + "=" + shunt + " depth " + depth + " vendor " + (o == null ? null : o.getClass().getName()));
  }

  private static void insert(Connection c, String name, String email, int score) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, email, score) VALUES (?, ?, ?)")) {
      ps.setString(1, name);
      ps.setString(2, email);
      ps.setInt(3, score);
      ps.executeUpdate();
    }
  }
}
