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
 * {@code new-primary} and {@code new-only}): every old column in a predicate
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

  private final List<List<String>> newUniques; // the new table's unique indexes, null when unknown
  private boolean countsConflictsTwice; // set by rewrite(): see countsConflictsTwice()

  NewShapeRewriter(Migration m, Dialect d, boolean sameDatabase) {
    this(m, d, sameDatabase, null);
  }

  NewShapeRewriter(Migration m, Dialect d, boolean sameDatabase, List<List<String>> newUniques) {
    this.m = m;
    this.d = d;
    this.sameDatabase = sameDatabase;
    this.newUniques = newUniques;
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

  /**
   * True when the last rewrite turned a MariaDB ON DUPLICATE KEY UPDATE or REPLACE into a
   * PostgreSQL ON CONFLICT: MariaDB counts every row it updated or replaced twice (and a row left
   * as it was once), PostgreSQL's rewritten statement counts inserted and changed rows once, so
   * the application's count is PostgreSQL's plus the number of rows that conflicted.
   */
  boolean countsConflictsTwice() { return countsConflictsTwice; }

  /** The statement for the new table, or an exception whose message says why it cannot be written. */
  IndexedSql rewrite(Statement st) {
    if (st instanceof Insert) return insert((Insert) st);
    if (st instanceof Update) return update((Update) st);
    if (st instanceof Delete) return delete((Delete) st);
    if (st instanceof net.sf.jsqlparser.statement.upsert.Upsert) return replace((net.sf.jsqlparser.statement.upsert.Upsert) st);
    if (st instanceof net.sf.jsqlparser.statement.merge.Merge) return merge((net.sf.jsqlparser.statement.merge.Merge) st);
    throw new IllegalArgumentException("this kind of statement cannot be written to the new table yet");
  }

  private IndexedSql insert(Insert ins) {
    boolean upsert = ins.isUseDuplicate() || ins.getConflictAction() != null || ins.isModifierIgnore();
    if (ins.getReturningClause() != null && upsert) throw new IllegalArgumentException("an upsert … RETURNING");
    List<String> given = new ArrayList<>();
    List<List<Expression>> rows;
    if (ins.getSetUpdateSets() != null) {
      List<Expression> row = new ArrayList<>();
      for (UpdateSet set : ins.getSetUpdateSets()) {
        for (int i = 0; i < set.getColumns().size(); i++) {
          given.add(key(set.getColumns().get(i).getColumnName()));
          row.add(set.getValues().get(i));
        }
      }
      rows = List.of(row);
    } else {
      if (ins.getColumns() == null) throw new IllegalArgumentException("an INSERT without a column list");
      for (Column c : ins.getColumns()) given.add(key(c.getColumnName()));
      if (!(ins.getSelect() instanceof net.sf.jsqlparser.statement.select.Values)) {
        if (upsert) throw new IllegalArgumentException("an upsert whose rows come from a SELECT cannot be written to the new table yet");
        return insertSelect(ins, given);
      }
      rows = rows((net.sf.jsqlparser.statement.select.Values) ins.getSelect());
    }
    if (upsert) return upsert(ins, given, rows);
    List<List<String>> cells = new ArrayList<>();
    for (List<Expression> row : rows) {
      if (row.size() != given.size()) throw new IllegalArgumentException("a VALUES row does not match the column list");
      List<String> texts = new ArrayList<>(row.size());
      for (Expression e : row) texts.add(IndexedSql.indexed(e));
      cells.add(texts);
    }
    IndexedSql plain = fromSource(given, d.derivedRows(given, cells, "shunt_src", sameDatabase ? d.quote(m.oldTable()) : null));
    return ins.getReturningClause() == null ? plain : plain.append(returning(ins));
  }

  /**
   * {@code RETURNING} of old columns, restated over the new row: each old column as its
   * {@code reverse} expression, under its old name, so the application reads what it asked for.
   */
  private String returning(Insert ins) {
    StringBuilder sb = new StringBuilder(" RETURNING ");
    boolean first = true;
    for (net.sf.jsqlparser.statement.select.SelectItem<?> item : ins.getReturningClause()) {
      if (!(item.getExpression() instanceof Column)) throw new IllegalArgumentException("RETURNING of something other than columns");
      String old = ((Column) item.getExpression()).getColumnName();
      String label = item.getAlias() != null ? item.getAlias().getName() : d.quote(unquoted(old));
      sb.append(first ? "" : ", ").append(reverseOver(old, d::quote)).append(" AS ").append(label);
      first = false;
    }
    return sb.toString();
  }

  private static String unquoted(String identifier) {
    String[] parts = dev.shunt.sql.Identifiers.splitQualified(identifier);
    return parts[parts.length - 1];
  }


  // ---- upserts: INSERT … ON DUPLICATE KEY UPDATE / ON CONFLICT / IGNORE, REPLACE, MERGE ----

  /**
   * An upsert becomes an INSERT … VALUES on the new table whose values are the {@code columns}
   * transforms evaluated over each row's values, so that key capture sees the new table's unique
   * columns as plain values; the conflict clause is rewritten for the new columns.
   */
  private IndexedSql upsert(Insert ins, List<String> given, List<List<Expression>> rows) {
    String verb = "INSERT";
    String clause = "";
    Function<Column, String> existing = existingRow(ins.getTable());
    if (ins.isUseDuplicate()) {
      Map<String, String> sets = assignments(ins.getDuplicateUpdateSets(), existing);
      if (d == Dialect.MARIADB) {
        clause = " ON DUPLICATE KEY UPDATE " + render(sets);
      } else if (d == Dialect.POSTGRESQL) {
        // unchanged rows are left alone, so PostgreSQL counts inserted and changed rows
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (Map.Entry<String, String> e : sets.entrySet()) {
          before.append(before.length() > 0 ? ", " : "").append(d.quote(m.newTable().name())).append('.').append(d.quote(e.getKey()));
          after.append(after.length() > 0 ? ", " : "").append(e.getValue());
        }
        clause = " ON CONFLICT" + onlyUniqueIndex("ON DUPLICATE KEY UPDATE") + " DO UPDATE SET " + render(sets)
            + " WHERE ROW(" + before + ") IS DISTINCT FROM ROW(" + after + ")";
        countsConflictsTwice = true;
      } else {
        throw new IllegalArgumentException("ON DUPLICATE KEY UPDATE has no equivalent on " + d.name());
      }
    } else if (ins.getConflictAction() != null) {
      net.sf.jsqlparser.statement.insert.InsertConflictAction action = ins.getConflictAction();
      boolean nothing = action.getConflictActionType() == net.sf.jsqlparser.statement.insert.ConflictActionType.DO_NOTHING;
      if (d == Dialect.POSTGRESQL) {
        StringBuilder c = new StringBuilder(" ON CONFLICT").append(conflictTarget(ins.getConflictTarget()));
        if (nothing) {
          c.append(" DO NOTHING");
        } else {
          c.append(" DO UPDATE SET ").append(render(assignments(action.getUpdateSets(), existing)));
          if (action.getWhereExpression() != null) {
            c.append(" WHERE ").append(IndexedSql.indexed(action.getWhereExpression(), upsertColumn(existing), insertedFunction()));
          }
        }
        clause = c.toString();
      } else if (nothing && ins.getConflictTarget() == null && d == Dialect.MARIADB) {
        verb = "INSERT IGNORE";
      } else {
        throw new IllegalArgumentException("ON CONFLICT names one index, which " + d.name() + " cannot express");
      }
    }
    if (ins.isModifierIgnore()) {
      if (!clause.isEmpty() && d != Dialect.MARIADB) throw new IllegalArgumentException("INSERT IGNORE … ON DUPLICATE KEY UPDATE on " + d.name());
      if (d == Dialect.MARIADB) verb = "INSERT IGNORE";
      else if (d == Dialect.POSTGRESQL) clause = " ON CONFLICT DO NOTHING";
      else throw new IllegalArgumentException("INSERT IGNORE has no equivalent on " + d.name());
    }
    return IndexedSql.of(valuesInto(verb, given, rows) + clause);
  }

  /** MariaDB REPLACE (VALUES or SET form) on the new table. */
  private IndexedSql replace(net.sf.jsqlparser.statement.upsert.Upsert up) {
    net.sf.jsqlparser.statement.upsert.UpsertType type = up.getUpsertType();
    if (type != net.sf.jsqlparser.statement.upsert.UpsertType.REPLACE && type != net.sf.jsqlparser.statement.upsert.UpsertType.REPLACE_SET) {
      throw new IllegalArgumentException("this kind of statement cannot be written to the new table yet");
    }
    if (d != Dialect.MARIADB && d != Dialect.POSTGRESQL) throw new IllegalArgumentException("REPLACE has no equivalent on " + d.name());
    List<String> given = new ArrayList<>();
    List<List<Expression>> rows;
    if (up.getUpdateSets() != null && !up.getUpdateSets().isEmpty()) {
      List<Expression> row = new ArrayList<>();
      for (UpdateSet set : up.getUpdateSets()) {
        for (int i = 0; i < set.getColumns().size(); i++) {
          given.add(key(set.getColumns().get(i).getColumnName()));
          row.add(set.getValues().get(i));
        }
      }
      rows = List.of(row);
    } else {
      if (up.getColumns() == null) throw new IllegalArgumentException("a REPLACE without a column list");
      if (!(up.getSelect() instanceof net.sf.jsqlparser.statement.select.Values)) {
        throw new IllegalArgumentException("a REPLACE whose rows come from a SELECT cannot be written to the new table yet");
      }
      for (Column c : up.getColumns()) given.add(key(c.getColumnName()));
      rows = rows((net.sf.jsqlparser.statement.select.Values) up.getSelect());
    }
    if (d == Dialect.MARIADB) return IndexedSql.of(valuesInto("REPLACE", given, rows));
    // one unique index: replacing the conflicting row is updating every other column to the
    // proposed row's value, defaults included
    String target = onlyUniqueIndex("REPLACE");
    StringBuilder sets = new StringBuilder();
    for (String column : columns.keySet()) {
      if (UniqueIndexes.indexOf(newUniques.get(0), column) >= 0) continue;
      sets.append(sets.length() > 0 ? ", " : "").append(d.quote(column)).append(" = EXCLUDED.").append(d.quote(column));
    }
    countsConflictsTwice = true;
    return IndexedSql.of(valuesInto("INSERT", given, rows) + " ON CONFLICT" + target
        + (sets.length() == 0 ? " DO NOTHING" : " DO UPDATE SET " + sets));
  }

  /**
   * The conflict target for a MariaDB form that fires on any unique index: only expressible when
   * the new table has exactly one.
   */
  private String onlyUniqueIndex(String form) {
    if (newUniques == null || newUniques.size() != 1) {
      throw new IllegalArgumentException(form + " fires on any unique index, and one " + d.name()
          + " ON CONFLICT target can only stand for it when the new table has exactly one unique index");
    }
    StringBuilder out = new StringBuilder(" (");
    for (int i = 0; i < newUniques.get(0).size(); i++) out.append(i > 0 ? ", " : "").append(d.quote(newUniques.get(0).get(i)));
    return out.append(')').toString();
  }

  private String render(Map<String, String> sets) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : sets.entrySet()) {
      out.append(out.length() > 0 ? ", " : "").append(d.quote(e.getKey())).append(" = ").append(e.getValue());
    }
    return out.toString();
  }

  /**
   * {@code <verb> INTO new (derived columns) VALUES (transforms over each row's values), …}. A value
   * that a non-deterministic function computes may feed only one new column: evaluated twice it
   * would differ.
   */
  private String valuesInto(String verb, List<String> given, List<List<Expression>> rows) {
    List<String> targets = new ArrayList<>();
    Map<String, Integer> uses = new LinkedHashMap<>();
    for (Map.Entry<String, Expression> e : columns.entrySet()) {
      if (!given.containsAll(reads.get(e.getKey()))) continue; // left to the new table's default
      targets.add(e.getKey());
      IndexedSql.indexed(e.getValue(), c -> {
        uses.merge(key(c.getColumnName()), 1, Integer::sum);
        return null;
      });
    }
    if (targets.isEmpty()) throw new IllegalArgumentException("the INSERT gives no column the new table derives");
    StringBuilder sql = new StringBuilder(verb).append(" INTO ").append(d.quote(m.newTable())).append(" (");
    for (int i = 0; i < targets.size(); i++) sql.append(i > 0 ? ", " : "").append(d.quote(targets.get(i)));
    sql.append(") VALUES ");
    for (int r = 0; r < rows.size(); r++) {
      List<Expression> row = rows.get(r);
      if (row.size() != given.size()) throw new IllegalArgumentException("a VALUES row does not match the column list");
      for (int i = 0; i < given.size(); i++) {
        if (uses.getOrDefault(given.get(i), 0) > 1 && !MirrorPlanner.evaluableTwice(row.get(i))) {
          throw new IllegalArgumentException("a value of column " + given.get(i)
              + " comes from a non-deterministic function and feeds several new columns");
        }
      }
      sql.append(r > 0 ? ", (" : "(");
      for (int t = 0; t < targets.size(); t++) {
        if (t > 0) sql.append(", ");
        Expression transform = columns.get(targets.get(t));
        if (transform instanceof Column) {
          sql.append(IndexedSql.indexed(row.get(given.indexOf(key(((Column) transform).getColumnName())))));
        } else {
          sql.append('(').append(IndexedSql.indexed(transform,
              c -> "(" + IndexedSql.indexed(row.get(given.indexOf(key(c.getColumnName())))) + ")")).append(')');
        }
      }
      sql.append(')');
    }
    return sql.toString();
  }

  /** PostgreSQL's conflict target, its old columns replaced by the one new column each is copied to. */
  private String conflictTarget(net.sf.jsqlparser.statement.insert.InsertConflictTarget target) {
    if (target == null) return "";
    if (target.getConstraintName() != null) {
      throw new IllegalArgumentException("ON CONFLICT ON CONSTRAINT names a constraint of the old table");
    }
    if (target.getIndexExpression() != null || target.getWhereExpression() != null) {
      throw new IllegalArgumentException("an ON CONFLICT target with an expression or a predicate");
    }
    StringBuilder out = new StringBuilder(" (");
    List<String> names = target.getIndexColumnNames();
    for (int i = 0; i < names.size(); i++) {
      String old = key(names.get(i));
      String found = null;
      for (Map.Entry<String, Set<String>> e : reads.entrySet()) {
        if (e.getValue().size() == 1 && e.getValue().contains(old)) {
          if (found != null) throw new IllegalArgumentException("conflict column " + old + " is copied to several new columns");
          found = e.getKey();
        }
      }
      if (found == null) throw new IllegalArgumentException("conflict column " + old + " is copied to no new column of its own");
      out.append(i > 0 ? ", " : "").append(d.quote(found));
    }
    return out.append(')').toString();
  }

  /**
   * An upsert's assignments to old columns, as assignments to every new column whose transform
   * reads one of them: the transform over the assigned values and the existing row's other
   * columns (through {@code reverse}).
   */
  private Map<String, String> assignments(List<UpdateSet> sets, Function<Column, String> existing) {
    Function<Column, String> column = upsertColumn(existing);
    Map<String, String> assigned = new LinkedHashMap<>();
    for (UpdateSet set : sets) {
      for (int i = 0; i < set.getColumns().size(); i++) {
        String name = key(set.getColumns().get(i).getColumnName());
        if (m.oldKey().stream().anyMatch(k -> key(k).equals(name))) throw new IllegalArgumentException("an upsert that changes the key");
        assigned.put(name, "(" + IndexedSql.indexed(set.getValues().get(i), column, insertedFunction()) + ")");
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Expression> e : columns.entrySet()) {
      if (reads.get(e.getKey()).stream().noneMatch(assigned::containsKey)) continue;
      out.put(e.getKey(), "(" + IndexedSql.indexed(e.getValue(), c -> {
        String a = assigned.get(key(c.getColumnName()));
        return a != null ? a : existing.apply(c);
      }) + ")");
    }
    if (out.isEmpty()) throw new IllegalArgumentException("the upsert assigns no column the new table derives");
    return out;
  }

  /** In an upsert's assignments: EXCLUDED.c is the inserted value, any other column the existing row's. */
  private Function<Column, String> upsertColumn(Function<Column, String> existing) {
    return c -> {
      Table q = c.getTable();
      if (q != null && q.getName() != null && q.getName().equalsIgnoreCase("excluded")) return insertedValue().apply(c.getColumnName());
      return existing.apply(c);
    };
  }

  /** MariaDB's VALUES(c) in an upsert: the inserted value of old column c. */
  private Function<net.sf.jsqlparser.expression.Function, String> insertedFunction() {
    return f -> {
      if (!"VALUES".equalsIgnoreCase(f.getName()) || f.getParameters() == null || f.getParameters().size() != 1
          || !(f.getParameters().get(0) instanceof Column)) {
        return null;
      }
      return insertedValue().apply(((Column) f.getParameters().get(0)).getColumnName());
    };
  }

  /** The inserted value of an old column: its reverse over the new row's inserted values. */
  private Function<String, String> insertedValue() {
    return old -> reverseOver(old, n -> d == Dialect.MARIADB ? "VALUES(" + d.quote(n) + ")" : "EXCLUDED." + d.quote(n));
  }

  /** The existing row's old column: its reverse over the new table's columns, qualified by the table. */
  private Function<Column, String> existingRow(Table app) {
    String alias = app.getAlias() == null ? null : key(app.getAlias().getName());
    String name = key(app.getName());
    String qualifier = d.quote(m.newTable().name());
    return c -> {
      Table q = c.getTable();
      if (q != null && q.getName() != null) {
        String given = key(q.getName());
        if (!given.equals(name) && !given.equals(alias)) throw new IllegalArgumentException("a column of another table in an upsert");
      }
      return reverseOver(c.getColumnName(), n -> qualifier + "." + d.quote(n));
    };
  }

  /** {@code (reverse expression of old column)} with each new column reference written by {@code newColumn}. */
  private String reverseOver(String oldColumn, Function<String, String> newColumn) {
    String reverse = lookup(m.reverse(), oldColumn);
    if (reverse == null) throw new IllegalArgumentException("old column " + oldColumn + " has no 'reverse' expression");
    return "(" + IndexedSql.indexed(parse(reverse), c -> newColumn.apply(c.getColumnName())) + ")";
  }

  /**
   * MERGE in one database: the target becomes the new table under the application's alias (or
   * {@code shunt_t}); the target's old columns become their reverse expressions, the UPDATE
   * branch assigns the derived new columns, the INSERT branch inserts the transforms.
   */
  private IndexedSql merge(net.sf.jsqlparser.statement.merge.Merge mg) {
    if (!sameDatabase) throw new IllegalArgumentException("MERGE reads tables the new database does not have");
    if (mg.getWithItemsList() != null && !mg.getWithItemsList().isEmpty()) throw new IllegalArgumentException("a MERGE with a WITH clause");
    if (mg.getOutputClause() != null) throw new IllegalArgumentException("a MERGE with an OUTPUT clause");
    Table t = mg.getTable();
    String alias = t.getAlias() != null ? t.getAlias().getName() : "shunt_t";
    String appAlias = t.getAlias() == null ? null : key(t.getAlias().getName());
    String name = key(t.getName());
    Function<Column, String> col = c -> {
      Table q = c.getTable();
      if (q != null && q.getName() != null) {
        String given = key(q.getName());
        if (!given.equals(name) && !given.equals(appAlias)) return null; // the source's column
      } else if (lookup(m.reverse(), c.getColumnName()) == null) {
        return null; // unqualified, and not an old column: the source's
      }
      return reverseOver(c.getColumnName(), n -> alias + "." + d.quote(n));
    };
    StringBuilder sql = new StringBuilder("MERGE INTO ").append(d.quote(m.newTable())).append(' ').append(alias).append(" USING ");
    net.sf.jsqlparser.statement.select.FromItem from = mg.getFromItem();
    if (from instanceof Table) {
      sql.append(from);
    } else if (from instanceof net.sf.jsqlparser.statement.select.ParenthesedSelect) {
      net.sf.jsqlparser.statement.select.ParenthesedSelect ps = (net.sf.jsqlparser.statement.select.ParenthesedSelect) from;
      sql.append('(').append(IndexedSql.indexedSelect(ps.getSelect())).append(')');
      if (ps.getAlias() != null) sql.append(' ').append(ps.getAlias());
    } else {
      throw new IllegalArgumentException("a MERGE whose source is neither a table nor a subquery");
    }
    sql.append(" ON ").append(IndexedSql.indexed(mg.getOnCondition(), col));
    for (net.sf.jsqlparser.statement.merge.MergeOperation op : mg.getOperations()) {
      if (op instanceof net.sf.jsqlparser.statement.merge.MergeUpdate) {
        net.sf.jsqlparser.statement.merge.MergeUpdate u = (net.sf.jsqlparser.statement.merge.MergeUpdate) op;
        if (u.getWhereCondition() != null || u.getDeleteWhereCondition() != null) throw new IllegalArgumentException("an Oracle-style MERGE update");
        sql.append(" WHEN MATCHED");
        if (u.getAndPredicate() != null) sql.append(" AND ").append(IndexedSql.indexed(u.getAndPredicate(), col));
        Map<String, String> assigned = new LinkedHashMap<>();
        for (UpdateSet set : u.getUpdateSets()) {
          for (int i = 0; i < set.getColumns().size(); i++) {
            String a = key(set.getColumns().get(i).getColumnName());
            if (m.oldKey().stream().anyMatch(k -> key(k).equals(a))) throw new IllegalArgumentException("a MERGE whose update changes the key");
            assigned.put(a, "(" + IndexedSql.indexed(set.getValues().get(i), col) + ")");
          }
        }
        StringBuilder sets = new StringBuilder();
        for (Map.Entry<String, Expression> e : columns.entrySet()) {
          if (reads.get(e.getKey()).stream().noneMatch(assigned::containsKey)) continue;
          if (sets.length() > 0) sets.append(", ");
          sets.append(d.quote(e.getKey())).append(" = (").append(IndexedSql.indexed(e.getValue(), c -> {
            String a = assigned.get(key(c.getColumnName()));
            return a != null ? a : reverseOver(c.getColumnName(), n -> alias + "." + d.quote(n));
          })).append(')');
        }
        if (sets.length() == 0) throw new IllegalArgumentException("the MERGE update assigns no column the new table derives");
        sql.append(" THEN UPDATE SET ").append(sets);
      } else if (op instanceof net.sf.jsqlparser.statement.merge.MergeDelete) {
        net.sf.jsqlparser.statement.merge.MergeDelete del = (net.sf.jsqlparser.statement.merge.MergeDelete) op;
        sql.append(" WHEN MATCHED");
        if (del.getAndPredicate() != null) sql.append(" AND ").append(IndexedSql.indexed(del.getAndPredicate(), col));
        sql.append(" THEN DELETE");
      } else if (op instanceof net.sf.jsqlparser.statement.merge.MergeInsert) {
        net.sf.jsqlparser.statement.merge.MergeInsert ins = (net.sf.jsqlparser.statement.merge.MergeInsert) op;
        if (ins.getWhereCondition() != null) throw new IllegalArgumentException("an Oracle-style MERGE insert");
        if (ins.getColumns() == null) throw new IllegalArgumentException("a MERGE insert without a column list");
        List<String> given = new ArrayList<>();
        for (Column c : ins.getColumns()) given.add(key(c.getColumnName()));
        String values = valuesInto("INSERT", given, List.of(new ArrayList<>(ins.getValues())));
        sql.append(" WHEN NOT MATCHED");
        if (ins.getAndPredicate() != null) sql.append(" AND ").append(IndexedSql.indexed(ins.getAndPredicate(), col));
        // "INSERT INTO new (…) VALUES (…)" → "THEN INSERT (…) VALUES (…)"
        sql.append(" THEN INSERT").append(values.substring(values.indexOf(" (")));
      } else {
        throw new IllegalArgumentException("a MERGE branch Shunt does not know");
      }
    }
    return IndexedSql.of(sql.toString());
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
      copy = (net.sf.jsqlparser.statement.select.PlainSelect) dev.shunt.sql.SqlParsing.statement(
          IndexedSql.indexedSelect(ins.getSelect()));
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
    List<Expression> parts = new ArrayList<>();
    if (u.getWhere() != null) parts.add(u.getWhere());
    for (UpdateSet set : u.getUpdateSets()) parts.addAll(set.getValues());
    Function<Column, String> toNew = outsideSubqueries(u.getTable(), parts, toNew(u.getTable()));
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
    if (!MirrorPlanner.singleTable(del)) {
      throw new IllegalArgumentException("multi-table DELETE cannot be written to the new table");
    }
    Table t = del.getTable();
    StringBuilder sql = new StringBuilder();
    if (t.getAlias() != null && d == Dialect.MARIADB) {
      sql.append("DELETE ").append(t.getAlias().getName()).append(" FROM ").append(d.quote(m.newTable())).append(alias(t));
    } else {
      sql.append("DELETE FROM ").append(d.quote(m.newTable())).append(alias(t));
    }
    List<Expression> parts = del.getWhere() == null ? List.of() : List.of(del.getWhere());
    tail(sql, del.getWhere(), del.getOrderByElements(), del.getLimit(), outsideSubqueries(t, parts, toNew(t)));
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

  /**
   * {@code toNew} for the statement's own columns; the columns of a subquery over other tables stay
   * as written. A subquery that reads the migrated table, reads tables the new database lacks,
   * refers to the written table (correlated) or names a column the migrated table also has (it
   * could be either) is refused: Shunt does not guess which table a name belongs to.
   */
  private Function<Column, String> outsideSubqueries(Table target, List<Expression> parts, Function<Column, String> toNew) {
    Set<Column> inner = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<String> innerTables = new ArrayList<>();
    for (Expression e : parts) {
      new net.sf.jsqlparser.util.TablesNamesFinder<Void>() {
        private int depth;

        @Override public <S> Void visit(net.sf.jsqlparser.statement.select.PlainSelect select, S context) {
          depth++;
          try {
            return super.visit(select, context);
          } finally {
            depth--;
          }
        }

        @Override public <S> Void visit(Column column, S context) {
          if (depth > 0) inner.add(column);
          return super.visit(column, context);
        }

        @Override public <S> Void visit(Table table, S context) {
          if (depth > 0 && table.getName() != null) innerTables.add(table.getFullyQualifiedName());
          return super.visit(table, context);
        }
      }.getTables(e);
    }
    if (inner.isEmpty() && innerTables.isEmpty()) return toNew;
    for (String t : innerTables) {
      if (m.oldTable().matches(dev.shunt.sql.TableRef.parse(t))) {
        throw new IllegalArgumentException("a subquery reads the migrated table itself");
      }
    }
    if (!sameDatabase) throw new IllegalArgumentException("a subquery reads " + innerTables.get(0) + ", which the new database does not have");
    String alias = target.getAlias() == null ? null : key(target.getAlias().getName());
    String name = key(target.getName());
    for (Column c : inner) {
      Table q = c.getTable();
      if (q != null && q.getName() != null) {
        String qualifier = key(q.getName());
        if (qualifier.equals(name) || qualifier.equals(alias)) throw new IllegalArgumentException("a correlated subquery");
      } else if (lookup(m.reverse(), c.getColumnName()) != null) {
        throw new IllegalArgumentException("column " + c.getColumnName() + " of a subquery could be the migrated table's");
      }
    }
    return c -> inner.contains(c) ? null : toNew.apply(c);
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
