package dev.shunt.log;

import dev.shunt.metrics.ShuntMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child JVM of {@link MigrationMdcTest}: a short workload on embedded H2 through
 * {@code jdbc:shunt:} that makes Shunt log about migration {@code users} on the application's
 * thread (a copy that fails) and on a compare worker (a confirmed mismatch). Exits 0 when done,
 * 3 when the compare never confirmed.
 */
public final class MdcProbe {
  private MdcProbe() {}

  @SuppressWarnings("try") // the MDC scopes are there for their close()
  public static void main(String[] args) throws Exception {
    Logger log = LoggerFactory.getLogger("probe");
    String url = "jdbc:h2:mem:mdcprobe;DB_CLOSE_DELAY=-1";
    try (Connection raw = DriverManager.getConnection(url); Statement s = raw.createStatement()) {
      s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50))");
      s.execute("CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50))");
    }
    Path toggle = Path.of(args[0]).resolve("mdc.yaml");
    Files.write(toggle, ("version: 1\nreload_ms: 50\nmigrations:\n  users:\n"
        + "    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + "    columns: { id: id, display_name: name }\n    reverse: { id: id, name: display_name }\n"
        + "    phase: shadow-read\n    compare: { sample: 1.0, confirm_ms: 20 }\n").getBytes(StandardCharsets.UTF_8));
    Properties p = new Properties();
    p.setProperty("shunt.config", toggle.toString());
    try (Connection c = DriverManager.getConnection("jdbc:shunt:h2:mem:mdcprobe", p);
        Statement s = c.createStatement();
        Connection raw = DriverManager.getConnection(url);
        Statement behind = raw.createStatement()) {
      s.executeUpdate("INSERT INTO users (id, name) VALUES (1, 'Ann')");
      behind.executeUpdate("UPDATE users_v2 SET display_name = 'Changed' WHERE id = 1");
      try (ResultSet rs = s.executeQuery("SELECT id, name FROM users WHERE id = 1")) {
        while (rs.next()) rs.getString(2);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (ShuntMetrics.process().migration("users").confirmedMismatches() == 0) {
        if (System.nanoTime() > deadline) System.exit(3);
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      behind.execute("ALTER TABLE users_v2 RENAME TO users_v2_away");
      s.executeUpdate("INSERT INTO users (id, name) VALUES (2, 'Bob')"); // the copy fails: queued, WARN
      log.info("probe: the application's own line");
    }
    try (MigrationMdc.Scope outer = MigrationMdc.enter("outer", "shadow-write")) {
      try (MigrationMdc.Scope inner = MigrationMdc.enter("inner", "new-primary")) {
        log.info("probe: nested inner");
      }
      log.info("probe: nested outer");
    }
    log.info("probe: done");
    System.exit(0);
  }
}
