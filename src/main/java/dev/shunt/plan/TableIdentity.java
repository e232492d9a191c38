package dev.shunt.plan;

import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.sql.TableRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which migrated tables a statement's table names denote, schema included: {@code other.acct}
 * is not the migrated {@code acct}, and neither is {@code acct} after {@code USE other}. A name
 * Shunt cannot place (the session's schema unknown, or the names differ only in case, which
 * one engine folds and another does not) is a doubt, and a statement with a doubt is not
 * acted on.
 */
final class TableIdentity {
  private enum Verdict { SAME, OTHER, DOUBT }

  private final SqlSession session;
  private final List<Migration> doubtful = new ArrayList<>(1);
  private String doubt;

  TableIdentity(SqlSession session) { this.session = session; }

  /** The active migrations whose old table one of {@code tables} denotes. */
  List<Migration> matching(ShuntConfig config, List<TableRef> tables) throws SQLException {
    if (tables.isEmpty()) return List.of();
    List<Migration> out = new ArrayList<>(1);
    for (Migration m : config.activeMigrations()) {
      TableRef same = null;
      TableRef other = null;
      for (TableRef t : tables) {
        if (!m.oldTable().nameKey().equals(t.nameKey())) continue;
        Verdict v = denotes(m.oldTable(), t);
        if (v == Verdict.SAME) same = t;
        else if (v == Verdict.OTHER) other = t;
        else doubt(m, "Shunt cannot tell whether " + t + " is the migrated table " + m.oldTable());
      }
      if (same != null && other != null) {
        // the rewriters and key capture match tables by name: with both in one statement they could take one for the other
        doubt(m, "it names both the migrated table " + m.oldTable() + " and " + other + ", another table of that name");
      }
      if (same != null) out.add(m);
    }
    return out;
  }

  private void doubt(Migration m, String why) {
    if (!doubtful.contains(m)) doubtful.add(m);
    if (doubt == null) doubt = why;
  }

  /** Why a name could not be placed, or null. */
  String doubt() { return doubt; }

  List<Migration> doubtful() { return doubtful; }

  private Verdict denotes(TableRef migrated, TableRef named) throws SQLException {
    String home = session.homeSchema();
    String now = session.currentSchema();
    if (migrated.schema() == null && named.schema() == null) {
      // both unqualified: the same table unless the session has moved to another database
      return home == null || now == null ? Verdict.SAME : compare(home, now);
    }
    String want = migrated.schema() != null ? migrated.schema() : home;
    String got = named.schema() != null ? named.schema() : now;
    if (want == null || got == null) return Verdict.DOUBT;
    return compare(want, got);
  }

  private static Verdict compare(String a, String b) {
    if (a.equals(b)) return Verdict.SAME;
    return a.equalsIgnoreCase(b) ? Verdict.DOUBT : Verdict.OTHER;
  }
}
