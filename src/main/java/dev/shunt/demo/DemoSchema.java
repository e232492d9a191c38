package dev.shunt.demo;

import dev.shunt.sql.dialect.Dialect;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The demo's migration, the first scenario Shunt is built for: {@code demo_accounts.balance} in dollars
 * (DECIMAL) becomes {@code demo_accounts_v2.balance_cents} (BIGINT), {@code owner} is renamed
 * {@code owner_name}, and e-mail addresses are stored lower-case.
 */
final class DemoSchema {
  static final String MIGRATION = "accounts";

  private DemoSchema() {}

  static Ledger.Account historyRow(long id) {
    return new Ledger.Account("owner" + id, "holder" + id + "@example.org", 100 * (id % 1000) + 50);
  }

  static void create(Connection c, long historyRows) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS demo_accounts_v2");
      s.execute("DROP TABLE IF EXISTS demo_accounts");
      dev.shunt.ops.StateTables state = dev.shunt.ops.StateTables.in(null); // the demo's toggle file keeps the default
      for (String t : new String[] {dev.shunt.ops.StateTables.BACKFILL_RUNS, dev.shunt.ops.StateTables.BACKFILL_CHUNKS,
          dev.shunt.ops.StateTables.VERIFY_RUNS, dev.shunt.ops.StateTables.VERIFY_KEYS, dev.shunt.ops.StateTables.REPAIR_QUEUE}) {
        try {
          s.execute("DROP TABLE IF EXISTS " + state.table(t));
        } catch (SQLException noSchemaYet) {
          // the state schema is made with its first table
        }
      }
      s.execute("CREATE TABLE demo_accounts (id BIGINT PRIMARY KEY, owner VARCHAR(50) NOT NULL, email VARCHAR(100) NOT NULL,"
          + " balance DECIMAL(12,2) NOT NULL)");
      s.execute("CREATE TABLE demo_accounts_v2 (id BIGINT PRIMARY KEY, owner_name VARCHAR(50) NOT NULL,"
          + " email VARCHAR(100) NOT NULL, balance_cents BIGINT NOT NULL)");
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_accounts (id, owner, email, balance) VALUES (?, ?, ?, ?)")) {
      for (long id = 1; id <= historyRows; id++) {
        Ledger.Account a = historyRow(id);
        ps.setLong(1, id);
        ps.setString(2, a.owner);
        ps.setString(3, a.email);
        ps.setBigDecimal(4, BigDecimal.valueOf(a.balanceCents, 2));
        ps.addBatch();
        if (id % 1000 == 0) ps.executeBatch();
      }
      ps.executeBatch();
      c.commit();
    } finally {
      c.setAutoCommit(auto);
    }
  }

  /** The toggle file for {@code phase}; the old database's URL is there for the tools. */
  static String toggleFile(String rawUrl, String phase) {
    return "# written by `shunt demo`: one migration walked through every phase\n"
        + "version: 1\n"
        + "reload_ms: 100\n"
        + "old: { url: \"" + rawUrl.replace("\"", "\\\"") + "\" }\n"
        + "migrations:\n"
        + "  " + MIGRATION + ":\n"
        + "    old: { table: demo_accounts, key: [id] }\n"
        + "    new: { table: demo_accounts_v2 }\n"
        + "    columns: { id: id, owner_name: owner, email: LOWER(email), balance_cents: ROUND(balance * 100) }\n"
        + "    reverse: { id: id, owner: owner_name, email: email, balance: balance_cents / 100.0 }\n"
        + "    phase: " + phase + "\n";
  }

  /**
   * Compares the new table with the workload's ledger: rows the application committed and still
   * has, transformed; returns the number of keys that are missing, extra or wrong.
   */
  static long lost(Connection c, Dialect d, Ledger expected, StringBuilder firstProblems) throws SQLException {
    long problems = 0;
    java.util.Map<Long, Ledger.Account> left = new java.util.HashMap<>(expected.accounts);
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, owner_name, email, balance_cents FROM demo_accounts_v2")) {
      while (rs.next()) {
        long id = rs.getLong(1);
        Ledger.Account a = left.remove(id);
        boolean ok = a != null && a.owner.equals(rs.getString(2)) && a.email.toLowerCase(Locale.ROOT).equals(rs.getString(3))
            && a.balanceCents == rs.getLong(4);
        if (!ok) {
          problems++;
          note(firstProblems, (a == null ? "extra row " : "wrong row ") + id);
        }
      }
    }
    for (Long id : left.keySet()) {
      problems++;
      note(firstProblems, "missing row " + id);
    }
    return problems;
  }

  private static void note(StringBuilder sb, String what) {
    if (sb.length() < 200) sb.append(sb.length() == 0 ? "" : ", ").append(what);
  }
}
