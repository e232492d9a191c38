package dev.shunt.it;

import static dev.shunt.it.BackfillIT.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.BackfillIT.Run;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import dev.shunt.it.support.ToggleFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verify finds every kind of difference planted behind Shunt's back (a changed value, a
 * case-only change a skipped {@code LOWER()} would leave, a missing row, an extra row), repair
 * re-copies exactly those keys, and verify is clean afterwards: in one MariaDB database, across
 * two, and from MariaDB to PostgreSQL.
 */
class VerifyRepairIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"same-database", "mariadb-to-mariadb", "mariadb-to-postgresql"})
  void findsPlantedDifferencesAndRepairFixesThem(String topology) throws Exception {
    try (TestDatabase old = TestDatabases.create(Engine.MARIADB, "vr_old");
        TestDatabase neu = topology.equals("same-database") ? null
            : TestDatabases.create(topology.endsWith("postgresql") ? Engine.POSTGRES : Engine.MARIADB, "vr_new")) {
      TestDatabase target = neu != null ? neu : old;
      old.exec("CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(50), email VARCHAR(100), score INT)",
          "INSERT INTO users (id, name, email, score) SELECT seq, CONCAT('n', seq), CONCAT('User', seq, '@Example.org'), seq % 1000"
              + " FROM seq_1_to_3000",
          "INSERT INTO users (id, name, email, score) VALUES (3001, NULL, NULL, NULL)");
      target.exec("CREATE TABLE users_v2 (id INT PRIMARY KEY, display_name VARCHAR(50), email VARCHAR(100), score INT)");
      Path toggle = dir.resolve("verify.yaml");
      ToggleFiles.writeInPlace(toggle, "version: 1\nold: { url: \"" + old.rawUrl() + "\" }\n"
          + (neu == null ? "" : "new: { url: \"" + neu.rawUrl() + "\" }\n")
          + "migrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
          + MirrorSchema.TRANSFORMS + "    phase: shadow-write\n");
      String[] verify = {"verify", "--config", toggle.toString(), "--migration", "users", "--chunk", "700"};

      Run empty = cli(verify);
      assertEquals(1, empty.code, empty.output);
      assertTrue(empty.output.contains("3001 missing"), empty.output);

      assertEquals(0, cli("backfill", "--config", toggle.toString(), "--migration", "users").code);
      Run clean = cli(verify);
      assertEquals(0, clean.code, clean.output);
      assertTrue(clean.output.contains("3001 rows compared, 0 differing, 0 missing, 0 extra"), clean.output);

      target.exec("UPDATE users_v2 SET score = 1 WHERE id = 10",
          "UPDATE users_v2 SET email = 'User20@example.org' WHERE id = 20", // case only: LOWER() was skipped
          "UPDATE users_v2 SET display_name = 'x' WHERE id = 3001",         // NULL on old, a value on new
          "DELETE FROM users_v2 WHERE id = 1500",
          "INSERT INTO users_v2 (id, display_name, email, score) VALUES (2500000, 'ghost', 'g@x', 0)",
          "INSERT INTO users_v2 (id, display_name, email, score) VALUES (0, 'before-first', 'b@x', 0)");
      Run found = cli(verify);
      assertEquals(1, found.code, found.output);
      assertTrue(found.output.contains("3 differing, 1 missing, 2 extra"), found.output);
      assertTrue(found.output.contains("differing keys: 10 20 3001"), found.output);
      assertTrue(found.output.contains("missing keys: 1500"), found.output);
      assertTrue(found.output.contains("extra keys: 0 2500000"), found.output);

      Run repair = cli("repair", "--config", toggle.toString(), "--migration", "users", "--from-verify");
      assertEquals(0, repair.code, repair.output);
      assertTrue(repair.output.contains("6 queued key(s) re-copied"), repair.output);
      Run after = cli(verify);
      assertEquals(0, after.code, after.output);
      assertEquals(MirrorSchema.expectedNew(old),
          MirrorSchema.rows(target, "SELECT id, display_name, email, score FROM users_v2 ORDER BY id"));
    }
  }
}
