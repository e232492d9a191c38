package dev.shunt.write;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shunt.config.Migration;
import dev.shunt.sql.SqlNormalizer;
import dev.shunt.sql.StatementInfo;
import dev.shunt.sql.dialect.Dialect;
import java.util.List;
import java.util.Objects;
import net.sf.jsqlparser.statement.Statement;

/**
 * Mirror plans by exact SQL text and migration shape. The classification cache holds the AST of
 * the normalised text; a text whose IN-list or VALUES rows were folded is parsed once more here,
 * because key capture needs its real parameter positions.
 */
public final class MirrorPlans {
  private static final MirrorPlans SHARED = new MirrorPlans();

  private final Cache<Key, MirrorPlan> plans = Caffeine.newBuilder().maximumSize(10_000).build();

  public static MirrorPlans shared() { return SHARED; }

  /** The old table's columns in table order, looked up only for an INSERT that names none. */
  @FunctionalInterface
  interface TableColumns {
    List<String> of(Migration m) throws java.sql.SQLException;
  }

  MirrorPlan plan(String sql, StatementInfo info, Migration m, Dialect dialect) {
    return plan(sql, info, m, dialect, null);
  }

  MirrorPlan plan(String sql, StatementInfo info, Migration m, Dialect dialect, TableColumns columns) {
    return plans.get(new Key(sql, m, dialect), k -> build(sql, info, m, dialect, columns));
  }

  private static MirrorPlan build(String sql, StatementInfo info, Migration m, Dialect dialect, TableColumns columns) {
    Statement ast = info.ast();
    if (columns != null && ast instanceof net.sf.jsqlparser.statement.insert.Insert
        && ((net.sf.jsqlparser.statement.insert.Insert) ast).getColumns() == null
        && ((net.sf.jsqlparser.statement.insert.Insert) ast).getSetUpdateSets() == null) {
      // INSERT INTO t VALUES (…): the values follow the table's column order; name them on a copy
      try {
        net.sf.jsqlparser.statement.insert.Insert copy = (net.sf.jsqlparser.statement.insert.Insert)
            dev.shunt.sql.SqlParsing.statement(sql);
        net.sf.jsqlparser.expression.operators.relational.ExpressionList<net.sf.jsqlparser.schema.Column> named =
            new net.sf.jsqlparser.expression.operators.relational.ExpressionList<>();
        for (String c : columns.of(m)) named.add(new net.sf.jsqlparser.schema.Column(c));
        copy.setColumns(named);
        return MirrorPlanner.plan(copy, m, dialect);
      } catch (Exception e) {
        return MirrorPlan.unmirrorable("INSERT without a column list, and the table's columns are unknown: " + dev.shunt.log.Redact.error(e, false));
      }
    }
    if (!SqlNormalizer.normalize(sql).equals(sql) || ast == null) {
      try {
        ast = dev.shunt.sql.SqlParsing.statement(sql);
      } catch (Exception e) {
        return MirrorPlan.unmirrorable("the exact text cannot be parsed"); // the parser's message quotes the text's tokens
      }
    }
    try {
      return MirrorPlanner.plan(ast, m, dialect);
    } catch (RuntimeException e) {
      return MirrorPlan.unmirrorable("cannot derive the key capture: " + e);
    }
  }

  /** The parts of a migration a plan depends on, so a reload that changes nothing relevant keeps it. */
  private static final class Key {
    final String sql;
    final String table;
    final List<String> oldKey;
    final Dialect dialect;

    Key(String sql, Migration m, Dialect dialect) {
      this.sql = sql;
      this.table = m.oldTable().toString();
      this.oldKey = m.oldKey();
      this.dialect = dialect;
    }

    @Override public boolean equals(Object o) {
      if (!(o instanceof Key)) return false;
      Key k = (Key) o;
      return sql.equals(k.sql) && table.equals(k.table) && oldKey.equals(k.oldKey) && dialect == k.dialect;
    }

    @Override public int hashCode() { return Objects.hash(sql, table, oldKey, dialect); }
  }
}
