package dev.shunt.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dual write: a single-row INSERT and a single-row UPDATE of the migrated table
 * through Shunt (same database and two databases; old-primary and new-primary) against the same
 * two writes hand-written in one transaction on the raw driver. One thread, contenders interleaved.
 *
 * <p>Both shapes an application's write comes in are measured, each against its own hand-written
 * pair: inside the application's transaction (the write, then {@code commit()}: by hand, both
 * writes then {@code commit()}), and under autocommit (the write alone: by hand, the transaction
 * the pair needs, opened and closed with {@code setAutoCommit}, the cheapest way JDBC allows).
 */
final class DualWrite {
  static final String HAND_TX = "raw, both writes by hand in the app's transaction, then commit()";
  static final String SAME_TX = "Shunt old-primary, same database: the write in the app's transaction, then commit()";
  static final String HAND_AC = "raw, autocommit app: setAutoCommit(false), both writes by hand, setAutoCommit(true)";
  static final String SINGLE = "raw, autocommit app: the old write alone (reference)";
  static final String SAME = "Shunt old-primary, same database: the write under autocommit";
  static final String TWO = "Shunt old-primary, two databases, autocommit";
  static final String NEW_SAME = "Shunt new-primary, same database, autocommit";
  static final String NEW_TWO = "Shunt new-primary, two databases, autocommit";

  /** How each contender's connection runs one unit of work. */
  private enum Shape { PAIR_IN_TX, PAIR_AUTOCOMMIT, ONE_IN_TX, ONE_AUTOCOMMIT }

  private final Bench b;
  private final int itemRows;
  private final Map<Connection, Shape> shapes = new ConcurrentHashMap<>();

  DualWrite(Bench b, int itemRows) {
    this.b = b;
    this.itemRows = itemRows;
  }

  private Rounds.Contender contender(String name, Shape shape, Rounds.Opener opener) {
    return new Rounds.Contender(name, () -> {
      Connection c = opener.open();
      c.setAutoCommit(shape == Shape.PAIR_AUTOCOMMIT || shape == Shape.ONE_AUTOCOMMIT);
      shapes.put(c, shape);
      return c;
    });
  }

  /** A write on the old table and, for a hand-written pair, its new-table twin. */
  private interface Write {
    void run(Connection c, long seq, boolean newTable) throws SQLException;
  }

  private Rounds.Op unit(Write write) {
    return (c, r, seq) -> {
      Shape shape = shapes.get(c);
      if (shape == Shape.PAIR_AUTOCOMMIT) c.setAutoCommit(false);
      write.run(c, seq, false);
      if (shape == Shape.PAIR_IN_TX || shape == Shape.PAIR_AUTOCOMMIT) write.run(c, seq, true);
      if (shape == Shape.PAIR_AUTOCOMMIT) c.setAutoCommit(true); // commits: JDBC says so
      else if (shape != Shape.ONE_AUTOCOMMIT) c.commit();
    };
  }

  void run() throws Exception {
    Env env = b.env;
    Path same = b.toggle("dual-same", "users", "shadow-write", false);
    Path two = b.toggle("dual-two", "users", "shadow-write", true);
    Path newSame = b.toggle("new-primary-same", "users", "new-primary", false);
    Path newTwo = b.toggle("new-primary-two", "users", "new-primary", true);
    List<Rounds.Contender> contenders = List.of(
        contender(HAND_TX, Shape.PAIR_IN_TX, () -> env.raw(Env.DB)),
        contender(SAME_TX, Shape.ONE_IN_TX, () -> env.shunt(Env.DB, same)),
        contender(HAND_AC, Shape.PAIR_AUTOCOMMIT, () -> env.raw(Env.DB)),
        contender(SINGLE, Shape.ONE_AUTOCOMMIT, () -> env.raw(Env.DB)),
        contender(SAME, Shape.ONE_AUTOCOMMIT, () -> env.shunt(Env.DB, same)),
        contender(TWO, Shape.ONE_AUTOCOMMIT, () -> env.shunt(Env.DB, two)),
        contender(NEW_SAME, Shape.ONE_AUTOCOMMIT, () -> env.shunt(Env.DB, newSame)),
        contender(NEW_TWO, Shape.ONE_AUTOCOMMIT, () -> env.shunt(Env.DB, newTwo)));

    long base = 10_000_000L;
    Rounds.Op insert = unit((c, seq, newTable) -> {
      long id = base + seq;
      try (PreparedStatement ps = c.prepareStatement(newTable
          ? "INSERT INTO users_v2 (id, display_name, email, score) VALUES (?, ?, LOWER(?), ? * 10)"
          : "INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)")) {
        ps.setLong(1, id);
        ps.setString(2, "n" + id);
        ps.setString(3, "User" + id + "@Example.org");
        ps.setInt(4, (int) (id % 1000));
        ps.executeUpdate();
      }
    });
    Rounds.Op update = unit((c, seq, newTable) -> {
      int id = 1 + (int) ((seq * 2654435761L) % itemRows);
      String name = "u" + (seq % 100_000);
      try (PreparedStatement ps = c.prepareStatement(newTable
          ? "UPDATE users_v2 SET display_name = ? WHERE id = ?" : "UPDATE users SET name = ? WHERE id = ?")) {
        ps.setString(1, name);
        ps.setInt(2, id);
        ps.executeUpdate();
      }
    });
    measure("single-row INSERT", contenders, insert);
    measure("single-row UPDATE by key", contenders, update);
  }

  private void measure(String workload, List<Rounds.Contender> contenders, Rounds.Op op) throws Exception {
    Bench.progress("dual write: " + workload);
    Rounds.Result r = Rounds.run("dual write " + workload, contenders, 1, op, b.seconds(), b.warmupSeconds());
    Report rep = b.report;
    rep.section("Dual write: " + workload + ", 1 thread (" + (int) b.seconds() + " s, contenders interleaved op by op; "
        + "µs per unit of work: median / mean of the fastest 99%; time relative to the hand-written pair of the same shape, by the medians)");
    for (Rounds.Contender c : contenders) {
      String ref = c.name.equals(HAND_TX) || c.name.equals(SAME_TX) ? HAND_TX : HAND_AC;
      double time = 1 / r.ratio(c.name, ref);
      String value = String.format("%.0f / %.0f µs (%,d ops), %s the time of the pair", r.medianMicros(c.name),
          r.trimmedMeanMicros(c.name), r.count(c.name), Report.ratio(time));
      if (c.name.equals(ref)) value += String.format(" (pair vs pair, alternate cycles: ±%.1f%%)", 100 * r.selfScatter(c.name));
      if (c.name.equals(SAME) || c.name.equals(SAME_TX)) rep.check(c.name, value, "≤ 1.30× the hand-written pair", time <= 1.30);
      else rep.info(c.name, value);
    }
  }
}
