package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.Identifiers;
import dev.shunt.sql.dialect.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Turns an application's old-shaped write into the same write on the new table (phases
 * {@code new-primary} and {@code new-only}, SPEC section 5): every old column in a predicate
 * becomes its {@code reverse} expression over new columns, and every new column whose
 * {@code columns} expression reads an assigned old column is assigned that expression, evaluated
 * over the assigned values and the row's other columns. Parameters keep their application
 * indexes ({@code ?N}).
 */
final class NewShapeRewriter {
  private final Migration m;
  private final Dialect d;
  private final Map<String, Expression> columns = new LinkedHashMap<>();
  private final Map<String, Set<String>> reads = new LinkedHashMap<>();

  private final boolean sameDatabase;

  NewShapeRewriter(Migration m, Dialect d, boolean sameDatabase) {
    this.m = m;
    this.d = d;
    this.sameDatabase = sameDatabase;
    for (Map.Entry<String, String> e : m.columns().entrySet()) {
      Expression expr = parse(e.getValue());
      columns.put(e.getKey(), expr);
      Set<String> refs = new LinkedHashSet<>();
      IndexedSql.indexed(expr, c -> {
        refs.add(key(c.getColumnName()));
        return null;
      });
      reads.put(e.getKey(), refs);
    }
  }

  /** The statement for the new table, or an exception whose message says why it cannot be written. */
  IndexedSql rewrite(Statement st) {
    if (st instanceof Insert) return insert((Insert) st);
    if (st instanceof Update) return update((Update) st);
    if (st instanceof Delete) return delete((Delete) st);
    throw new IllegalArgumentException("this kind of statement cannot be written to the new table yet");
  }

  private IndexedSql insert(Insert ins) {
    if (ins.isUseDuplicate() || ins.getConflictAction() != null || ins.getSetUpdateSets() != null) {
      throw new IllegalArgumentException("this INSERT form cannot be written to the new table yet");
    }
    if (ins.getColumns() == null) throw new IllegalArgumentException("an INSERT without a column list");
    List<String> given = new ArrayList<>();
    for (Column c : ins.getColumns()) given.add(key(c.getColumnName()));
    if (!(ins.getSelect() instanceof net.sf.jsqlparser.statement.select.Values)) return insertSelect(ins, given);
    List<List<Expression>> rows = rows((net.sf.jsqlparser.statement.select.Values) ins.getSelect());
    List<List<String>> cells = new ArrayList<>();
    for (List<Expression> row : rows) {
      if (row.size() != given.size()) throw new IllegalArgumentException("a VALUES row does not match the column list");
      List<String> texts = new ArrayList<>(row.size());
      for (Expression e : row) texts.add(IndexedSql.indexed(e));
      cells.add(texts);
    }
    return fromSource(given, d.derivedRows(given, cells, "shunt_src", sameDatabase ? d.quote(m.oldTable()) : null));
  }

  /**
   * INSERT … SELECT in one database: the application's SELECT becomes the source, its items named
   * after the insert's columns. Across databases its tables are not where the new table is.
   */
  private IndexedSql insertSelect(Insert ins, List<String> given) {
    if (!sameDatabase) throw new IllegalArgumentException("INSERT … SELECT reads tables the new database does not have");
    if (!(ins.getSelect() instanceof net.sf.jsqlparser.statement.select.PlainSelect)) {
      throw new IllegalArgumentException("INSERT … SELECT over a set operation");
    }
    net.sf.jsqlparser.statement.select.PlainSelect copy;
    try {
      copy = (net.sf.jsqlparser.statement.select.PlainSelect) CCJSqlParserUtil.newParser(
          IndexedSql.indexedSelect(ins.getSelect())).withAllowComplexParsing(true).Statement();
    } catch (Exception e) {
      throw new IllegalArgumentException("cannot copy the SELECT: " + e.getMessage(), e);
    }
    if (copy.getSelectItems().size() != given.size()) throw new IllegalArgumentException("the SELECT does not match the column list");
    for (int i = 0; i < given.size(); i++) {
      copy.getSelectItems().get(i).setAlias(new net.sf.jsqlparser.expression.Alias(d.quote(given.get(i)), true));
    }
    return fromSource(given, "(" + IndexedSql.indexedSelect(copy) + ") shunt_src");
  }

  /** INSERT INTO new (derived columns) SELECT transforms FROM {@code source}, old-shaped rows named shunt_src. */
  private IndexedSql fromSource(List<String> given, String source) {
    StringBuilder cols = new StringBuilder();
    StringBuilder exprs = new StringBuilder();
    for (Map.Entry<String, Expression> e : columns.entrySet()) {
      if (!given.containsAll(reads.get(e.getKey()))) continue; // left to the new table's default
      if (cols.length() > 0) {
        cols.append(", ");
        exprs.append(", ");
      }
      cols.append(d.quote(e.getKey()));
      exprs.append('(').append(IndexedSql.indexed(e.getValue(), c -> "shunt_src." + d.quote(c.getColumnName()))).append(')');
    }
    return IndexedSql.of("INSERT INTO " + d.quote(m.newTable()) + " (" + cols + ") SELECT " + exprs + " FROM " + source);
  }

  private IndexedSql update(Update u) {
    if (u.getJoins() != null && !u.getJoins().isEmpty() || u.getFromItem() != null
        || u.getStartJoins() != null && !u.getStartJoins().isEmpty()) {
      throw new IllegalArgumentException("multi-table UPDATE cannot be written to the new table");
    }
    Function<Column, String> toNew = toNew(u.getTable());
    Map<String, String> assigned = new LinkedHashMap<>();
    for (UpdateSet set : u.getUpdateSets()) {
      for (int i = 0; i < set.getColumns().size(); i++) {
        String name = key(set.getColumns().get(i).getColumnName());
        if (m.oldKey().stream().anyMatch(k -> key(k).equals(name))) throw new IllegalArgumentException("an UPDATE that changes the key");
        assigned.put(name, "(" + IndexedSql.indexed(set.getValues().get(i), toNew) + ")");
      }
    }
    StringBuilder sets = new StringBuilder();
    for (Map.Entry<String, Expression> e : columns.entrySet()) {
      Set<String> refs = reads.get(e.getKey());
      if (refs.stream().noneMatch(assigned::containsKey)) continue;
      if (sets.length() > 0) sets.append(", ");
      sets.append(d.quote(e.getKey())).append(" = (").append(IndexedSql.indexed(e.getValue(), c -> {
        String a = assigned.get(key(c.getColumnName()));
        return a != null ? a : toNew.apply(c);
      })).append(')');
    }
    if (sets.length() == 0) throw new IllegalArgumentException("the UPDATE assigns no column the new table derives");
    StringBuilder sql = new StringBuilder("UPDATE ").append(d.quote(m.newTable())).append(alias(u.getTable())).append(" SET ").append(sets);
    tail(sql, u.getWhere(), u.getOrderByElements(), u.getLimit(), toNew);
    return IndexedSql.of(sql.toString());
  }

  private IndexedSql delete(Delete del) {
    if (del.getJoins() != null && !del.getJoins().isEmpty() || del.getTables() != null && !del.getTables().isEmpty()
        || del.getUsingList() != null && !del.getUsingList().isEmpty()) {
      throw new IllegalArgumentException("multi-table DELETE cannot be written to the new table");
    }
    Table t = del.getTable();
    StringBuilder sql = new StringBuilder();
    if (t.getAlias() != null && d == Dialect.MARIADB) {
      sql.append("DELETE ").append(t.getAlias().getName()).append(" FROM ").append(d.quote(m.newTable())).append(alias(t));
    } else {
      sql.append("DELETE FROM ").append(d.quote(m.newTable())).append(alias(t));
    }
    tail(sql, del.getWhere(), del.getOrderByElements(), del.getLimit(), toNew(t));
    return IndexedSql.of(sql.toString());
  }

  private static void tail(StringBuilder sql, Expression where, List<net.sf.jsqlparser.statement.select.OrderByElement> orderBy,
      net.sf.jsqlparser.statement.select.Limit limit, Function<Column, String> toNew) {
    if (where != null) sql.append(" WHERE ").append(IndexedSql.indexed(where, toNew));
    String order = IndexedSql.indexedOrderBy(orderBy, toNew);
    if (!order.isEmpty()) sql.append(' ').append(order.trim());
    String lim = IndexedSql.indexedLimit(limit);
    if (!lim.isEmpty()) sql.append(' ').append(lim.trim());
  }

  /** Old column of the migrated table → its reverse expression; other columns stay as written. */
  private Function<Column, String> toNew(Table table) {
    String alias = table.getAlias() == null ? null : key(table.getAlias().getName());
    String name = key(table.getName());
    return c -> {
      Table q = c.getTable();
      if (q != null && q.getName() != null) {
        String qualifier = key(q.getName());
        if (!qualifier.equals(name) && !qualifier.equals(alias)) return null; // another table's column
      }
      String reverse = lookup(m.reverse(), c.getColumnName());
      if (reverse == null) throw new IllegalArgumentException("old column " + c.getColumnName() + " has no 'reverse' expression");
      return "(" + reverse + ")";
    };
  }

  private static String alias(Table t) {
    return t.getAlias() == null ? "" : " " + t.getAlias().getName();
  }

  private static String lookup(Map<String, String> map, String column) {
    String k = key(column);
    for (Map.Entry<String, String> e : map.entrySet()) if (key(e.getKey()).equals(k)) return e.getValue();
    return null;
  }

  private static List<List<Expression>> rows(net.sf.jsqlparser.statement.select.Values v) {
    List<List<Expression>> rows = new ArrayList<>();
    net.sf.jsqlparser.expression.operators.relational.ExpressionList<?> values = v.getExpressions();
    if (values instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList) {
      rows.add(new ArrayList<>(values));
      return rows;
    }
    for (Expression row : values) {
      if (!(row instanceof net.sf.jsqlparser.expression.operators.relational.ExpressionList)) {
        throw new IllegalArgumentException("unexpected VALUES shape");
      }
      rows.add(new ArrayList<>((net.sf.jsqlparser.expression.operators.relational.ExpressionList<?>) row));
    }
    return rows;
  }

  private static String key(String identifier) {
    String[] parts = Identifiers.splitQualified(identifier);
    return parts[parts.length - 1].toLowerCase(Locale.ROOT);
  }

  private static Expression parse(String expression) {
    try {
      return CCJSqlParserUtil.parseExpression(expression, false);
    } catch (Exception e) {
      throw new IllegalStateException("a validated transform no longer parses: " + expression, e);
    }
  }
}
