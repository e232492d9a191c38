package dev.shunt.read;

import dev.shunt.config.Migration;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.Identifiers;
import dev.shunt.sql.StatementClassifier;
import dev.shunt.sql.TableRef;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.sql.translate.ColumnType;
import dev.shunt.sql.translate.MariaDbToPostgres;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

/**
 * Rewrites an application's SELECT, written for the old table, to read the new one: the table replaced (aliased by the old name, so qualified references keep working), every
 * old column reference replaced by its {@code reverse} expression, {@code SELECT *} expanded to
 * the old columns, and result labels kept as the old query gives them. Works on a fresh parse,
 * never on the shared cached AST. The result is cached by the caller per SQL text and snapshot.
 */
public final class SelectRewriter {
  private static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max", "group_concat",
      "string_agg", "array_agg", "json_arrayagg", "json_objectagg", "bit_and", "bit_or", "bit_xor", "std", "stddev",
      "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "listagg", "every", "bool_and", "bool_or");

  private final Migration m;
  private final Dialect newDialect;
  private final Dialect oldDialect; // how the application's server resolves names in ORDER BY
  private final boolean sameDatabase;
  private final Map<String, Expression> reverse = new LinkedHashMap<>(); // old column key -> expression over new columns
  private final Map<String, ColumnType> oldTypes; // non-null when MariaDB's SQL must be translated for PostgreSQL

  private SelectRewriter(Migration m, Dialect oldDialect, Dialect newDialect, boolean sameDatabase,
      Map<String, ColumnType> oldTypes) {
    this.m = m;
    this.oldTypes = oldTypes;
    this.oldDialect = oldDialect;
    this.newDialect = newDialect;
    this.sameDatabase = sameDatabase;
    for (Map.Entry<String, String> e : m.reverse().entrySet()) {
      try {
        reverse.put(key(e.getKey()), CCJSqlParserUtil.parseExpression(e.getValue(), false));
      } catch (Exception ex) {
        throw new IllegalStateException("a validated reverse expression no longer parses: " + e.getValue(), ex);
      }
    }
  }

  /** Rewrites {@code sql} (already classified as a SELECT that reads {@code m}'s old table). */
  public static RoutedSelect rewrite(String sql, Migration m, Dialect oldDialect, Dialect newDialect, boolean sameDatabase) {
    return rewrite(sql, m, oldDialect, newDialect, sameDatabase, null);
  }

  /**
   * As {@link #rewrite(String, Migration, Dialect, Dialect, boolean)}; with {@code oldTypes} (the
   * old table's column types) a MariaDB SELECT is also translated for PostgreSQL, or unroutable
   * where it has no faithful translation.
   */
  public static RoutedSelect rewrite(String sql, Migration m, Dialect oldDialect, Dialect newDialect, boolean sameDatabase,
      Map<String, ColumnType> oldTypes) {
    if (m.reverse().isEmpty()) return RoutedSelect.unroutable("the migration has no 'reverse' expressions");
    SelectRewriter r = new SelectRewriter(m, oldDialect, newDialect, sameDatabase, oldTypes);
    IndexedSql plain;
    IndexedSql old;
    Select top;
    try {
      top = r.fresh(sql);
      normaliseLimit(top);
      old = IndexedSql.of(IndexedSql.indexedSelect(top));
      r.translate(top);
      plain = IndexedSql.of(r.render(top));
    } catch (Unroutable e) {
      return RoutedSelect.unroutable(e.getMessage());
    }
    boolean locking = top.getForMode() != null || top.getForClause() != null;
    RoutedSelect.Keyed keyed;
    try {
      keyed = r.keyed(sql);
    } catch (Unroutable e) {
      return RoutedSelect.routable(old, plain, locking, null, e.getMessage());
    }
    return RoutedSelect.routable(old, plain, locking, keyed, null);
  }

  private Select fresh(String sql) {
    Statement st;
    try {
      st = StatementClassifier.parseCopy(sql);
    } catch (Exception e) {
      throw new Unroutable("it does not parse as one statement");
    }
    if (!(st instanceof Select)) throw new Unroutable("it is not a SELECT");
    if (st instanceof PlainSelect) resolveOrderByAliases((PlainSelect) st);
    return (Select) st;
  }

  /**
   * Names in ORDER BY as the application's server resolves them, made explicit so that the
   * rewrite cannot take a select alias for the old column of the same name: a bare name that is
   * a select alias denotes that item on every engine (it becomes its position); inside an
   * expression MariaDB still resolves an alias first (the alias's expression is put in its
   * place), PostgreSQL and H2 read the table's column. GROUP BY names that are both are refused.
   */
  private void resolveOrderByAliases(PlainSelect ps) {
    Map<String, Integer> positions = new LinkedHashMap<>();
    Map<String, Expression> expressions = new LinkedHashMap<>();
    for (int i = 0; i < ps.getSelectItems().size(); i++) {
      SelectItem<?> item = ps.getSelectItems().get(i);
      if (item.getAlias() == null) continue;
      positions.putIfAbsent(key(item.getAlias().getName()), i + 1);
      expressions.putIfAbsent(key(item.getAlias().getName()), item.getExpression());
    }
    if (positions.isEmpty()) return;
    if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
      for (Object g : ps.getGroupBy().getGroupByExpressionList()) {
        if (g instanceof Column && ((Column) g).getTable() == null && positions.containsKey(key(((Column) g).getColumnName()))
            && reverse.containsKey(key(((Column) g).getColumnName()))) {
          throw new Unroutable("GROUP BY " + ((Column) g).getColumnName() + " names both a select alias and a column");
        }
      }
    }
    if (ps.getOrderByElements() == null) return;
    for (OrderByElement o : ps.getOrderByElements()) {
      Expression e = o.getExpression();
      if (e instanceof Column && ((Column) e).getTable() == null) {
        Integer at = positions.get(key(((Column) e).getColumnName()));
        if (at != null) o.setExpression(new LongValue(at));
        continue;
      }
      if (oldDialect != Dialect.MARIADB) continue;
      boolean[] found = {false};
      String text = IndexedSql.indexed(e, c -> {
        if (c.getTable() != null || !expressions.containsKey(key(c.getColumnName()))) return null;
        found[0] = true;
        return "(" + IndexedSql.indexed(expressions.get(key(c.getColumnName()))) + ")";
      });
      if (!found[0]) continue;
      try {
        o.setExpression(CCJSqlParserUtil.parseExpression(text, false));
      } catch (Exception ex) {
        throw new Unroutable("an ORDER BY expression over a select alias cannot be restated");
      }
    }
  }

  /** MariaDB's {@code LIMIT offset, count} as {@code LIMIT count OFFSET offset}, which every engine reads. */
  private static void normaliseLimit(Select s) {
    Limit limit = s.getLimit();
    if (limit != null && limit.getOffset() != null && s.getOffset() == null) {
      s.setOffset(new Offset().withOffset(limit.getOffset()));
      limit.setOffset(null);
    }
  }

  /**
   * The form merge and compare read: the key, version and ORDER BY values appended as hidden
   * columns, the key appended to ORDER BY as a tie-breaker, LIMIT/OFFSET taken off to be applied
   * after merging. Fails for queries that cannot be merged row by row.
   */
  private RoutedSelect.Keyed keyed(String sql) {
    Select top = fresh(sql);
    normaliseLimit(top);
    if (!(top instanceof PlainSelect)) throw new Unroutable("it is not a plain SELECT (set operation or parenthesised)");
    PlainSelect ps = (PlainSelect) top;
    if (ps.getGroupBy() != null || ps.getHaving() != null) throw new Unroutable("it groups rows");
    if (ps.getDistinct() != null) throw new Unroutable("it uses DISTINCT");
    if (ps.getJoins() != null && !ps.getJoins().isEmpty()) throw new Unroutable("it joins other tables");
    if (ps.getFetch() != null || ps.getIntoTables() != null) throw new Unroutable("it uses FETCH or INTO");
    if (ps.getForMode() != null || ps.getForClause() != null) throw new Unroutable("it locks rows");
    if (!(ps.getFromItem() instanceof Table) || !isMigrated((Table) ps.getFromItem())) {
      throw new Unroutable("its FROM is not the migrated table itself");
    }
    Table from = (Table) ps.getFromItem();
    Table qualifier = new Table(from.getAlias() != null ? from.getAlias().getName() : from.getName());
    boolean star = false;
    Map<String, Integer> aliases = new LinkedHashMap<>();
    int position = 0;
    for (SelectItem<?> item : ps.getSelectItems()) {
      position++;
      Expression e = item.getExpression();
      if (e instanceof AllColumns || e instanceof AllTableColumns) star = true;
      if (aggregates(e)) throw new Unroutable("it aggregates rows");
      if (item.getAlias() != null) aliases.put(key(item.getAlias().getName()), position);
    }
    List<SelectItem<?>> hidden = new ArrayList<>();
    int[] keyHidden = new int[m.oldKey().size()];
    for (int i = 0; i < keyHidden.length; i++) {
      keyHidden[i] = hidden.size();
      hidden.add(new SelectItem<>(new Column(qualifier, m.oldKey().get(i)), new Alias("shunt_k" + i)));
    }
    int versionHidden = -1;
    if (m.versionColumn() != null) {
      versionHidden = hidden.size();
      hidden.add(new SelectItem<>(new Column(qualifier, m.versionColumn()), new Alias("shunt_v")));
    }
    List<RoutedSelect.SortKey> order = new ArrayList<>();
    List<OrderByElement> elements = ps.getOrderByElements() == null ? new ArrayList<>() : new ArrayList<>(ps.getOrderByElements());
    for (OrderByElement o : elements) {
      Expression e = o.getExpression();
      Boolean nullsFirst = o.getNullOrdering() == null ? null
          : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
      if (e instanceof LongValue) {
        if (star) throw new Unroutable("it orders by position over SELECT *");
        order.add(new RoutedSelect.SortKey(false, (int) ((LongValue) e).getValue(), o.isAsc(), nullsFirst));
        continue;
      }
      if (e instanceof Column && ((Column) e).getTable() == null && aliases.containsKey(key(((Column) e).getColumnName()))) {
        if (star) throw new Unroutable("it orders by an alias over SELECT *");
        order.add(new RoutedSelect.SortKey(false, aliases.get(key(((Column) e).getColumnName())), o.isAsc(), nullsFirst));
        continue;
      }
      order.add(new RoutedSelect.SortKey(true, hidden.size(), o.isAsc(), nullsFirst));
      hidden.add(new SelectItem<>(e, new Alias("shunt_o" + order.size())));
    }
    for (int i = 0; i < keyHidden.length; i++) {
      order.add(new RoutedSelect.SortKey(true, keyHidden[i], true, null));
      elements.add(new OrderByElement().withExpression(new Column(qualifier, m.oldKey().get(i))));
    }
    ps.setOrderByElements(elements);
    RoutedSelect.Bound rowCount = null;
    RoutedSelect.Bound offset = null;
    if (ps.getLimit() != null) {
      if (ps.getLimit().isLimitAll() || ps.getLimit().isLimitNull()) {
        ps.setLimit(null);
      } else {
        rowCount = bound(ps.getLimit().getRowCount());
        ps.setLimit(null);
      }
    }
    if (ps.getOffset() != null) {
      offset = bound(ps.getOffset().getOffset());
      ps.setOffset(null);
    }
    List<SelectItem<?>> items = new ArrayList<>(ps.getSelectItems());
    items.addAll(hidden);
    ps.setSelectItems(items);
    String oldText = IndexedSql.indexedSelect(ps);
    translate(ps);
    String newText = render(ps);
    return new RoutedSelect.Keyed(IndexedSql.of(oldText), IndexedSql.of(newText), hidden.size(), keyHidden,
        versionHidden, order, rowCount, offset);
  }

  /** MariaDB's meaning restated for PostgreSQL, over the old columns (before the rewrite replaces them). */
  private void translate(Select s) {
    if (oldTypes == null) return;
    try {
      new MariaDbToPostgres(oldTypes, false).select(s, true);
    } catch (MariaDbToPostgres.Unfaithful e) {
      throw new Unroutable(e.getMessage());
    }
  }

  private static RoutedSelect.Bound bound(Expression e) {
    if (e instanceof LongValue) return RoutedSelect.Bound.literal(((LongValue) e).getValue());
    if (e instanceof JdbcParameter && ((JdbcParameter) e).getIndex() != null) {
      return RoutedSelect.Bound.parameter(((JdbcParameter) e).getIndex());
    }
    throw new Unroutable("its LIMIT or OFFSET is neither a number nor a parameter");
  }

  private static boolean aggregates(Expression e) {
    if (e instanceof AnalyticExpression) return true;
    if (e instanceof Function) {
      Function f = (Function) e;
      if (f.getName() != null && AGGREGATES.contains(f.getName().toLowerCase(Locale.ROOT))) return true;
      if (f.getParameters() != null) for (Expression p : f.getParameters()) if (aggregates(p)) return true;
      return false;
    }
    // a cheap textual look for nested aggregates inside other expression kinds
    String text = e.toString().toLowerCase(Locale.ROOT);
    for (String a : AGGREGATES) if (text.contains(a + "(")) return true;
    return false;
  }

  // ---- rendering for the new side ----

  /** Renders {@code select} for the new table, parameters as {@code ?N}. */
  private String render(Select select) {
    Scopes scopes = new Scopes();
    // first pass: learn which FROM items of which SELECT are the migrated table, under which alias
    Deparser collect = new Deparser(new StringBuilder(), scopes, true);
    select.accept((SelectVisitor<StringBuilder>) collect.select, null);
    if (scopes.all.isEmpty()) throw new Unroutable("the migrated table is not read directly");
    if (!sameDatabase && !scopes.others.isEmpty()) {
      throw new Unroutable("it also reads " + scopes.others.get(0) + ", which is not in the new database");
    }
    StringBuilder out = new StringBuilder();
    Deparser d = new Deparser(out, scopes, false);
    select.accept((SelectVisitor<StringBuilder>) d.select, null);
    if (d.columnsSeen < columnReferences(select)) {
      // some construct printed its operands as text, past the rewrite: its columns would keep their old names
      throw new Unroutable("it uses a construct whose columns Shunt cannot rewrite one by one");
    }
    return out.toString();
  }

  private boolean isMigrated(Table t) {
    return t.getName() != null && m.oldTable().matches(TableRef.parse(t.getFullyQualifiedName()));
  }

  /** Which SELECT (by identity) reads the migrated table under which alias keys. */
  private static final class Scopes {
    final Map<PlainSelect, List<String>> migratedIn = new IdentityHashMap<>();
    final List<String> all = new ArrayList<>();
    final List<String> others = new ArrayList<>();
  }

  /** The alias the new table gets: the application's alias, else the old table's own name. */
  private String aliasOf(Table t) {
    return t.getAlias() != null ? unquote(t.getAlias().getName()) : unquote(t.getName());
  }

  /** The reverse expression of {@code oldColumn}, its new columns qualified with {@code alias}. */
  private String reverseOf(String oldColumn, String alias) {
    Expression e = reverse.get(key(oldColumn));
    if (e == null) throw new Unroutable("old column " + oldColumn + " has no 'reverse' expression");
    String q = newDialect.quote(alias) + ".";
    return "(" + IndexedSql.indexed(e, c -> q + newDialect.quote(unquote(c.getColumnName()))) + ")";
  }

  private String expansion(String alias) {
    StringBuilder b = new StringBuilder();
    for (String old : m.reverse().keySet()) {
      if (b.length() > 0) b.append(", ");
      b.append(reverseOf(old, alias)).append(" AS ").append(newDialect.quote(old));
    }
    return b.toString();
  }

  /** An expression and select deparser pair that rewrites as it prints. */
  private final class Deparser {
    final ExpressionDeParser expression;
    final SelectDeParser select;
    final Deque<PlainSelect> stack = new ArrayDeque<>();
    int replaced;
    int columnsSeen; // every column reference the deparser visited, replaced or not

    Deparser(StringBuilder b, Scopes scopes, boolean collecting) {
      expression = new ExpressionDeParser() {
        @Override public <S> StringBuilder visit(JdbcParameter p, S context) {
          if (p.getIndex() == null) throw new Unroutable("a parameter without an index");
          return getBuilder().append('?').append(p.getIndex());
        }

        @Override public <S> StringBuilder visit(IsDistinctExpression e, S context) {
          // the library prints this one's operands as text: rewrite them like any other
          e.getLeftExpression().accept(this, context);
          getBuilder().append(e.getStringExpression());
          e.getRightExpression().accept(this, context);
          return getBuilder();
        }

        @Override public <S> StringBuilder visit(Column column, S context) {
          columnsSeen++;
          String replacement = collecting ? null : replace(column, scopes);
          if (replacement == null) return super.visit(column, context);
          replaced++;
          return getBuilder().append(replacement);
        }
      };
      expression.setBuilder(b);
      select = new SelectDeParser(expression, b) {
        @Override public <S> StringBuilder visit(PlainSelect ps, S context) {
          stack.push(ps);
          if (collecting) scopes.migratedIn.put(ps, new ArrayList<>());
          try {
            return super.visit(ps, context);
          } finally {
            stack.pop();
          }
        }

        @Override public <S> StringBuilder visit(Table t, S context) {
          if (!isMigrated(t)) {
            if (collecting && t.getName() != null) scopes.others.add(t.getFullyQualifiedName());
            return super.visit(t, context);
          }
          String alias = aliasOf(t);
          if (collecting) {
            if (!stack.isEmpty()) scopes.migratedIn.get(stack.peek()).add(key(alias));
            scopes.all.add(key(alias));
            return getBuilder();
          }
          return getBuilder().append(newDialect.quote(m.newTable())).append(' ').append(newDialect.quote(alias));
        }

        private <S> StringBuilder plain(SelectItem<?> item, S context) {
          item.getExpression().accept(expression, context);
          if (item.getAlias() != null) getBuilder().append(item.getAlias().toString());
          return getBuilder();
        }

        @Override public <S> StringBuilder visit(SelectItem<?> item, S context) {
          if (collecting) return plain(item, context);
          Expression e = item.getExpression();
          if (e instanceof AllTableColumns) {
            Table t = ((AllTableColumns) e).getTable();
            if (t != null && scopes.all.contains(key(t.getName()))) {
              return getBuilder().append(expansion(unquote(t.getName())));
            }
            return plain(item, context);
          }
          if (e instanceof AllColumns) {
            PlainSelect ps = stack.peek();
            if (ps == null || scopes.migratedIn.getOrDefault(ps, List.of()).isEmpty()) return plain(item, context);
            List<FromItem> froms = new ArrayList<>();
            froms.add(ps.getFromItem());
            if (ps.getJoins() != null) for (Join j : ps.getJoins()) froms.add(j.getFromItem());
            StringBuilder b = getBuilder();
            boolean first = true;
            for (FromItem f : froms) {
              if (!first) b.append(", ");
              first = false;
              if (f instanceof Table && isMigrated((Table) f)) {
                b.append(expansion(aliasOf((Table) f)));
              } else if (f.getAlias() != null) {
                b.append(f.getAlias().getName()).append(".*");
              } else if (f instanceof Table) {
                b.append(((Table) f).getFullyQualifiedName()).append(".*");
              } else {
                throw new Unroutable("SELECT * over a FROM item without an alias");
              }
            }
            return b;
          }
          if (item.getAlias() != null || inDistinctOn(item)) return plain(item, context);
          int before = replaced;
          int start = getBuilder().length();
          plain(item, context);
          if (replaced != before) {
            String label = e instanceof Column ? unquote(((Column) e).getColumnName()) : e.toString();
            if (label.length() > 64) label = label.substring(0, 64);
            getBuilder().append(" AS ").append(newDialect.quote(label));
          }
          return getBuilder();
        }
      };
      expression.setSelectVisitor(select);
    }

    /** True when {@code item} is an expression of the current SELECT's DISTINCT ON, where no label may stand. */
    private boolean inDistinctOn(SelectItem<?> item) {
      PlainSelect ps = stack.peek();
      if (ps == null || ps.getDistinct() == null || ps.getDistinct().getOnSelectItems() == null) return false;
      for (SelectItem<?> on : ps.getDistinct().getOnSelectItems()) if (on == item) return true;
      return false;
    }

    /** The replacement text of an old column reference, or null to print it as written. */
    private String replace(Column c, Scopes scopes) {
      Table q = c.getTable();
      if (q != null && q.getName() != null) {
        String qualifier = key(q.getName());
        if (!scopes.all.contains(qualifier)) return null; // another table's column
        return reverseOf(c.getColumnName(), unquote(q.getName()));
      }
      if (!reverse.containsKey(key(c.getColumnName()))) return null; // a select alias, a literal-like name, another table's
      PlainSelect ps = stack.peek();
      List<String> here = ps == null ? List.of() : scopes.migratedIn.getOrDefault(ps, List.of());
      if (here.isEmpty()) return null; // an inner SELECT over other tables: the column is theirs
      if (here.size() > 1) throw new Unroutable("column " + c.getColumnName() + " is ambiguous between two reads of the table");
      return reverseOf(c.getColumnName(), here.get(0));
    }
  }

  /** Every column reference in {@code select}, counted by a full walk of the tree. */
  private static int columnReferences(Select select) {
    int[] n = {0};
    net.sf.jsqlparser.util.TablesNamesFinder<Void> walk = new net.sf.jsqlparser.util.TablesNamesFinder<Void>() {
      @Override public <S> Void visit(Column column, S context) {
        n[0]++;
        return super.visit(column, context);
      }

      @Override public <S> Void visit(PlainSelect ps, S context) {
        // the library's walk skips ORDER BY
        if (ps.getOrderByElements() != null) for (OrderByElement o : ps.getOrderByElements()) o.getExpression().accept(this, context);
        return super.visit(ps, context);
      }
    };
    try {
      walk.getTables((Statement) select);
    } catch (RuntimeException e) {
      throw new Unroutable("its columns cannot be walked: " + e.getClass().getSimpleName());
    }
    return n[0];
  }

  private static String unquote(String identifier) {
    String[] parts = Identifiers.splitQualified(identifier);
    return parts[parts.length - 1];
  }

  private static String key(String identifier) {
    return unquote(identifier).toLowerCase(Locale.ROOT);
  }

  /** Why a SELECT cannot be read from the new side (or merged); the read stays where it was. */
  static final class Unroutable extends RuntimeException {
    Unroutable(String why) {
      super(why, null, false, false);
    }
  }
}
