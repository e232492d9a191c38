package dev.shunt.sql;

import static dev.shunt.sql.ServerReading.Family.MARIADB;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatementCacheTest {
  @Test void eachDistinctTextIsParsedOnce() {
    StatementCache cache = new StatementCache(100);
    StatementInfo first = cache.classify("SELECT * FROM users WHERE id = ?", MARIADB);
    for (int i = 0; i < 1000; i++) assertSame(first, cache.classify("SELECT * FROM users WHERE id = ?", MARIADB));
    assertEquals(1, cache.parseCount());
    assertTrue(cache.stats().hitRate() > 0.99);
  }

  @Test void inListAndValuesLengthsShareOneEntry() {
    StatementCache cache = new StatementCache(100);
    StringBuilder in = new StringBuilder("?");
    StringBuilder values = new StringBuilder("(?, ?)");
    for (int i = 0; i < 50; i++) {
      cache.classify("SELECT * FROM users WHERE id IN (" + in + ")", MARIADB);
      cache.classify("INSERT INTO users (id, n) VALUES " + values, MARIADB);
      in.append(", ?");
      values.append(", (?, ?)");
    }
    assertEquals(2, cache.parseCount());
    assertEquals(2, cache.size());
  }
}
