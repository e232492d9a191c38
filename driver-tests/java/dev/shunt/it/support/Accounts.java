package dev.shunt.it.support;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The read-routing fixture: old {@code accounts (id, owner, balance DECIMAL(12,2), updated_at)}
 * migrated to {@code accounts_v2 (id, owner_name, balance_cents BIGINT, updated_at)}, in the same
 * MariaDB database, in a second MariaDB database, or in PostgreSQL. A read of the new side that
 * skipped the rewrite names columns the new table does not have; one that skipped the transform
 * shows cents where the application expects a decimal balance.
 */
public final class Accounts implements AutoCloseable {
  /** Where the new table lives. */
  public enum Topology {
    MARIADB_SAME_DB, MARIADB_TWO_DBS, MARIADB_TO_POSTGRES, POSTGRES_SAME_DB;

    public boolean sameDatabase() { return this == MARIADB_SAME_DB || this == POSTGRES_SAME_DB; }
  }

  public static final String OLD_TABLE =
      "CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(50), balance DECIMAL(12,2), updated_at BIGINT)";
  public static final String NEW_TABLE =
      "CREATE TABLE accounts_v2 (id INT PRIMARY KEY, owner_name VARCHAR(50), balance_cents BIGINT, updated_at BIGINT)";

  /** The migration body below the name: tables, both transforms, indented for {@code migrations:}. */
  public static final String MAPPING = ""
      + "    old: { table: accounts, key: [id] }\n"
      + "    new: { table: accounts_v2 }\n"
      + "    columns:\n"
      + "      id: id\n"
      + "      owner_name: owner\n"
      + "      balance_cents: balance * 100\n"
      + "      updated_at: updated_at\n"
      + "    reverse:\n"
      + "      id: id\n"
      + "      owner: owner_name\n"
      + "      balance: CAST(balance_cents / 100.0 AS DECIMAL(12,2))\n"
      + "      updated_at: updated_at\n";

  public final Topology topology;
  public final TestDatabase old;
  /** The database holding {@code accounts_v2}: {@link #old} itself for the same-database topology. */
  public final TestDatabase neu;

  public Accounts(Topology topology, String purpose) throws SQLException {
    this.topology = topology;
    this.old = TestDatabases.create(topology == Topology.POSTGRES_SAME_DB ? Engine.POSTGRES : Engine.MARIADB, purpose);
    this.neu = switch (topology) {
      case MARIADB_SAME_DB, POSTGRES_SAME_DB -> old;
      case MARIADB_TWO_DBS -> TestDatabases.create(Engine.MARIADB, purpose + "_new");
      case MARIADB_TO_POSTGRES -> TestDatabases.create(Engine.POSTGRES, purpose + "_new");
    };
    old.exec(OLD_TABLE);
    if (topology == Topology.MARIADB_TO_POSTGRES) {
      // MariaDB compares owners without case: a caseless collation does too, so Shunt can run the
      // application's comparisons of owners on PostgreSQL with their MariaDB meaning (not LIKE:
      // PostgreSQL before 18 has no LIKE over a nondeterministic collation)
      neu.exec("CREATE COLLATION IF NOT EXISTS caseless (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
          NEW_TABLE.replace("owner_name VARCHAR(50)", "owner_name VARCHAR(50) COLLATE caseless"));
    } else {
      neu.exec(NEW_TABLE);
    }
  }

  /** The {@code new:} section for a two-database topology, empty for the same database. */
  public String newSection() {
    if (topology.sameDatabase()) return "";
    return newSection(neu.rawUrl());
  }

  /** A {@code new:} section for {@code rawUrl}, user and password taken out of its query string. */
  public static String newSection(String rawUrl) {
    int q = rawUrl.indexOf('?');
    String base = q < 0 ? rawUrl : rawUrl.substring(0, q);
    StringBuilder sb = new StringBuilder("new:\n  url: ").append(base).append('\n');
    if (q >= 0) {
      for (String kv : rawUrl.substring(q + 1).split("&")) {
        int eq = kv.indexOf('=');
        if (eq < 0) continue;
        String k = kv.substring(0, eq);
        String v = kv.substring(eq + 1);
        if (k.equals("user")) sb.append("  user: ").append(v).append('\n');
        if (k.equals("password") && !v.isEmpty()) sb.append("  password: '").append(v).append("'\n");
      }
    }
    return sb.toString();
  }

  /**
   * A toggle file for one migration {@code name} of accounts, with {@code settings} as the
   * migration's mode lines (e.g. {@code "    writes: old-primary\n    reads: merge\n"}).
   */
  public Path toggleFile(Path dir, String name, String settings) throws IOException {
    return toggleFile(dir, name, newSection(), settings);
  }

  public static Path toggleFile(Path dir, String name, String newSection, String settings) throws IOException {
    Path file = dir.resolve(name + ".yaml");
    ToggleFiles.writeInPlace(file, toggleText(name, newSection, settings));
    return file;
  }

  public static String toggleText(String name, String newSection, String settings) {
    return "version: 1\nreload_ms: 50\n" + newSection + "migrations:\n  " + name + ":\n" + MAPPING + settings;
  }

  /** An application connection through Shunt to the old database. */
  public Connection open(Path toggleFile) throws SQLException {
    Properties p = new Properties();
    p.setProperty("shunt.config", toggleFile.toString());
    return DriverManager.getConnection(old.shuntUrl(), p);
  }

  /** Rows planted directly on old, behind Shunt's back: {id, owner, balance, updated_at}. */
  public void plantOld(Object[]... rows) throws SQLException {
    try (Connection c = old.openRaw();
        PreparedStatement ps = c.prepareStatement("INSERT INTO accounts (id, owner, balance, updated_at) VALUES (?, ?, ?, ?)")) {
      for (Object[] r : rows) {
        for (int i = 0; i < 4; i++) ps.setObject(i + 1, r[i]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Rows planted directly on new, behind Shunt's back: {id, owner_name, balance_cents, updated_at}. */
  public void plantNew(Object[]... rows) throws SQLException {
    try (Connection c = neu.openRaw();
        PreparedStatement ps = c.prepareStatement("INSERT INTO accounts_v2 (id, owner_name, balance_cents, updated_at) VALUES (?, ?, ?, ?)")) {
      for (Object[] r : rows) {
        for (int i = 0; i < 4; i++) ps.setObject(i + 1, r[i]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Every row of a query, columns joined by {@code |}; decimals at scale 2, SQL NULL as {@code null}. */
  public static List<String> rows(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      }
    }
  }

  /** The same through a plain Statement (no parameters). */
  public static List<String> statementRows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rows(rs);
    }
  }

  public static List<String> rows(ResultSet rs) throws SQLException {
    List<String> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i <= n; i++) sb.append(i > 1 ? "|" : "").append(text(rs.getObject(i)));
      out.add(sb.toString());
    }
    return out;
  }

  static String text(Object v) {
    if (v == null) return "null";
    if (v instanceof BigDecimal) return ((BigDecimal) v).setScale(2, RoundingMode.HALF_UP).toPlainString();
    if (v instanceof Double || v instanceof Float) return BigDecimal.valueOf(((Number) v).doubleValue()).setScale(2, RoundingMode.HALF_UP).toPlainString();
    return v.toString();
  }

  @Override public void close() {
    if (neu != old) neu.close();
    old.close();
  }
}
