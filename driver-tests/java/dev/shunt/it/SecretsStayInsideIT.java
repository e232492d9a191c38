package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.child.LeakyApp;
import dev.shunt.it.support.ChildJvm;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every output of Shunt can be shared in a ticket: an application session full of planted
 * secrets and row values (a password in the URL, a unique-index refusal whose database message
 * quotes the value, statements Shunt will not act on, a doubled URL prefix) runs in its own JVM,
 * then the operator runs status, verify and repair; not one byte Shunt wrote, nor its state
 * tables, carries a planted string.
 */
class SecretsStayInsideIT {
  private static final String PASSWORD = "PlantedPw-7731";
  private static final List<String> PLANTED = List.of(PASSWORD, "alice-planted", "ALICE-PLANTED", "dq-planted-value",
      "syntax-planted");

  @TempDir Path dir;

  @ParameterizedTest @EnumSource(Engine.class)
  void nothingPlantedLeavesTheProcess(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.create(engine, "secrets")) {
      String user = "shunt_s" + db.name().substring(db.name().length() - 5);
      db.exec("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(60), name VARCHAR(60))",
          "CREATE TABLE users_v2 (id INT PRIMARY KEY, email VARCHAR(60) UNIQUE, name VARCHAR(60))");
      if (engine == Engine.MARIADB) {
        db.exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + PASSWORD + "'", "GRANT ALL ON " + db.name() + ".* TO '" + user + "'@'%'",
            "CREATE DATABASE IF NOT EXISTS shunt", "GRANT ALL ON shunt.* TO '" + user + "'@'%'");
      } else {
        db.exec("CREATE ROLE " + user + " LOGIN PASSWORD '" + PASSWORD + "'", "GRANT ALL ON SCHEMA public TO " + user,
            "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + user, "ALTER TABLE users OWNER TO " + user,
            "ALTER TABLE users_v2 OWNER TO " + user, "CREATE SCHEMA shunt AUTHORIZATION " + user);
      }
      try {
        String base = db.rawUrl().substring(0, db.rawUrl().indexOf('?') < 0 ? db.rawUrl().length() : db.rawUrl().indexOf('?'));
        String url = base + "?user=" + user + "&password=" + PASSWORD;
        Path file = dir.resolve("secrets.yaml");
        ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nold:\n  url: \"" + url + "\"\n"
            + "migrations:\n  secret_users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
            + "    columns: { id: id, email: LOWER(email), name: name }\n    reverse: { id: id, email: email, name: name }\n"
            + "    phase: shadow-write\n");
        StringBuilder everything = new StringBuilder();
        ChildJvm.Result app = ChildJvm.create().classPath(Path.of(System.getProperty("java.class.path")))
            .main(LeakyApp.class, "jdbc:shunt:" + url.substring("jdbc:".length()), file.toString(), engine.name()).run(120);
        everything.append(app.output);
        assertTrue(app.output.contains("done=true"), app.output);
        assertTrue(app.output.contains("prefix twice"), "the doubled prefix is named: " + app.output);
        for (String[] cmd : new String[][] {{"status"}, {"verify", "--migration", "secret_users"},
            {"repair", "--migration", "secret_users", "--from-verify"}}) {
          String[] args = new String[cmd.length + 2];
          args[0] = cmd[0];
          args[1] = "--config";
          args[2] = file.toString();
          System.arraycopy(cmd, 1, args, 3, cmd.length - 1);
          PhaseStatusIT.Run run = PhaseStatusIT.cli(args);
          everything.append(run.out).append(run.err);
        }
        everything.append(String.join("\n", MirrorSchema.rows(db, "SELECT reason FROM shunt.shunt_repair_queue")));
        for (String planted : PLANTED) {
          assertFalse(everything.toString().contains(planted), planted + " leaked:\n" + everything);
        }
        assertTrue(everything.toString().contains("23000") || everything.toString().contains("23505"),
            "the refusal is still named by its SQLState or vendor code:\n" + everything);
      } finally {
        if (engine == Engine.MARIADB) {
          db.exec("DROP USER IF EXISTS '" + user + "'@'%'");
        } else {
          db.exec("DROP OWNED BY " + user + " CASCADE", "DROP ROLE IF EXISTS " + user);
        }
      }
    }
  }

  @Test void theToggleFileMayBeNamedInTheUrl() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "urlcfg")) {
      db.exec("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(60), name VARCHAR(60))",
          "CREATE TABLE users_v2 (id INT PRIMARY KEY, email VARCHAR(60), name VARCHAR(60))");
      Path file = dir.resolve("url config.yaml");
      ToggleFiles.writeInPlace(file, "version: 1\nmigrations:\n  url_users:\n    old: { table: users, key: [id] }\n"
          + "    new: { table: users_v2 }\n    columns: { id: id, email: email, name: name }\n    phase: shadow-write\n");
      String url = TestDatabase.withParam(db.shuntUrl(), "shunt.config=" + java.net.URLEncoder.encode(file.toString(), "UTF-8"));
      try (Connection c = DriverManager.getConnection(url)) {
        c.createStatement().executeUpdate("INSERT INTO users VALUES (1, 'a', 'b')");
      }
      assertEquals(List.of("1|a|b"), MirrorSchema.rows(db, "SELECT id, email, name FROM users_v2"), "the URL's toggle file was used");
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> DriverManager.getConnection(TestDatabase.withParam(db.shuntUrl(), "shunt.confg=x")).close());
      assertTrue(e.getMessage().contains("shunt.confg"), e.getMessage());
      Properties none = new Properties();
      assertTrue(DriverManager.getConnection(db.shuntUrl(), none).isValid(2), "no toggle file: pass-through");
    }
  }
}
