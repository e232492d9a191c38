package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.child.AgentApp;
import dev.shunt.it.child.SqlApp;
import dev.shunt.it.support.ConfigSamples;
import dev.shunt.it.support.ChildJvm;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java agent: a separate JVM started with {@code -javaagent:shunt-driver.jar=config=…} whose
 * application uses unchanged {@code jdbc:mariadb:} URLs (DriverManager, HikariCP, MariaDB's data
 * source) has its writes mirrored, each connection wrapped exactly once.
 */
class AgentIT {
  @TempDir Path dir;

  @Test
  void agentMirrorsWritesOfAnApplicationWithUnchangedUrls() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "agent")) {
      MirrorSchema.create(db);
      Path toggle = MirrorSchema.toggleFile(dir, "shadow-write", "");
      ChildJvm.Result r = app(db, "=config=" + toggle, toggle);
      // HikariCP's proxy wraps Shunt's connection, as it wraps any driver's
      assertEquals("true depth 0 vendor com.zaxxer.hikari.pool.HikariProxyConnection", r.value("hikari"), r.toString());
      assertTrue(r.output.contains("hikari-inner=true depth 1 vendor org.mariadb.jdbc.Connection"), r.toString());
      assertEquals("true depth 0 vendor com.zaxxer.hikari.pool.HikariProxyConnection", r.value("shuntdatasource"),
          "ShuntDataSource over a pool of agent-wrapped connections adds no second wrapper\n" + r);
      assertEquals("true depth 1 vendor org.mariadb.jdbc.Connection", r.value("shuntdatasource-inner"), r.toString());
      for (String how : new String[] {"drivermanager", "mariadbdatasource", "shunturl"}) {
        assertEquals("true depth 1 vendor org.mariadb.jdbc.Connection", r.value(how), how + ": wrapped once\n" + r);
      }
      List<String> mirrored = MirrorSchema.actualNew(db);
      assertEquals(MirrorSchema.expectedNew(db), mirrored, "users_v2 holds the transformed users rows\n" + r);
      assertEquals(8, mirrored.size(), "dm1 dm2 hk1 hk2 hk3 sd1 ds1 su1, no rolled-back row: " + mirrored);
      assertTrue(mirrored.stream().anyMatch(row -> row.endsWith("|dm2|dm2@example.com|200")), mirrored.toString());
      assertTrue(mirrored.stream().noneMatch(row -> row.contains("ghost")), mirrored.toString());
    }
  }

  @Test
  void withoutAToggleFileTheAgentLeavesConnectionsAlone() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "agent_none")) {
      MirrorSchema.create(db);
      Path toggle = MirrorSchema.toggleFile(dir, "shadow-write", "");
      ChildJvm.Result r = app(db, "", toggle);
      assertEquals("false depth 0 vendor org.mariadb.jdbc.Connection", r.value("drivermanager"), r.toString());
      assertEquals("false depth 0 vendor com.zaxxer.hikari.pool.HikariProxyConnection", r.value("hikari"), r.toString());
      assertEquals("true depth 1 vendor org.mariadb.jdbc.Connection", r.value("shunturl"), r.toString());
      assertTrue(r.output.contains("Shunt agent has no toggle file"), r.toString());
      List<String> mirrored = MirrorSchema.actualNew(db);
      assertEquals(1, mirrored.size(), "only the jdbc:shunt: connection mirrored: " + mirrored);
      assertTrue(mirrored.get(0).contains("|su1|su1@example.com|80"), mirrored.toString());
    }
  }

  @Test
  void postgresDriverThroughTheAgent() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.POSTGRES, "agent_pg")) {
      MirrorSchema.create(db);
      Path toggle = MirrorSchema.toggleFile(dir, "shadow-write", "");
      ChildJvm.Result r = ChildJvm.create()
          .jvmArg("-javaagent:" + ChildJvm.targetJar("shunt-driver.jar") + "=config=" + toggle)
          .classPath(ChildJvm.testClasses())
          .classPath(ChildJvm.lib("runtime-libs", "postgresql-"))
          .main(SqlApp.class, db.rawUrl(),
              "INSERT INTO users (name, email, score) VALUES ('p1', 'P1@Example.com', 1), ('p2', 'P2@Example.com', 2)",
              "UPDATE users SET score = 7 WHERE name = 'p2'")
          .run(120);
      assertEquals(0, r.code, r.toString());
      assertEquals("true", r.value("wrapped"), r.toString());
      assertEquals(List.of("1|p1|p1@example.com|10", "2|p2|p2@example.com|70"), MirrorSchema.actualNew(db), r.toString());
      assertEquals(MirrorSchema.expectedNew(db), MirrorSchema.actualNew(db));
    }
  }

  /** SPEC's legacy-app scenario: the shipped sample (URL and phase set for the test), through the agent. */
  @Test
  void legacyAppSampleThroughTheAgent() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "agent_legacy")) {
      db.exec("CREATE TABLE customer (customer_id INT AUTO_INCREMENT PRIMARY KEY, cust_name VARCHAR(100), created DATETIME)",
          "CREATE TABLE customers (customer_id INT PRIMARY KEY, name VARCHAR(100), created_at DATETIME)");
      Path toggle = ConfigSamples.forTest("legacy-app.yaml", db, null, dir);
      ChildJvm.Result r = ChildJvm.create()
          .jvmArg("-javaagent:" + ChildJvm.targetJar("shunt-driver.jar") + "=config=" + toggle)
          .classPath(ChildJvm.testClasses())
          .classPath(ChildJvm.lib("runtime-libs", "mariadb-java-client-"))
          .main(SqlApp.class, db.rawUrl(),
              "INSERT INTO customer (cust_name, created) VALUES (' Acme ', '2001-02-03 04:05:06'), ('Globex', '2002-03-04 05:06:07')",
              "UPDATE customer SET cust_name = 'Initech  ' WHERE customer_id = 2",
              "DELETE FROM customer WHERE customer_id = 1")
          .run(120);
      assertEquals(0, r.code, r.toString());
      assertEquals("true", r.value("wrapped"), r.toString());
      List<String> newRows = MirrorSchema.rows(db, "SELECT customer_id, name, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM customers ORDER BY customer_id");
      assertEquals(List.of("2|Initech|2002-03-04 05:06:07"), newRows, r.toString());
    }
  }

  private static ChildJvm.Result app(TestDatabase db, String agentOptions, Path toggle) throws Exception {
    ChildJvm.Result r = ChildJvm.create()
        .jvmArg("-javaagent:" + ChildJvm.targetJar("shunt-driver.jar") + agentOptions)
        .classPath(ChildJvm.testClasses())
        .classPath(ChildJvm.lib("runtime-libs", "mariadb-java-client-"))
        .classPath(ChildJvm.lib("runtime-libs", "HikariCP-"))
        .classPath(ChildJvm.lib("runtime-libs", "slf4j-api-"))
        .classPath(ChildJvm.lib("runtime-libs", "slf4j-simple-"))
        .main(AgentApp.class, db.rawUrl(), db.shuntUrl(), toggle.toString())
        .run(120);
    assertEquals(0, r.code, r.toString());
    assertEquals("true", r.value("done"), r.toString());
    return r;
  }
}
