package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.Await;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shunt keeps its own tables out of the application's schema: Flyway's first {@code migrate()}
 * through {@code jdbc:shunt:} on an empty database succeeds (it refuses a non-empty schema without
 * its history table), while Shunt's fleet and repair-queue tables are made in {@code state.schema}.
 */
class StateSchemaIT {
  @TempDir Path dir;

  private static String schemaOf(TestDatabase db) { return db.engine() == Engine.POSTGRES ? "public" : db.name(); }

  @ParameterizedTest @EnumSource(Engine.class)
  void flywaysFirstMigrateFindsAnEmptySchemaAndShuntsTablesLiveInTheirOwn(Engine engine) throws Exception {
    try (TestDatabase db = TestDatabases.create(engine, "state")) {
      String stateSchema = engine == Engine.POSTGRES ? "shunt_state" : db.name() + "_state";
      Path file = dir.resolve("state.yaml");
      ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\nstate: { schema: " + stateSchema + " }\n"
          + "migrations:\n  state_accounts:\n    old: { table: accounts, key: [id] }\n    new: { table: accounts_v2 }\n"
          + "    columns: { id: id, owner: owner, balance_cents: CAST(balance * 100 AS " + (engine == Engine.POSTGRES ? "BIGINT" : "SIGNED") + ") }\n"
          + "    phase: shadow-write\n");
      String url = TestDatabase.withParam(db.shuntUrl(), "shunt.config=" + java.net.URLEncoder.encode(file.toString(), "UTF-8"));
      // an application connection is open before Flyway runs: its heartbeat reports to the fleet table at once
      try (Connection app = DriverManager.getConnection(url)) {
        Await.until("the fleet table", Duration.ofSeconds(30), () -> !MirrorSchema.rows(db,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + stateSchema + "'").isEmpty());
        // through a pool, as applications hand Flyway their DataSource (Flyway picks its database
        // plugin by the URL's prefix when given a URL, and knows no jdbc:shunt:)
        com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(2);
        try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(hc)) {
          Flyway.configure().dataSource(pool).locations("classpath:db/statetest").load().migrate();
        }
        try (Statement s = app.createStatement()) {
          s.executeUpdate("INSERT INTO accounts VALUES (1, 'ann', 12.34)");
        }
      }
      List<String> appTables = MirrorSchema.rows(db, "SELECT LOWER(table_name) FROM information_schema.tables WHERE table_schema = '"
          + schemaOf(db) + "' ORDER BY 1");
      assertEquals(List.of("accounts", "accounts_v2", "flyway_schema_history"), appTables, "nothing of Shunt's in the application's schema");
      assertEquals(List.of("1|ann|1234"), MirrorSchema.rows(db, "SELECT id, owner, balance_cents FROM accounts_v2"), "and it mirrors");
      assertTrue(MirrorSchema.rows(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + stateSchema + "'")
          .contains("shunt_instances"), "the fleet table is in the state schema");
      if (engine == Engine.MARIADB) db.exec("DROP DATABASE IF EXISTS " + stateSchema); // a database of the server, not of the test's
    }
  }
}
