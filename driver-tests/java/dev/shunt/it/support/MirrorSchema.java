package dev.shunt.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The write-mirroring fixture: {@code users (id, name, email, score)} migrated to
 * {@code users_v2 (id, display_name, email, score)} with {@code email: LOWER(email)} and
 * {@code score: score * 10}, so a copy that skipped the transform shows up as a difference.
 */
public final class MirrorSchema {
  public static final String TRANSFORMS =
      "    columns: { id: id, display_name: name, email: LOWER(email), score: score * 10 }\n"
      + "    reverse: { id: id, name: display_name, email: email, score: score / 10 }\n";

  private MirrorSchema() {}

  public static void create(TestDatabase db) throws SQLException {
    String autoId = db.engine() == Engine.POSTGRES ? "id SERIAL PRIMARY KEY" : "id INT AUTO_INCREMENT PRIMARY KEY";
    db.exec("CREATE TABLE users (" + autoId + ", name VARCHAR(50), email VARCHAR(100), score INT)",
        "CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)");
  }

  public static void clear(TestDatabase db) throws SQLException {
    db.exec("DELETE FROM users", "DELETE FROM users_v2");
  }

  /** A toggle file migrating users in {@code phase}, with {@code extra} top-level lines. */
  public static Path toggleFile(Path dir, String phase, String extra) throws IOException {
    Path file = dir.resolve("mirror-" + phase + ".yaml");
    ToggleFiles.writeInPlace(file, "version: 1\nreload_ms: 50\n" + extra + "migrations:\n  users:\n"
        + "    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n" + TRANSFORMS + "    phase: " + phase + "\n");
    return file;
  }

  public static Connection open(TestDatabase db, Path toggleFile) throws SQLException {
    Properties p = new Properties();
    p.setProperty("shunt.config", toggleFile.toString());
    return DriverManager.getConnection(db.shuntUrl(), p);
  }

  /** Old rows transformed by hand, one line per row in key order. */
  public static List<String> expectedNew(TestDatabase db) throws SQLException {
    return rows(db, "SELECT id, name, LOWER(email), score * 10 FROM users ORDER BY id");
  }

  public static List<String> actualNew(TestDatabase db) throws SQLException {
    return rows(db, "SELECT id, display_name, email, score FROM users_v2 ORDER BY id");
  }

  public static List<String> rows(TestDatabase db, String sql) throws SQLException {
    try (Connection c = db.openRaw()) {
      return rows(c, sql);
    }
  }

  /** Every row of {@code sql} on {@code c}, its columns' texts joined by {@code |}. */
  public static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) sb.append(i > 1 ? "|" : "").append(rs.getString(i));
        out.add(sb.toString());
      }
    }
    return out;
  }
}
