package dev.shunt.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.ConfigException;
import dev.shunt.config.Migration;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.dialect.Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;

class MirrorPlannerTest {
  static Migration users() throws ConfigException {
    String yaml = "version: 1\nmigrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + "    columns: { id: id, display_name: name, email: LOWER(email) }\n    phase: shadow-write\n";
    return new ToggleFileParser(n -> null).parse(Path.of("t.yaml"), yaml.getBytes(StandardCharsets.UTF_8)).migrations().get("users");
  }

  static MirrorPlan plan(String sql, Dialect d) throws Exception {
    return MirrorPlanner.plan(CCJSqlParserUtil.newParser(sql).Statement(), users(), d);
  }

  @Test void updateLocksTheRowsOfItsOwnPredicateWithTheSameParameters() throws Exception {
    MirrorPlan p = plan("UPDATE users u SET name = ? WHERE u.score > ? AND id IN (SELECT user_id FROM o WHERE x = ?) ORDER BY id LIMIT 5", Dialect.MARIADB);
    assertNull(p.unmirrorable());
    assertTrue(p.touchesExactlyPreselected());
    IndexedSql pre = p.preselect();
    assertEquals("SELECT u.`id` FROM users u WHERE u.score > ? AND id IN (SELECT user_id FROM o WHERE x = ? LOCK IN SHARE MODE) ORDER BY id LIMIT 5 FOR UPDATE", pre.sql());
    assertArrayEquals(new int[] {2, 3}, pre.sourceIndexes(), "the SET parameter is not part of the predicate");
  }

  @Test void aWriteByItsWholeKeyOnMariaDbTakesTheKeyFromThePredicateWithoutAPreselect() throws Exception {
    MirrorPlan update = plan("UPDATE users SET score = ? WHERE id = ?", Dialect.MARIADB);
    assertEquals(null, update.preselect());
    assertEquals(1, update.insertedRows().size());
    assertEquals(MirrorPlan.Presence.ROWS, update.presence());
    MirrorPlan delete = plan("DELETE FROM users WHERE users.id = 7", Dialect.MARIADB);
    assertEquals(null, delete.preselect());
    assertEquals(MirrorPlan.Presence.NO_ROWS, delete.presence());
    // anything more than the key, or another engine, keeps the locking pre-select
    assertTrue(plan("UPDATE users SET score = ? WHERE id = ? AND score > 3", Dialect.MARIADB).preselect() != null);
    assertTrue(plan("UPDATE users SET score = ? WHERE id = ? OR id = ?", Dialect.MARIADB).preselect() != null);
    assertTrue(plan("UPDATE users SET score = ? WHERE id = ?", Dialect.POSTGRESQL).preselect() != null);
  }

  @Test void deleteOnPostgresQuotesTheKeyAsPostgresFoldsIt() throws Exception {
    MirrorPlan p = plan("DELETE FROM users WHERE email = ?", Dialect.POSTGRESQL);
    assertEquals("SELECT users.\"id\" FROM users WHERE email = ? FOR UPDATE", p.preselect().sql());
  }

  @Test void insertsTakeKeysFromValuesOrFromGeneratedKeys() throws Exception {
    MirrorPlan explicit = plan("INSERT INTO users (name, id) VALUES (?, ?), ('x', 7)", Dialect.MARIADB);
    assertEquals(2, explicit.insertedRows().size());
    assertTrue(explicit.usesParameters());
    assertTrue(plan("INSERT INTO users (name) VALUES (?)", Dialect.MARIADB).needsGeneratedKeys());
    assertTrue(plan("INSERT INTO users SET id = 3, name = 'n'", Dialect.MARIADB).insertedRows().size() == 1);
  }

  @Test void upsertsKnowTheirValuesForUniqueIndexLookups() throws Exception {
    MirrorPlan p = plan("INSERT INTO users (id, email) VALUES (?, ?) ON DUPLICATE KEY UPDATE email = VALUES(email)", Dialect.MARIADB);
    assertEquals(2, p.conflictColumns().size());
    assertNotNull(p.conflictRows().get(0)[1]);
  }

  @Test void insertSelectReadsTheKeysOfTheRowsItWillInsert() throws Exception {
    MirrorPlan p = plan("INSERT INTO users (id, name) SELECT sid + 1, sname FROM staging WHERE sid > ?", Dialect.MARIADB);
    assertEquals("SELECT sid + 1 FROM staging WHERE sid > ? LOCK IN SHARE MODE", p.preselect().sql());
    assertArrayEquals(new int[] {1}, p.preselect().sourceIndexes());
  }

  @Test void multiTableWritesLockTheMigratedTablesRowsThroughTheSameJoin() throws Exception {
    MirrorPlan update = plan("UPDATE orders o JOIN users u ON o.user_id = u.id SET u.name = o.n WHERE o.total > ?", Dialect.MARIADB);
    assertEquals("SELECT u.`id` FROM orders o JOIN users u ON o.user_id = u.id WHERE o.total > ? FOR UPDATE", update.preselect().sql());
    MirrorPlan delete = plan("DELETE FROM users USING banned b WHERE b.id = users.id", Dialect.POSTGRESQL);
    assertEquals("SELECT users.\"id\" FROM users, banned b WHERE b.id = users.id FOR UPDATE", delete.preselect().sql());
  }

  @Test void whatCannotBeKnownIsSaidSo() throws Exception {
    assertTrue(plan("UPDATE users SET id = id + 1", Dialect.MARIADB).unmirrorable().contains("changes the key"));
    MirrorPlan rekey = plan("UPDATE users SET id = ? WHERE id = ?", Dialect.MARIADB);
    assertNull(rekey.unmirrorable(), "a key set to a parameter is known: old key locked, new key given");
    assertEquals(1, rekey.insertedRows().size());
    assertTrue(plan("INSERT INTO users (id, name) VALUES (UUID(), 'x')", Dialect.MARIADB).unmirrorable().contains("cannot evaluate"));
    assertTrue(plan("INSERT INTO users (id) SELECT * FROM staging", Dialect.MARIADB).unmirrorable().contains("SELECT *"));
    assertTrue(plan("INSERT INTO users VALUES (1, 'x')", Dialect.MARIADB).unmirrorable().contains("column list"));
  }
}
