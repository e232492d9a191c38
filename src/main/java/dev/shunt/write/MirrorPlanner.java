package dev.shunt.write;

import dev.shunt.config.Migration;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.Identifiers;
import dev.shunt.sql.dialect.Dialect;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/** Builds the {@link MirrorPlan} of one statement for one migration, from the statement's AST. */
final class MirrorPlanner {
  private MirrorPlanner() {}

  static MirrorPlan plan(Statement st, Migration m, Dialect dialect) {
    if (st instanceof Insert) return insert((Insert) st, m);
    if (st instanceof Update) return update((Update) st, m, dialect);
    if (st instanceof Delete) return delete((Delete) st, m, dialect);
    return MirrorPlan.unmirrorable("this kind of statement is not mirrored yet");
  }

  private static MirrorPlan insert(Insert ins, Migration m) {
    if (ins.isUseDuplicate() || ins.getConflictAction() != null) {
      return MirrorPlan.unmirrorable("upserts are not mirrored yet");
    }
    List<String> columns = new ArrayList<>();
    List<List<Expression>> rows = new ArrayList<>();
    if (ins.getSetUpdateSets() != null) { // MariaDB: INSERT INTO t SET a = 1, b = 2
      List<Expression> row = new ArrayList<>();
      for (UpdateSet set : ins.getSetUpdateSets()) {
        for (int i = 0; i < set.getColumns().size(); i++) {
          columns.add(set.getColumns().get(i).getColumnName());
          row.add(set.getValues().get(i));
        }
      }
      rows.add(row);
    } else {
      if (!(ins.getSelect() instanceof Values)) return MirrorPlan.unmirrorable("INSERT … SELECT is not mirrored yet");
      if (ins.getColumns() == null) return MirrorPlan.unmirrorable("INSERT without a column list");
      for (Column c : ins.getColumns()) columns.add(c.getColumnName());
      ExpressionList<?> values = ((Values) ins.getSelect()).getExpressions();
      if (values instanceof ParenthesedExpressionList) {
        rows.add(new ArrayList<>(values));
      } else {
        for (Expression row : values) {
          if (!(row instanceof ExpressionList)) return MirrorPlan.unmirrorable("unexpected VALUES shape");
          rows.add(new ArrayList<>((ExpressionList<?>) row));
        }
      }
    }
    int[] keyPositions = new int[m.oldKey().size()];
    int missing = 0;
    for (int k = 0; k < keyPositions.length; k++) {
      keyPositions[k] = indexOf(columns, m.oldKey().get(k));
      if (keyPositions[k] < 0) missing++;
    }
    if (missing == keyPositions.length && keyPositions.length == 1) return MirrorPlan.generatedKeys();
    if (missing > 0) return MirrorPlan.unmirrorable("the INSERT gives only part of the key " + m.oldKey());
    List<KeySource[]> sources = new ArrayList<>(rows.size());
    for (List<Expression> row : rows) {
      if (row.size() != columns.size()) return MirrorPlan.unmirrorable("a VALUES row does not match the column list");
      KeySource[] key = new KeySource[keyPositions.length];
      for (int k = 0; k < keyPositions.length; k++) {
        key[k] = keySource(row.get(keyPositions[k]));
        if (key[k] == null) return MirrorPlan.unmirrorable("a key value is an expression Shunt cannot evaluate");
      }
      sources.add(key);
    }
    return MirrorPlan.insertedRows(sources);
  }

  private static KeySource keySource(Expression e) {
    if (e instanceof JdbcParameter) return KeySource.parameter(((JdbcParameter) e).getIndex());
    if (e instanceof LongValue) return KeySource.constant(((LongValue) e).getValue());
    if (e instanceof StringValue) return KeySource.constant(((StringValue) e).getValue());
    if (e instanceof DoubleValue) return KeySource.constant(((DoubleValue) e).getValue());
    return null;
  }

  private static MirrorPlan update(Update u, Migration m, Dialect dialect) {
    if (u.getJoins() != null && !u.getJoins().isEmpty() || u.getStartJoins() != null && !u.getStartJoins().isEmpty()
        || u.getFromItem() != null) {
      return MirrorPlan.unmirrorable("multi-table UPDATE is not mirrored yet");
    }
    for (UpdateSet set : u.getUpdateSets()) {
      for (Column c : set.getColumns()) {
        if (indexOf(m.oldKey(), c.getColumnName()) >= 0) return MirrorPlan.unmirrorable("an UPDATE that changes the key");
      }
    }
    return MirrorPlan.preselect(preselect(u.getTable(), u.getWhere(), u.getOrderByElements(), u.getLimit(), m, dialect));
  }

  private static MirrorPlan delete(Delete d, Migration m, Dialect dialect) {
    if (d.getJoins() != null && !d.getJoins().isEmpty() || d.getTables() != null && !d.getTables().isEmpty()
        || d.getUsingList() != null && !d.getUsingList().isEmpty()) {
      return MirrorPlan.unmirrorable("multi-table DELETE is not mirrored yet");
    }
    return MirrorPlan.preselect(preselect(d.getTable(), d.getWhere(), d.getOrderByElements(), d.getLimit(), m, dialect));
  }

  /** {@code SELECT key… FROM table [alias] WHERE … ORDER BY … LIMIT … FOR UPDATE}: locks the rows the write will touch. */
  private static IndexedSql preselect(Table table, Expression where, List<OrderByElement> orderBy, Limit limit,
      Migration m, Dialect dialect) {
    String qualifier = table.getAlias() != null ? table.getAlias().getName() : table.getFullyQualifiedName();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < m.oldKey().size(); i++) {
      if (i > 0) sql.append(", ");
      sql.append(qualifier).append('.').append(dialect.quote(m.oldKey().get(i)));
    }
    sql.append(" FROM ").append(table);
    if (where != null) sql.append(" WHERE ").append(IndexedSql.indexed(where));
    String order = IndexedSql.indexedOrderBy(orderBy);
    if (!order.isEmpty()) sql.append(' ').append(order.trim());
    String lim = IndexedSql.indexedLimit(limit);
    if (!lim.isEmpty()) sql.append(' ').append(lim.trim());
    sql.append(dialect.exclusiveLock());
    return IndexedSql.of(sql.toString());
  }

  private static int indexOf(List<String> columns, String name) {
    String bare = Identifiers.splitQualified(name)[Identifiers.splitQualified(name).length - 1];
    for (int i = 0; i < columns.size(); i++) {
      String[] parts = Identifiers.splitQualified(columns.get(i));
      if (parts[parts.length - 1].equalsIgnoreCase(bare)) return i;
    }
    return -1;
  }
}
