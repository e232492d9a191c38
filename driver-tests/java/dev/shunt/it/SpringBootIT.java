package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.jdbc.ShuntConnection;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The README's Spring Boot / HikariCP settings, word for word: URL prefix {@code jdbc:shunt:},
 * driver class {@code dev.shunt.jdbc.ShuntDriver}, and the toggle file through Hikari's
 * data-source properties. Writes through the Spring Boot context's JdbcTemplate are mirrored.
 */
class SpringBootIT {
  @TempDir Path dir;

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
      TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
  static class App {}

  @Test
  void springBootWithTheReadmeSettingsMirrorsWrites() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "boot")) {
      MirrorSchema.create(db);
      Path toggle = MirrorSchema.toggleFile(dir, "shadow-write", "");
      Map<String, Object> props = new LinkedHashMap<>();
      // exactly the README's application.properties, with this test's database and file
      props.put("spring.datasource.url", db.shuntUrl());
      props.put("spring.datasource.driver-class-name", "dev.shunt.jdbc.ShuntDriver");
      props.put("spring.datasource.hikari.data-source-properties.shunt.config", toggle.toString());
      try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(App.class)
          .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).properties(props).run()) {
        DataSource ds = ctx.getBean(DataSource.class);
        HikariDataSource hikari = assertInstanceOf(HikariDataSource.class, ds, "Spring Boot's default pool");
        assertEquals("dev.shunt.jdbc.ShuntDriver", hikari.getDriverClassName());
        assertEquals(toggle.toString(), hikari.getDataSourceProperties().getProperty("shunt.config"),
            "the dotted key reaches Hikari as one property");
        try (Connection c = ds.getConnection()) {
          assertTrue(c.isWrapperFor(ShuntConnection.class), "Shunt is in the path");
        }
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        TransactionTemplate tx = ctx.getBean(TransactionTemplate.class);
        workload(jdbc, tx);
      }
      assertMirrored(db);
    }
  }

  @Test
  void plainHikariWithTheSameSettingsMirrorsWrites() throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "hikari")) {
      MirrorSchema.create(db);
      Path toggle = MirrorSchema.toggleFile(dir, "shadow-write", "");
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(db.shuntUrl());
      config.setDriverClassName("dev.shunt.jdbc.ShuntDriver");
      config.addDataSourceProperty("shunt.config", toggle.toString());
      config.setMaximumPoolSize(2);
      try (HikariDataSource ds = new HikariDataSource(config)) {
        try (Connection c = ds.getConnection()) {
          assertTrue(c.isWrapperFor(ShuntConnection.class), "Shunt is in the path");
        }
        workload(new JdbcTemplate(ds), new TransactionTemplate(new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds)));
      }
      assertMirrored(db);
    }
  }

  private static void workload(JdbcTemplate jdbc, TransactionTemplate tx) {
    for (int i = 1; i <= 4; i++) {
      assertEquals(1, jdbc.update("INSERT INTO users (name, email, score) VALUES (?, ?, ?)", "n" + i, "N" + i + "@Example.com", i));
    }
    assertEquals(1, jdbc.update("UPDATE users SET score = 9 WHERE name = ?", "n3"));
    assertEquals(1, jdbc.update("DELETE FROM users WHERE name = ?", "n4"));
    tx.executeWithoutResult(s -> jdbc.update("INSERT INTO users (name, email, score) VALUES ('t1', 'T1@X.org', 5)"));
    assertThrows(IllegalStateException.class, () -> tx.executeWithoutResult(s -> {
      jdbc.update("INSERT INTO users (name, email, score) VALUES ('ghost', 'G@X.org', 6)");
      throw new IllegalStateException("roll back");
    }));
  }

  private static void assertMirrored(TestDatabase db) throws Exception {
    List<String> mirrored = MirrorSchema.actualNew(db);
    assertEquals(MirrorSchema.expectedNew(db), mirrored, "users_v2 holds the transformed users rows");
    assertEquals(4, mirrored.size(), "n1 n2 n3 t1; n4 deleted, ghost rolled back: " + mirrored);
    assertTrue(mirrored.contains("3|n3|n3@example.com|90"), mirrored.toString());
    assertTrue(mirrored.stream().anyMatch(r -> r.endsWith("|t1|t1@x.org|50")), mirrored.toString());
  }
}
