package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.ToggleFiles;
import dev.shunt.jdbc.ShuntConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jdbc:shunt:h2:…} works like {@code jdbc:h2:…}, with and without a toggle file. */
class H2PassThroughIT {
  @TempDir Path dir;

  @Test void embeddedH2ThroughShunt() throws Exception {
    Path file = dir.resolve("h2.yaml");
    ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-write", ""));
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    try (Connection c = DriverManager.getConnection("jdbc:shunt:h2:mem:shunt_h2_it;DB_CLOSE_DELAY=-1", p)) {
      assertTrue(c.isWrapperFor(org.h2.jdbc.JdbcConnection.class));
      assertTrue(c.unwrap(ShuntConnection.class).currentConfig().hasActiveMigrations());
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        s.execute("CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50))");
        assertEquals(1, s.executeUpdate("INSERT INTO users (name) VALUES ('ann')", Statement.RETURN_GENERATED_KEYS));
        try (ResultSet keys = s.getGeneratedKeys()) {
          assertSame(s, keys.getStatement());
          assertTrue(keys.next());
          assertEquals(1, keys.getInt(1));
        }
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO users (name) VALUES (NULL)"));
        assertEquals("23502", e.getSQLState(), "H2's own SQLState for NOT NULL reaches the app");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM users WHERE id = ?")) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertSame(ps, rs.getStatement());
          assertSame(c, rs.getStatement().getConnection());
          assertTrue(rs.next());
          assertEquals("ann", rs.getString("name"));
          assertFalse(rs.next());
        }
      }
    }
    try (Connection raw = DriverManager.getConnection("jdbc:h2:mem:shunt_h2_it");
         Statement s = raw.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1), "the rows went to the real H2 database");
      s.execute("DROP ALL OBJECTS");
    }
  }

  /** The H2 dialect's MERGE … KEY copy, and its upper-case folding of unquoted names, on a real H2. */
  @Test void embeddedH2Mirrors() throws Exception {
    Path file = dir.resolve("h2mirror.yaml");
    ToggleFiles.writeInPlace(file, ToggleFiles.usersMigration("shadow-write", ""));
    Properties p = new Properties();
    p.setProperty("shunt.config", file.toString());
    String url = "jdbc:shunt:h2:mem:shunt_h2_mirror;DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50))");
      s.execute("CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50))");
      s.executeUpdate("INSERT INTO users (name) VALUES ('ann'), ('bob')");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (3, 'cy')");
      s.executeUpdate("UPDATE users SET name = 'anna' WHERE id = 1");
      s.executeUpdate("DELETE FROM users WHERE id = 2");
      try (ResultSet rs = s.executeQuery("SELECT id, display_name FROM users_v2 ORDER BY id")) {
        assertTrue(rs.next());
        assertEquals("1|anna", rs.getInt(1) + "|" + rs.getString(2));
        assertTrue(rs.next());
        assertEquals("3|cy", rs.getInt(1) + "|" + rs.getString(2));
        assertFalse(rs.next());
      }
    }
    try (Connection raw = DriverManager.getConnection("jdbc:h2:mem:shunt_h2_mirror");
         Statement s = raw.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM users")) {
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      s.execute("DROP ALL OBJECTS");
    }
  }
}
