package dev.shunt.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.Migration;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

/** The new-table form of the application's upserts (phases new-primary and new-only). */
class NewShapeRewriterTest {
  private static Migration users() throws Exception {
    String yaml = "version: 1\nmigrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + "    columns: { id: id, display_name: name, email: LOWER(email), score: score * 10 }\n"
        + "    reverse: { id: id, name: display_name, email: email, score: score / 10 }\n    phase: new-primary\n";
    return new ToggleFileParser(n -> null).parse(Path.of("t.yaml"), yaml.getBytes(StandardCharsets.UTF_8)).migrations().get("users");
  }

  private static IndexedSql rewrite(String sql, Dialect d, List<List<String>> uniques) throws Exception {
    return new NewShapeRewriter(users(), d, true, uniques).rewrite(CCJSqlParserUtil.newParser(sql).Statement());
  }

  @Test void onDuplicateKeyUpdateAssignsEveryNewColumnThatReadsAnAssignedOldOne() throws Exception {
    IndexedSql r = rewrite("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)"
        + " ON DUPLICATE KEY UPDATE score = score + ?, name = VALUES(name)", Dialect.MARIADB, null);
    assertEquals("INSERT INTO `users_v2` (`id`, `display_name`, `email`, `score`) VALUES (?, ?, (LOWER((?))), ((?) * 10))"
        + " ON DUPLICATE KEY UPDATE `display_name` = (((VALUES(`display_name`)))),"
        + " `score` = (((`users_v2`.`score` / 10) + ?) * 10)", r.sql());
    assertArrayEquals(new int[] {1, 2, 3, 4, 5}, r.sourceIndexes());
  }

  @Test void onConflictMapsItsTargetAndExcludedToTheNewColumns() throws Exception {
    IndexedSql r = rewrite("INSERT INTO users (id, name, email, score) VALUES (1, 'a', 'A@x', 2)"
        + " ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name WHERE users.score < 5", Dialect.POSTGRESQL, null);
    assertEquals("INSERT INTO \"users_v2\" (\"id\", \"display_name\", \"email\", \"score\") VALUES (1, 'a', (LOWER(('A@x'))), ((2) * 10))"
        + " ON CONFLICT (\"email\") DO UPDATE SET \"display_name\" = (((EXCLUDED.\"display_name\")))"
        + " WHERE (\"users_v2\".\"score\" / 10) < 5", r.sql());
  }

  @Test void mariadbUpsertsOntoPostgresNeedOneUniqueIndex() throws Exception {
    String odku = "INSERT INTO users (id, name) VALUES (?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)";
    IndexedSql r = rewrite(odku, Dialect.POSTGRESQL, List.of(List.of("id")));
    assertEquals("INSERT INTO \"users_v2\" (\"id\", \"display_name\") VALUES (?, ?) ON CONFLICT (\"id\")"
        + " DO UPDATE SET \"display_name\" = (((EXCLUDED.\"display_name\")))"
        + " WHERE ROW(\"users_v2\".\"display_name\") IS DISTINCT FROM ROW((((EXCLUDED.\"display_name\"))))", r.sql());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> rewrite(odku, Dialect.POSTGRESQL, List.of(List.of("id"), List.of("email"))));
    assertTrue(e.getMessage().contains("exactly one unique index"), e.getMessage());
    assertEquals("INSERT INTO \"users_v2\" (\"id\", \"display_name\") VALUES (?, ?) ON CONFLICT DO NOTHING",
        rewrite("INSERT IGNORE INTO users (id, name) VALUES (?, ?)", Dialect.POSTGRESQL, null).sql());
  }

  @Test void aNonDeterministicValueMayFeedOnlyOneNewColumn() throws Exception {
    Migration m = users();
    String yaml = "version: 1\nmigrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + "    columns: { id: id, a: name, b: UPPER(name) }\n    reverse: { id: id, name: a }\n    phase: new-primary\n";
    Migration twice = new ToggleFileParser(n -> null).parse(Path.of("t.yaml"), yaml.getBytes(StandardCharsets.UTF_8)).migrations().get("users");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NewShapeRewriter(twice, Dialect.MARIADB, true)
        .rewrite(CCJSqlParserUtil.newParser("INSERT INTO users (id, name) VALUES (1, UUID()) ON DUPLICATE KEY UPDATE name = 'x'").Statement()));
    assertTrue(e.getMessage().contains("non-deterministic"), e.getMessage());
    assertTrue(m.columns().containsKey("score"));
  }

  @Test void mergeRunsOnTheNewTableUnderTheApplicationsAlias() throws Exception {
    IndexedSql r = rewrite("MERGE INTO users u USING staging s ON u.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET score = u.score + ?"
        + " WHEN NOT MATCHED THEN INSERT (id, name, email, score) VALUES (s.id, s.name, s.email, ?)", Dialect.POSTGRESQL, null);
    assertEquals("MERGE INTO \"users_v2\" u USING staging s ON (u.\"id\") = s.id"
        + " WHEN MATCHED THEN UPDATE SET \"score\" = (((u.\"score\" / 10) + ?) * 10)"
        + " WHEN NOT MATCHED THEN INSERT (\"id\", \"display_name\", \"email\", \"score\") VALUES (s.id, s.name, (LOWER((s.email))), ((?) * 10))",
        r.sql());
  }
}
