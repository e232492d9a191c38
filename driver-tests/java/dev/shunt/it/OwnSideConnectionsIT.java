package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import dev.shunt.jdbc.ShuntDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shunt's own connections never come from the application's pool: behind a one-connection
 * HikariCP pool that the application holds, a refused copy's key still reaches the repair queue
 * table at once (through Shunt's connection made from the toggle file's old: section), instead of
 * waiting out the pool's timeout and falling back to the local file.
 */
class OwnSideConnectionsIT {
  @TempDir Path dir;

  @Test void aShuntDataSourceOverAFullPoolStillQueuesInTheTable() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "ownside")) {
      db.exec("CREATE TABLE users (id INT PRIMARY KEY, email VARCHAR(50))",
          "CREATE TABLE users_v2 (id INT PRIMARY KEY, email VARCHAR(50) UNIQUE)");
      Path file = dir.resolve("ownside.yaml");
      ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nold:\n" + ToggleFiles.databaseSection(db)
          + "migrations:\n  ownside_users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
          + "    columns: { id: id, email: LOWER(email) }\n    phase: shadow-write\n");
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl(db.rawUrl());
      hc.setMaximumPoolSize(1);
      hc.setConnectionTimeout(1000);
      try (HikariDataSource pool = new HikariDataSource(hc)) {
        ShuntDataSource shunt = new ShuntDataSource(pool, file.toString());
        try (Connection c = shunt.getConnection(); Statement s = c.createStatement()) {
          s.executeUpdate("INSERT INTO users VALUES (1, 'a@x')");
          s.executeUpdate("INSERT INTO users VALUES (2, 'A@x')"); // refused by the new unique index: queued
        }
      }
      assertEquals(List.of("ownside_users|new"), MirrorSchema.rows(db, "SELECT migration, toward FROM shunt.shunt_repair_queue"),
          "queued in the table through Shunt's own connection");
      assertFalse(Files.exists(dir.resolve("ownside.yaml.repair-queue")), "not in the local file: no wait on the pool");
    }
  }
}
