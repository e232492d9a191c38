package dev.shunt.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * SPEC section 10, dual write: a single-row INSERT and a single-row UPDATE of the migrated table
 * through Shunt (same database and two databases; old-primary and new-primary) against the same
 * two writes hand-written in one transaction on the raw driver. One thread, alternating rounds.
 */
final class DualWrite {
  static final String HAND = "raw, both writes by hand in one transaction";
  static final String SINGLE = "raw, the old write alone (reference)";
  static final String SAME = "Shunt shadow-write (old-primary), same database";
  static final String TWO = "Shunt shadow-write (old-primary), two databases";
  static final String NEW_SAME = "Shunt new-primary, same database";
  static final String NEW_TWO = "Shunt new-primary, two databases";

  private final Bench b;
  private final int itemRows;

  DualWrite(Bench b, int itemRows) {
    this.b = b;
    this.itemRows = itemRows;
  }

  void run() throws Exception {
    Env env = b.env;
    Path same = b.toggle("dual-same", "users", "shadow-write", false);
    Path two = b.toggle("dual-two", "users", "shadow-write", true);
    Path newSame = b.toggle("new-primary-same", "users", "new-primary", false);
    Path newTwo = b.toggle("new-primary-two", "users", "new-primary", true);
    List<Rounds.Contender> contenders = List.of(
        new Rounds.Contender(HAND, () -> {
          Connection c = env.raw(Env.DB);
          c.setAutoCommit(false);
          return c;
        }),
        new Rounds.Contender(SINGLE, () -> env.raw(Env.DB)),
        new Rounds.Contender(SAME, () -> env.shunt(Env.DB, same)),
        new Rounds.Contender(TWO, () -> env.shunt(Env.DB, two)),
        new Rounds.Contender(NEW_SAME, () -> env.shunt(Env.DB, newSame)),
        new Rounds.Contender(NEW_TWO, () -> env.shunt(Env.DB, newTwo)));

    long base = 10_000_000L;
    Rounds.Op insert = (c, r, seq) -> {
      long id = base + seq;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, score) VALUES (?, ?, ?, ?)")) {
        ps.setLong(1, id);
        ps.setString(2, "n" + id);
        ps.setString(3, "User" + id + "@Example.org");
        ps.setInt(4, (int) (id % 1000));
        ps.executeUpdate();
      }
      if (!c.getAutoCommit()) { // the hand-written dual write
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO users_v2 (id, display_name, email, score) VALUES (?, ?, LOWER(?), ? * 10)")) {
          ps.setLong(1, id);
          ps.setString(2, "n" + id);
          ps.setString(3, "User" + id + "@Example.org");
          ps.setInt(4, (int) (id % 1000));
          ps.executeUpdate();
        }
        c.commit();
      }
    };
    Rounds.Op update = (c, r, seq) -> {
      int id = 1 + r.nextInt(itemRows);
      String name = "u" + (seq % 100_000);
      try (PreparedStatement ps = c.prepareStatement("UPDATE users SET name = ? WHERE id = ?")) {
        ps.setString(1, name);
        ps.setInt(2, id);
        ps.executeUpdate();
      }
      if (!c.getAutoCommit()) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE users_v2 SET display_name = ? WHERE id = ?")) {
          ps.setString(1, name);
          ps.setInt(2, id);
          ps.executeUpdate();
        }
        c.commit();
      }
    };
    measure("single-row INSERT", contenders, insert);
    measure("single-row UPDATE by key", contenders, update);
  }

  private void measure(String workload, List<Rounds.Contender> contenders, Rounds.Op op) throws Exception {
    Bench.progress("dual write: " + workload);
    Rounds.Result r = Rounds.run("dual write " + workload, contenders, 1, op, b.seconds(), b.warmupSeconds());
    Report rep = b.report;
    String ref = contenders.get(0).name;
    rep.section("Dual write: " + workload + ", 1 thread (" + (int) b.seconds() + " s, contenders interleaved op by op; "
        + "µs per write: median / mean of the fastest 99%; time relative to the hand-written pair by the medians)");
    for (Rounds.Contender c : contenders) {
      double time = 1 / r.ratio(c.name, ref);
      String value = String.format("%.0f / %.0f µs (%,d ops), %s the time of the pair", r.medianMicros(c.name),
          r.trimmedMeanMicros(c.name), r.count(c.name), Report.ratio(time));
      if (c == contenders.get(0)) value += String.format(" (pair vs pair, alternate cycles: ±%.1f%%)", 100 * r.selfScatter(c.name));
      if (c.name.equals(SAME)) rep.check(c.name, value, "≤ 1.30× the hand-written pair", time <= 1.30);
      else rep.info(c.name, value);
    }
  }
}
