package dev.shunt.it.child;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import net.bytebuddy.ByteBuddy;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.yaml.snakeyaml.Yaml;

/**
 * An application with its own (other) versions of JSqlParser, Caffeine, SnakeYAML and Byte Buddy
 * on the class path, next to shunt-driver.jar: it uses its libraries, then writes through
 * {@code jdbc:shunt:} with mirroring on. Uses only API present in both versions of each library.
 * Args: shunt URL, toggle file.
 */
public final class ShadedJarApp {
  public static void main(String[] args) throws Exception {
    // the application's own libraries, used by the application
    System.out.println("jsqlparser=" + where(CCJSqlParserUtil.class) + " parsed " + CCJSqlParserUtil.parse("SELECT a FROM t WHERE b = 1"));
    Cache<String, String> cache = Caffeine.newBuilder().maximumSize(10).build();
    cache.put("k", "v");
    System.out.println("caffeine=" + where(Caffeine.class) + " " + cache.getIfPresent("k"));
    Map<String, Object> yaml = new Yaml().load("a: 1");
    System.out.println("snakeyaml=" + where(Yaml.class) + " " + yaml);
    Class<?> made = new ByteBuddy().subclass(Object.class).name("app.Made").make()
        .load(ShadedJarApp.class.getClassLoader()).getLoaded();
    System.out.println("bytebuddy=" + where(ByteBuddy.class) + " " + made.getName());

    // Shunt, with its relocated copies of the same libraries
    Properties p = new Properties();
    p.setProperty("shunt.config", args[1]);
    try (Connection c = DriverManager.getConnection(args[0], p)) {
      System.out.println("shunt=" + c.getClass().getName());
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, email, score) VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 5; i++) {
          ps.setString(1, "user" + i);
          ps.setString(2, "User" + i + "@Example.COM");
          ps.setInt(3, i);
          ps.executeUpdate();
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE users SET score = score + 100 WHERE name = 'user2'");
        s.executeUpdate("DELETE FROM users WHERE name = 'user5'");
      }
    }
    System.out.println("done=true");
  }

  private static String where(Class<?> type) {
    return String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
  }
}
