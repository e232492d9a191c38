package dev.shunt.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shunt.sql.dialect.Dialect;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopySqlTest {
  @Test void sameDatabaseCopyIsOneUpsertAndOneDeletePerChunk() throws Exception {
    SameDatabaseCopy maria = new SameDatabaseCopy(MirrorPlannerTest.users(), Dialect.MARIADB);
    assertEquals("INSERT INTO `users_v2` (`id`, `display_name`, `email`) SELECT (id), (name), (LOWER(email)) FROM `users`"
        + " WHERE `id` IN (?, ?) ON DUPLICATE KEY UPDATE `display_name` = VALUES(`display_name`), `email` = VALUES(`email`)",
        maria.upsert(2));
    assertEquals("DELETE FROM `users_v2` WHERE `id` IN (?) AND NOT EXISTS (SELECT 1 FROM `users` shunt_old"
        + " WHERE shunt_old.`id` = `users_v2`.`id`)", maria.deleteVanished(1));
    SameDatabaseCopy pg = new SameDatabaseCopy(MirrorPlannerTest.users(), Dialect.POSTGRESQL);
    assertEquals("INSERT INTO \"users_v2\" (\"id\", \"display_name\", \"email\") SELECT (id), (name), (LOWER(email)) FROM \"users\""
        + " WHERE \"id\" IN (?) ON CONFLICT (\"id\") DO UPDATE SET \"display_name\" = EXCLUDED.\"display_name\", \"email\" = EXCLUDED.\"email\"",
        pg.upsert(1));
    assertEquals("(\"A\", \"B\") IN ((?, ?), (?, ?))", Keys.in(Dialect.H2, List.of("a", "b"), 2));
  }

  @Test void h2UpsertIsMergeByKey() {
    assertEquals("MERGE INTO \"T\" (\"ID\", \"N\") KEY (\"ID\") SELECT 1, 2",
        Dialect.H2.upsert("INSERT INTO \"T\" (\"ID\", \"N\") SELECT 1, 2", List.of("id"), List.of("n")));
  }

  @Test void quotingDoublesEmbeddedQuotes() {
    assertEquals("`a``b`", Dialect.MARIADB.quote("a`b"));
    assertEquals("\"a\"\"b\"", Dialect.POSTGRESQL.quote("A\"b"));
  }

  @Test void repairQueueKeysKeepTheirTypes() {
    Object[] key = {42L, "a\u0001b", new BigDecimal("1.50"), null};
    Object[] back = KeyCodec.decode(KeyCodec.encode(key));
    assertArrayEquals(new Object[] {42L, "a\u0001b", new BigDecimal("1.50"), null}, back);
    assertEquals(Keys.id(new Object[] {7}), Keys.id(new Object[] {7L}), "7 and 7L are one key");
  }
}
