package dev.shunt.sql;

import static dev.shunt.sql.ServerReading.Family.MARIADB;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class StatementClassifierTest {
  private final StatementClassifier classifier = new StatementClassifier();

  private static String names(List<TableRef> refs) {
    return refs.stream().map(TableRef::toString).sorted().collect(Collectors.joining(","));
  }

  private void check(String sql, StatementKind kind, String read, String written) {
    StatementInfo info = classifier.classify(sql, MARIADB);
    assertEquals(kind, info.kind(), sql + " -> " + info + " " + info.parseError());
    assertEquals(read, names(info.tablesRead()), "read by " + sql);
    assertEquals(written, names(info.tablesWritten()), "written by " + sql);
  }

  @Test void selects() {
    check("SELECT * FROM users WHERE id = ?", StatementKind.SELECT, "users", "");
    check("select u.id from users u join orders o on o.user_id = u.id", StatementKind.SELECT, "orders,users", "");
    check("SELECT * FROM a WHERE x IN (SELECT y FROM b WHERE z = (SELECT 1 FROM c))", StatementKind.SELECT, "a,b,c", "");
    check("WITH recent AS (SELECT * FROM users) SELECT * FROM recent", StatementKind.SELECT, "users", "");
    check("SELECT * FROM `app`.`Users`", StatementKind.SELECT, "app.Users", "");
    StatementInfo quoted = classifier.classify("SELECT * FROM \"public\".\"users\" FOR UPDATE", ServerReading.Family.POSTGRESQL);
    assertEquals("public.users", names(quoted.tablesRead()));
  }

  @Test void writes() {
    check("INSERT INTO users (id, name) VALUES (?, ?)", StatementKind.INSERT, "", "users");
    check("INSERT INTO users (id) SELECT id FROM staging", StatementKind.INSERT, "staging", "users");
    check("INSERT INTO users (id) SELECT id + 100 FROM users", StatementKind.INSERT, "users", "users");
    check("INSERT IGNORE INTO users (id) VALUES (1)", StatementKind.INSERT, "", "users");
    check("INSERT INTO users (id, n) VALUES (1, 2) ON DUPLICATE KEY UPDATE n = n + 1", StatementKind.UPSERT, "", "users");
    check("INSERT INTO users (id, n) VALUES (1, 2) ON CONFLICT (id) DO UPDATE SET n = excluded.n", StatementKind.UPSERT, "", "users");
    check("REPLACE INTO users (id, n) VALUES (1, 2)", StatementKind.UPSERT, "", "users");
    check("UPDATE users SET n = n + 1 WHERE id IN (SELECT user_id FROM orders) ORDER BY id LIMIT 3", StatementKind.UPDATE, "orders", "users");
    check("DELETE FROM users WHERE id = ?", StatementKind.DELETE, "", "users");
    check("MERGE INTO users u USING staging s ON (u.id = s.id) WHEN MATCHED THEN UPDATE SET u.n = s.n", StatementKind.MERGE, "staging", "users");
  }

  @Test void multiTableWritesNameOnlyTheirTargets() {
    check("UPDATE users u JOIN orders o ON o.user_id = u.id SET u.total = o.amount", StatementKind.UPDATE, "orders", "users");
    check("UPDATE orders o JOIN users u ON o.user_id = u.id SET o.name = u.name, u.seen = 1", StatementKind.UPDATE, "", "orders,users");
    check("DELETE u FROM users u JOIN banned b ON b.id = u.id", StatementKind.DELETE, "banned", "users");
    check("DELETE FROM users USING users, banned WHERE users.id = banned.id", StatementKind.DELETE, "banned", "users");
  }

  @Test void ddlAndOthers() {
    check("CREATE TABLE users_v2 (id INT PRIMARY KEY)", StatementKind.DDL, "", "users_v2");
    check("ALTER TABLE users ADD COLUMN x INT", StatementKind.DDL, "", "users");
    check("TRUNCATE TABLE users", StatementKind.DDL, "", "users");
    check("DROP TABLE users", StatementKind.DDL, "", "users");
    check("SET NAMES utf8mb4", StatementKind.OTHER, "", "");
    check("CALL refresh_users(1)", StatementKind.CALL, "", "");
  }

  @Test void multiStatementStringsUnion() {
    check("UPDATE users SET n = 1; SELECT * FROM orders", StatementKind.MULTI, "orders", "users");
  }

  @Test void rejectedTextsAreUnparseableNotErrors() {
    StatementInfo info = classifier.classify("SELECT * FROM users WHERE id = 1 LOCK IN SHARE MODE", MARIADB);
    assertFalse(info.parsed());
    assertTrue(info.parseError().length() > 0);
    assertFalse(classifier.classify("THIS IS NOT SQL users", MARIADB).parsed());
  }
}
