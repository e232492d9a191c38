package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repair queue's last resort: when the driver cannot write the queue table, the keys go to a
 * local file beside the toggle file, forced to disk and readable by its owner only; {@code shunt
 * repair} (like the background repairer) imports it into the table and drains it from there.
 */
class LocalRepairFileIT {
  @TempDir Path dir;

  @Test void keysTheTableCouldNotTakeAreKeptDurablyAndImported() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "localq")) {
      String user = "shunt_l" + db.name().substring(db.name().length() - 5);
      String state = db.name() + "_st";
      db.exec("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(50))",
          "CREATE TABLE users_v2 (id INT PRIMARY KEY, email VARCHAR(50) UNIQUE)",
          "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'", "GRANT ALL ON " + db.name() + ".* TO '" + user + "'@'%'");
      try {
        String base = db.rawUrl().substring(0, db.rawUrl().indexOf('?') < 0 ? db.rawUrl().length() : db.rawUrl().indexOf('?'));
        Path file = dir.resolve("local.yaml");
        ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nold:\n" + ToggleFiles.databaseSection(db)
            + "state: { schema: " + state + " }\nmigrations:\n  local_users:\n    old: { table: users, key: [id] }\n"
            + "    new: { table: users_v2 }\n    columns: { id: id, email: LOWER(email) }\n    phase: shadow-write\n");
        Properties p = new Properties();
        p.setProperty("shunt.config", file.toString());
        // the application's user may not create the state database: the refused copy's key cannot go to the table
        try (Connection c = DriverManager.getConnection("jdbc:shunt:" + base.substring("jdbc:".length()) + "?user=" + user + "&password=pw", p);
            Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO users VALUES (1, 'a@x')");
          s.executeUpdate("INSERT INTO users VALUES (2, 'A@x')");
        }
        Path local = dir.resolve("local.yaml.repair-queue");
        assertTrue(Files.exists(local), "the key went to the local file");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(local)), "it holds row keys: owner only");
        assertEquals(1, Files.readAllLines(local).size());

        // the operator's repair (connecting as the toggle file's old section, which may create the schema) imports it
        PhaseStatusIT.Run repair = PhaseStatusIT.cli("repair", "--config", file.toString(), "--migration", "local_users");
        assertEquals(1, repair.exit, "the key still conflicts, and says so: " + repair);
        assertFalse(Files.exists(local), "the file was imported");
        assertEquals(List.of("local_users|new"), MirrorSchema.rows(db, "SELECT migration, toward FROM " + state + ".shunt_repair_queue"),
            "its entry waits in the table now, where status and phase see it");
      } finally {
        db.exec("DROP USER IF EXISTS '" + user + "'@'%'", "DROP DATABASE IF EXISTS " + state);
      }
    }
  }
}
