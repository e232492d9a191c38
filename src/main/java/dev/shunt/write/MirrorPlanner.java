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
import dev.shunt.sql.TableRef;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/** Builds the {@link MirrorPlan} of one statement for one migration, from the statement's AST. */
final class MirrorPlanner {
  private MirrorPlanner() {}

  static MirrorPlan plan(Statement st, Migration m, Dialect dialect) {
    if (st instanceof Insert) return insert((Insert) st, m, dialect);
    if (st instanceof Upsert) return replace((Upsert) st, m);
    if (st instanceof Update) {
      MirrorPlan p = update((Update) st, m, dialect);
      return p.insertedRows().isEmpty() ? p.with(MirrorPlan.Presence.ROWS) : p; // a key change leaves the old key rowless
    }
    if (st instanceof Delete) return delete((Delete) st, m, dialect).with(MirrorPlan.Presence.NO_ROWS);
    if (st instanceof Merge) return merge((Merge) st, m, dialect);
    return MirrorPlan.unmirrorable("this kind of statement is not mirrored yet");
  }

  private static MirrorPlan insert(Insert ins, Migration m, Dialect dialect) {
    MirrorPlan p = insertPlan(ins, m, dialect);
    boolean plain = !ins.isUseDuplicate() && ins.getConflictAction() == null && !ins.isModifierIgnore();
    return plain ? p.with(MirrorPlan.Presence.ROWS) : p;
  }

  private static MirrorPlan insertPlan(Insert ins, Migration m, Dialect dialect) {
    boolean upsert = ins.isUseDuplicate() || ins.getConflictAction() != null;
    List<UpdateSet> updates = ins.isUseDuplicate() ? ins.getDuplicateUpdateSets()
        : ins.getConflictAction() != null ? ins.getConflictAction().getUpdateSets() : null;
    if (touchesKey(updates, m)) return MirrorPlan.unmirrorable("an upsert whose update part changes the key");
    if (ins.getSetUpdateSets() != null) return rows(setColumns(ins.getSetUpdateSets()), List.of(setValues(ins.getSetUpdateSets())), upsert, m);
    if (ins.getColumns() == null) return MirrorPlan.unmirrorable("INSERT without a column list");
    List<String> columns = new ArrayList<>();
    for (Column c : ins.getColumns()) columns.add(c.getColumnName());
    if (!(ins.getSelect() instanceof Values)) return insertSelect(ins, columns, upsert, m, dialect);
    List<List<Expression>> rows = valueRows((Values) ins.getSelect());
    return rows == null ? MirrorPlan.unmirrorable("unexpected VALUES shape") : rows(columns, rows, upsert, m);
  }

  /** MariaDB REPLACE: deletes the rows that conflict on any unique index, then inserts. */
  private static MirrorPlan replace(Upsert up, Migration m) {
    if (up.getUpdateSets() != null && !up.getUpdateSets().isEmpty()) {
      return rows(setColumns(up.getUpdateSets()), List.of(setValues(up.getUpdateSets())), true, m);
    }
    if (up.getColumns() == null) return MirrorPlan.unmirrorable("REPLACE without a column list");
    if (!(up.getSelect() instanceof Values)) return MirrorPlan.unmirrorable("REPLACE … SELECT is not mirrored yet");
    List<String> columns = new ArrayList<>();
    for (Column c : up.getColumns()) columns.add(c.getColumnName());
    List<List<Expression>> rows = valueRows((Values) up.getSelect());
    return rows == null ? MirrorPlan.unmirrorable("unexpected VALUES shape") : rows(columns, rows, true, m);
  }

  /**
   * Inserted rows given as values: the keys come from the values (or, when the key is generated,
   * from the generated keys); an upsert also needs the rows it may update or replace, found by
   * their values on every unique index (see {@link MirrorPlan#conflictColumns()}).
   */
  private static MirrorPlan rows(List<String> columns, List<List<Expression>> rows, boolean upsert, Migration m) {
    int[] keyPositions = new int[m.oldKey().size()];
    int missing = 0;
    for (int k = 0; k < keyPositions.length; k++) {
      keyPositions[k] = indexOf(columns, m.oldKey().get(k));
      if (keyPositions[k] < 0) missing++;
    }
    if (missing > 0 && !(missing == keyPositions.length && keyPositions.length == 1)) {
      return MirrorPlan.unmirrorable("the INSERT gives only part of the key " + m.oldKey());
    }
    List<KeySource[]> keys = new ArrayList<>(rows.size());
    List<KeySource[]> values = new ArrayList<>(rows.size());
    int draws = 0; // every draw from any sequence in the statement: the last value read back must be the key's
    for (List<Expression> row : rows) {
      for (Expression e : row) {
        java.util.regex.Matcher d = SEQUENCE_DRAW.matcher(IndexedSql.indexed(e));
        while (d.find()) draws++;
      }
    }
    for (List<Expression> row : rows) {
      if (row.size() != columns.size()) return MirrorPlan.unmirrorable("a VALUES row does not match the column list");
      KeySource[] all = new KeySource[row.size()];
      for (int i = 0; i < all.length; i++) all[i] = keySource(row.get(i)); // null: not evaluable
      values.add(all);
      if (missing == 0) {
        KeySource[] key = new KeySource[keyPositions.length];
        for (int k = 0; k < keyPositions.length; k++) {
          key[k] = all[keyPositions[k]];
          if (key[k] == null) return MirrorPlan.unmirrorable("a key value is an expression Shunt cannot evaluate again (a stored function, a clock, a random value)");
          if (key[k].afterInsert() && (draws != 1 || upsert)) {
            return MirrorPlan.unmirrorable("a key drawn from a sequence in a statement that draws more than once, or upserts");
          }
        }
        keys.add(key);
      }
    }
    return MirrorPlan.inserted(missing == 0 ? keys : List.of(), missing > 0,
        upsert ? columns : List.of(), upsert ? values : List.of(), null);
  }

  /**
   * INSERT … SELECT: the keys are the SELECT's values at the key positions, read first with a
   * shared lock on the source rows (MariaDB) so the INSERT reads the same rows.
   */
  private static MirrorPlan insertSelect(Insert ins, List<String> columns, boolean upsert, Migration m, Dialect dialect) {
    int[] keyPositions = new int[m.oldKey().size()];
    for (int k = 0; k < keyPositions.length; k++) {
      keyPositions[k] = indexOf(columns, m.oldKey().get(k));
      if (keyPositions[k] < 0) {
        if (keyPositions.length == 1 && !upsert) return MirrorPlan.inserted(List.of(), true, List.of(), List.of(), null);
        return MirrorPlan.unmirrorable("INSERT … SELECT without the key columns");
      }
    }
    if (upsert) return MirrorPlan.unmirrorable("INSERT … SELECT with an upsert clause is not mirrored yet");
    if (!(ins.getSelect() instanceof PlainSelect)) return MirrorPlan.unmirrorable("INSERT … SELECT over a set operation");
    PlainSelect source = (PlainSelect) ins.getSelect();
    List<SelectItem<?>> items = source.getSelectItems();
    if (items.size() != columns.size()) return MirrorPlan.unmirrorable("INSERT … SELECT whose items do not match the column list");
    for (SelectItem<?> item : items) {
      if (item.getExpression() instanceof AllColumns) return MirrorPlan.unmirrorable("INSERT … SELECT *");
    }
    // deparse the source with only the key items: a private copy of the AST is never shared
    PlainSelect keysOnly = privateCopy(source);
    List<SelectItem<?>> keyItems = new ArrayList<>();
    for (int p : keyPositions) keyItems.add(keysOnly.getSelectItems().get(p));
    keysOnly.setSelectItems(keyItems);
    String lock = dialect == Dialect.MARIADB ? dialect.sharedLock() : "";
    return MirrorPlan.insertSelect(IndexedSql.of(IndexedSql.indexedSelect(keysOnly) + lock));
  }

  private static PlainSelect privateCopy(PlainSelect shared) {
    try {
      return (PlainSelect) dev.shunt.sql.SqlParsing.statement(IndexedSql.indexedSelect(shared));
    } catch (Exception e) {
      throw new IllegalStateException("cannot copy the SELECT: " + e.getMessage(), e);
    }
  }

  private static boolean touchesKey(List<UpdateSet> sets, Migration m) {
    if (sets == null) return false;
    for (UpdateSet set : sets) for (Column c : set.getColumns()) if (indexOf(m.oldKey(), c.getColumnName()) >= 0) return true;
    return false;
  }

  private static List<String> setColumns(List<UpdateSet> sets) {
    List<String> out = new ArrayList<>();
    for (UpdateSet set : sets) for (Column c : set.getColumns()) out.add(c.getColumnName());
    return out;
  }

  private static List<Expression> setValues(List<UpdateSet> sets) {
    List<Expression> out = new ArrayList<>();
    for (UpdateSet set : sets) for (int i = 0; i < set.getColumns().size(); i++) out.add(set.getValues().get(i));
    return out;
  }

  /** The rows of a VALUES clause: one row is a parenthesised list, several are a list of them. */
  private static List<List<Expression>> valueRows(Values v) {
    ExpressionList<?> values = v.getExpressions();
    List<List<Expression>> rows = new ArrayList<>();
    if (values instanceof ParenthesedExpressionList) {
      rows.add(new ArrayList<>(values));
      return rows;
    }
    for (Expression row : values) {
      if (!(row instanceof ExpressionList)) return null;
      rows.add(new ArrayList<>((ExpressionList<?>) row));
    }
    return rows;
  }

  private static final java.util.regex.Pattern SEQUENCE_DRAW = java.util.regex.Pattern.compile(
      "(?i)\\bnext\\s+value\\s+for\\b|\\bnextval\\s*\\(|\\.nextval\\b");

  /** Functions whose value differs between the application's statement and Shunt's evaluation. */
  private static final java.util.regex.Pattern NON_DETERMINISTIC = java.util.regex.Pattern.compile(
      "(?i)\\b(now|uuid|uuid_short|rand|random|sysdate|current_timestamp|current_date|current_time|localtime"
      + "|localtimestamp|unix_timestamp|nextval|gen_random_uuid|last_insert_id|connection_id|default)\\b");

  /**
   * Functions that give the same value for the same arguments and change nothing. Any other
   * function (a stored function, a sequence, a clock) is never evaluated a second time by Shunt:
   * a second call could differ, or advance a sequence or a counter the application relies on.
   */
  private static final java.util.Set<String> DETERMINISTIC = java.util.Set.of("abs", "ceil", "ceiling", "floor", "round",
      "truncate", "trunc", "mod", "sign", "greatest", "least", "coalesce", "ifnull", "nullif", "if", "concat", "concat_ws",
      "lower", "upper", "lcase", "ucase", "trim", "ltrim", "rtrim", "substring", "substr", "left", "right", "replace",
      "length", "char_length", "character_length", "octet_length", "lpad", "rpad", "reverse", "repeat", "md5", "sha1",
      "sha2", "hex", "unhex", "date", "str_to_date", "date_format", "to_date", "to_char", "json_object", "json_array",
      "cast", "convert", "format", "power", "pow", "sqrt");

  /** True when evaluating {@code e} twice in one statement gives the same value both times. */
  static boolean evaluableTwice(Expression e) {
    if (e instanceof JdbcParameter || e instanceof LongValue || e instanceof StringValue || e instanceof DoubleValue
        || e instanceof net.sf.jsqlparser.expression.NullValue) {
      return true;
    }
    String text = IndexedSql.indexed(e);
    if (NON_DETERMINISTIC.matcher(text).find() || text.toUpperCase(java.util.Locale.ROOT).contains("SELECT")) return false;
    boolean[] unknown = {false};
    net.sf.jsqlparser.expression.ExpressionVisitorAdapter<Void> walk = new net.sf.jsqlparser.expression.ExpressionVisitorAdapter<Void>() {
      @Override public <S> Void visit(net.sf.jsqlparser.expression.Function f, S context) {
        if (f.getName() == null || !DETERMINISTIC.contains(f.getName().toLowerCase(java.util.Locale.ROOT))
            || f.getMultipartName() != null && f.getMultipartName().size() > 1) {
          unknown[0] = true;
        }
        return super.visit(f, context);
      }

      @Override public <S> Void visit(net.sf.jsqlparser.expression.NextValExpression n, S context) {
        unknown[0] = true;
        return null;
      }

      @Override public <S> Void visit(net.sf.jsqlparser.expression.UserVariable v, S context) {
        unknown[0] = true;
        return null;
      }
    };
    try {
      e.accept(walk, null);
    } catch (RuntimeException ex) {
      return false;
    }
    return !unknown[0];
  }

  /** True when a column default {@code text} differs from one evaluation to the next (sequences, clocks, UUIDs). */
  static boolean nonDeterministicDefault(String text) {
    return NON_DETERMINISTIC.matcher(text).find();
  }

  /** How to learn a value of an inserted row, or null when it cannot be learnt. */
  private static KeySource keySource(Expression e) {
    if (e instanceof JdbcParameter) return KeySource.parameter(((JdbcParameter) e).getIndex());
    if (e instanceof LongValue) return KeySource.constant(((LongValue) e).getValue());
    if (e instanceof StringValue) return KeySource.constant(((StringValue) e).getValue());
    if (e instanceof DoubleValue) return KeySource.constant(((DoubleValue) e).getValue());
    KeySource sequence = sequenceSource(e);
    if (sequence != null) return sequence;
    if (!evaluableTwice(e)) return null;
    return KeySource.expression(IndexedSql.of("SELECT " + IndexedSql.indexed(e)));
  }

  /**
   * A key taken from a sequence ({@code NEXT VALUE FOR s}, {@code NEXTVAL(s)}, PostgreSQL's
   * {@code nextval('s')}): read back after the insert as the session's last value of that
   * sequence, never drawn a second time. Only valid for one row that draws once; the caller
   * checks that.
   */
  private static KeySource sequenceSource(Expression e) {
    if (e instanceof net.sf.jsqlparser.expression.NextValExpression) {
      return KeySource.expression(IndexedSql.of("SELECT PREVIOUS VALUE FOR " + ((net.sf.jsqlparser.expression.NextValExpression) e).getName()), true);
    }
    if (e instanceof net.sf.jsqlparser.expression.Function) {
      net.sf.jsqlparser.expression.Function f = (net.sf.jsqlparser.expression.Function) e;
      if (f.getName() == null || !f.getName().equalsIgnoreCase("nextval") || f.getParameters() == null || f.getParameters().size() != 1) return null;
      Object arg = f.getParameters().get(0);
      if (arg instanceof StringValue) return KeySource.expression(IndexedSql.of("SELECT currval(" + arg + ")"), true);
      if (arg instanceof Column) return KeySource.expression(IndexedSql.of("SELECT PREVIOUS VALUE FOR " + arg), true);
    }
    return null;
  }

  private static MirrorPlan update(Update u, Migration m, Dialect dialect) {
    boolean multi = u.getJoins() != null && !u.getJoins().isEmpty() || u.getStartJoins() != null && !u.getStartJoins().isEmpty()
        || u.getFromItem() != null;
    KeySource[] newKey = new KeySource[m.oldKey().size()];
    boolean keyChanges = false;
    for (UpdateSet set : u.getUpdateSets()) {
      for (int i = 0; i < set.getColumns().size(); i++) {
        Column c = set.getColumns().get(i);
        int k = indexOf(m.oldKey(), c.getColumnName());
        if (k >= 0 && targets(c, u.getTable(), m)) {
          keyChanges = true;
          newKey[k] = multi ? null : keySource(set.getValues().get(i));
        }
      }
    }
    if (keyChanges) {
      // the old keys come from the pre-select; the new one only when the SET gives all of it as values
      for (KeySource k : newKey) {
        if (k == null || k.isExpression()) return MirrorPlan.unmirrorable("an UPDATE that changes the key to a value Shunt cannot know");
      }
      IndexedSql pre = preselect(u.getTable(), u.getWhere(), u.getOrderByElements(), u.getLimit(), m, dialect);
      return MirrorPlan.keyChange(pre, newKey);
    }
    if (!multi) {
      KeySource[] byKey = dialect == Dialect.MARIADB ? keyEquality(u.getWhere(), u.getTable(), m) : null;
      if (byKey != null) return MirrorPlan.inserted(List.<KeySource[]>of(byKey), false, List.of(), List.of(), null).with(MirrorPlan.Presence.ROWS);
      return MirrorPlan.preselect(preselect(u.getTable(), u.getWhere(), u.getOrderByElements(), u.getLimit(), m, dialect));
    }
    List<Join> joins = new ArrayList<>();
    if (u.getStartJoins() != null) joins.addAll(u.getStartJoins());
    if (u.getFromItem() != null) joins.add(simpleJoin(u.getFromItem()));
    if (u.getJoins() != null) joins.addAll(u.getJoins());
    return multiTable(u.getTable(), joins, u.getWhere(), m, dialect);
  }

  /**
   * True when a DELETE deletes from its one table: no joins, no USING, and no target list other
   * than that table itself, as in MariaDB's aliased single-table form {@code DELETE a FROM t a}
   * (Hibernate's bulk delete).
   */
  static boolean singleTable(Delete d) {
    if (d.getJoins() != null && !d.getJoins().isEmpty() || d.getUsingList() != null && !d.getUsingList().isEmpty()) return false;
    if (d.getTables() == null || d.getTables().isEmpty()) return true;
    if (d.getTables().size() != 1) return false;
    String named = d.getTables().get(0).getFullyQualifiedName();
    Table t = d.getTable();
    return t.getAlias() != null ? named.equalsIgnoreCase(t.getAlias().getName()) : named.equalsIgnoreCase(t.getFullyQualifiedName());
  }

  private static MirrorPlan delete(Delete d, Migration m, Dialect dialect) {
    boolean multi = !singleTable(d);
    if (!multi) {
      KeySource[] byKey = dialect == Dialect.MARIADB ? keyEquality(d.getWhere(), d.getTable(), m) : null;
      if (byKey != null) return MirrorPlan.inserted(List.<KeySource[]>of(byKey), false, List.of(), List.of(), null);
      return MirrorPlan.preselect(preselect(d.getTable(), d.getWhere(), d.getOrderByElements(), d.getLimit(), m, dialect));
    }
    List<Join> joins = new ArrayList<>();
    if (d.getUsingList() != null) {
      for (Table t : d.getUsingList()) {
        if (!t.getFullyQualifiedName().equalsIgnoreCase(d.getTable().getFullyQualifiedName())) joins.add(simpleJoin(t));
      }
    }
    if (d.getJoins() != null) joins.addAll(d.getJoins());
    return multiTable(d.getTable(), joins, d.getWhere(), m, dialect);
  }

  /**
   * A multi-table UPDATE or DELETE: the migrated table's keys come from a locking SELECT over the
   * same FROM, joins and predicate. Its update count covers every table it writes, so it is not
   * compared with the pre-select's rows.
   */
  private static MirrorPlan multiTable(Table first, List<Join> joins, Expression where, Migration m, Dialect dialect) {
    Table target = matchingTable(first, m);
    for (Join j : joins) if (target == null && j.getFromItem() instanceof Table) target = matchingTable((Table) j.getFromItem(), m);
    if (target == null) return MirrorPlan.unmirrorable("the migrated table is not named in the statement's FROM");
    String qualifier = target.getAlias() != null ? target.getAlias().getName() : target.getFullyQualifiedName();
    PlainSelect keys = new PlainSelect();
    List<SelectItem<?>> items = new ArrayList<>();
    for (String k : m.oldKey()) items.add(new SelectItem<>(new Column(new Table(qualifier), dialect.quote(k))));
    keys.setSelectItems(items);
    keys.setFromItem(first);
    keys.setJoins(joins);
    keys.setWhere(where);
    // MariaDB's INSERT … SELECT reads its source, subqueries included, locked: as committed now
    return MirrorPlan.inserted(List.of(), false, List.of(), List.of(), IndexedSql.of(dialect == Dialect.MARIADB
        ? IndexedSql.indexedSelectLocking(keys, dialect.exclusiveLock(), dialect.sharedLock())
        : IndexedSql.indexedSelect(keys) + dialect.exclusiveLock()));
  }

  /**
   * MERGE (PostgreSQL, H2): the target rows it can update or delete are the ones its ON condition
   * joins, locked first; the rows it can insert have the keys its INSERT branch computes from the
   * source, read first too. Reading every source row's key is a superset, and copying a key the
   * primary does not have only deletes it where it does not exist either.
   */
  private static MirrorPlan merge(Merge mg, Migration m, Dialect dialect) {
    Table target = mg.getTable();
    if (matchingTable(target, m) == null) return MirrorPlan.unmirrorable("a MERGE into another table");
    if (mg.getFromItem() == null || mg.getOnCondition() == null) return MirrorPlan.unmirrorable("a MERGE without a source and ON condition");
    if (mg.getWithItemsList() != null && !mg.getWithItemsList().isEmpty()) return MirrorPlan.unmirrorable("a MERGE with a WITH clause");
    String qualifier = target.getAlias() != null ? target.getAlias().getName() : target.getFullyQualifiedName();
    PlainSelect matched = new PlainSelect();
    List<SelectItem<?>> keyItems = new ArrayList<>();
    for (String k : m.oldKey()) keyItems.add(new SelectItem<>(new Column(new Table(qualifier), dialect.quote(k))));
    matched.setSelectItems(keyItems);
    matched.setFromItem(target);
    Join on = new Join();
    on.setInner(true);
    on.setFromItem(mg.getFromItem());
    on.addOnExpression(mg.getOnCondition());
    matched.setJoins(List.of(on));
    String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE OF " + qualifier : "";
    IndexedSql pre = IndexedSql.of(IndexedSql.indexedSelect(matched) + lock);

    IndexedSql candidates = null;
    for (net.sf.jsqlparser.statement.merge.MergeOperation op : mg.getOperations()) {
      if (op instanceof net.sf.jsqlparser.statement.merge.MergeUpdate
          && touchesKey(((net.sf.jsqlparser.statement.merge.MergeUpdate) op).getUpdateSets(), m)) {
        return MirrorPlan.unmirrorable("a MERGE whose update changes the key");
      }
      if (op instanceof net.sf.jsqlparser.statement.merge.MergeInsert) {
        net.sf.jsqlparser.statement.merge.MergeInsert ins = (net.sf.jsqlparser.statement.merge.MergeInsert) op;
        if (ins.getColumns() == null) return MirrorPlan.unmirrorable("a MERGE insert without a column list");
        List<String> columns = new ArrayList<>();
        for (Column c : ins.getColumns()) columns.add(c.getColumnName());
        PlainSelect inserted = new PlainSelect();
        List<SelectItem<?>> items = new ArrayList<>();
        for (String k : m.oldKey()) {
          int at = indexOf(columns, k);
          if (at < 0) return MirrorPlan.unmirrorable("a MERGE insert whose key the database generates");
          items.add(new SelectItem<>(ins.getValues().get(at)));
        }
        inserted.setSelectItems(items);
        inserted.setFromItem(mg.getFromItem());
        candidates = IndexedSql.of(IndexedSql.indexedSelect(inserted));
      }
    }
    return MirrorPlan.merge(pre, candidates);
  }

  private static Table matchingTable(Table t, Migration m) {
    return m.oldTable().matches(TableRef.parse(t.getFullyQualifiedName())) ? t : null;
  }

  private static Join simpleJoin(FromItem item) {
    Join j = new Join();
    j.setSimple(true);
    j.setFromItem(item);
    return j;
  }

  /** True when SET column {@code c} belongs to the migrated table (single-table: always). */
  private static boolean targets(Column c, Table first, Migration m) {
    Table q = c.getTable();
    if (q == null || q.getName() == null) return true;
    if (first.getAlias() != null && q.getName().equalsIgnoreCase(first.getAlias().getName())) return matchingTable(first, m) != null;
    return m.oldTable().matches(TableRef.parse(q.getFullyQualifiedName())) || matchingTable(first, m) != null;
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
    if (where != null) {
      sql.append(" WHERE ").append(dialect == Dialect.MARIADB
          ? IndexedSql.indexedLockingSubqueries(where, dialect.sharedLock()) : IndexedSql.indexed(where));
    }
    String order = IndexedSql.indexedOrderBy(orderBy);
    if (!order.isEmpty()) sql.append(' ').append(order.trim());
    String lim = IndexedSql.indexedLimit(limit);
    if (!lim.isEmpty()) sql.append(' ').append(lim.trim());
    sql.append(dialect.exclusiveLock());
    return IndexedSql.of(sql.toString());
  }

  /**
   * The key of {@code WHERE k1 = ? AND k2 = 'x'} when the predicate is exactly one equality per key
   * column, with a parameter or a literal: such a statement touches that key or nothing, and its
   * own row lock holds it until the mirror copies it, so no locking pre-select is needed. Only on
   * MariaDB, which compares a parameter bound as text with a numeric key as the statement did.
   */
  static KeySource[] keyEquality(Expression where, Table table, Migration m) {
    if (where == null) return null;
    KeySource[] key = new KeySource[m.oldKey().size()];
    if (!equalities(where, table, m, key)) return null;
    for (KeySource k : key) if (k == null) return null;
    return key;
  }

  private static boolean equalities(Expression e, Table table, Migration m, KeySource[] key) {
    if (e instanceof net.sf.jsqlparser.expression.operators.conditional.AndExpression) {
      net.sf.jsqlparser.expression.operators.conditional.AndExpression and =
          (net.sf.jsqlparser.expression.operators.conditional.AndExpression) e;
      return equalities(and.getLeftExpression(), table, m, key) && equalities(and.getRightExpression(), table, m, key);
    }
    if (!(e instanceof net.sf.jsqlparser.expression.operators.relational.EqualsTo)) return false;
    net.sf.jsqlparser.expression.operators.relational.EqualsTo eq = (net.sf.jsqlparser.expression.operators.relational.EqualsTo) e;
    Expression column = eq.getLeftExpression();
    Expression value = eq.getRightExpression();
    if (!(column instanceof Column)) {
      column = eq.getRightExpression();
      value = eq.getLeftExpression();
    }
    if (!(column instanceof Column) || !targets((Column) column, table, m)) return false;
    int k = indexOf(m.oldKey(), ((Column) column).getColumnName());
    if (k < 0 || key[k] != null) return false;
    if (value instanceof JdbcParameter && ((JdbcParameter) value).getIndex() != null) {
      key[k] = KeySource.parameter(((JdbcParameter) value).getIndex());
    } else if (value instanceof LongValue) {
      key[k] = KeySource.constant(((LongValue) value).getValue());
    } else if (value instanceof StringValue) {
      key[k] = KeySource.constant(((StringValue) value).getValue());
    } else {
      return false;
    }
    return true;
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
