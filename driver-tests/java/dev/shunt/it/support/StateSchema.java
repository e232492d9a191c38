package dev.shunt.it.support;

import dev.shunt.ops.StateTables;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shunt's state tables in the driver tests: they live in the schema {@code shunt} (the toggle
 * files keep the default), a database of the whole server on MariaDB. Every driver test starts
 * with that database gone (this extension, registered for the whole suite), so one test's
 * leases, checkpoints and queue entries never reach another test with the same migration name;
 * on PostgreSQL the schema lives inside each test's own database.
 */
public final class StateSchema implements BeforeEachCallback {
  public static final String NAME = StateTables.DEFAULT_SCHEMA;

  /** {@code shunt.<base>}. */
  public static String table(String base) { return NAME + "." + base; }

  /** Rows in the repair queue of {@code db}'s server (MariaDB) or database (PostgreSQL); 0 before the table exists. */
  public static long queueDepth(TestDatabase db) throws SQLException {
    List<String> t = MirrorSchema.rows(db, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '" + NAME
        + "' AND table_name = '" + StateTables.REPAIR_QUEUE + "'");
    if (t.get(0).equals("0")) return 0;
    return Long.parseLong(MirrorSchema.rows(db, "SELECT COUNT(*) FROM " + table(StateTables.REPAIR_QUEUE)).get(0));
  }

  @Override public void beforeEach(ExtensionContext context) throws SQLException {
    if (!context.getRequiredTestClass().getName().startsWith("dev.shunt.it.")) return; // unit tests touch no database
    try (Connection c = DriverManager.getConnection(TestDatabases.adminUrl(Engine.MARIADB)); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + NAME);
    }
  }
}
