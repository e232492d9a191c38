package dev.shunt.sql.translate;

import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.translate.ColumnType.Family;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * Restates the application's MariaDB expressions so that PostgreSQL computes what MariaDB would
 * have. It works on a fresh parse of the statement (never the cached one) and over the OLD
 * column names, before they are replaced by their {@code reverse} expressions, because the
 * rules depend on the old columns' types.
 *
 * <p>It knows a closed set of constructs; anything else is an {@link Unfaithful} naming it, and
 * the caller serves the statement from the old side (or refuses it once old is no longer
 * written). The rules, each because PostgreSQL would otherwise answer differently:
 * <ul>
 *   <li>{@code a / b} over exact numbers is {@code ROUND(CAST(a AS NUMERIC) / b, scale(a) + 4)}
 *       (MariaDB divides exactly to four more digits; PostgreSQL truncates integers); {@code DIV},
 *       {@code %} and {@code MOD} likewise. In a read a zero divisor gives NULL, as on MariaDB.
 *   <li>Ascending order puts NULLs first, descending last, as MariaDB does.
 *   <li>A truth value in a select list is 0 or 1; a number used as a condition is {@code <> 0}.
 *   <li>{@code CONCAT} is NULL when an argument is NULL; {@code IFNULL} is {@code COALESCE};
 *       {@code AVG} of exact numbers has scale + 4.
 *   <li>An unaliased expression's label is its text, as MariaDB labels it.
 *   <li>A literal or parameter compared with, or stored in, an old column is cast to the type
 *       that column gives it on MariaDB (a date given as text is a date).
 *   <li>Text compared under a case-insensitive MariaDB collation has no faithful translation
 *       (PostgreSQL compares case and accents); nor have floating-point arithmetic, {@code ||}
 *       (OR on MariaDB), {@code <=>}, REGEXP, clocks, random values and any function not listed.
 * </ul>
 */
public final class MariaDbToPostgres {
  /** A construct PostgreSQL cannot be made to evaluate as MariaDB does. */
  public static final class Unfaithful extends RuntimeException {
    Unfaithful(String construct) {
      super("no faithful translation to PostgreSQL for " + construct, null, false, false);
    }
  }

  /** Functions both engines evaluate alike on the same argument types. */
  private static final Set<String> SAME = Set.of("coalesce", "nullif", "abs", "upper", "lower", "char_length",
      "character_length", "count", "min", "max", "sum", "ceil", "ceiling", "floor", "replace", "sign");

  private final Map<String, ColumnType> oldTypes;
  private final boolean write;
  private final Map<String, String> explicitTargets;
  private List<ColumnType> itemTypes; // the current SELECT's items, for ORDER BY positions
  private final Map<Expression, Typed> translated = new java.util.IdentityHashMap<>();

  /**
   * @param oldTypes the old table's column types by lower-case name
   * @param write true inside INSERT, UPDATE and DELETE: MariaDB's strict mode makes a zero divisor
   *     an error there, as PostgreSQL does; in a read it is NULL
   */
  public MariaDbToPostgres(Map<String, ColumnType> oldTypes, boolean write) {
    this(oldTypes, write, Map.of());
  }

  /**
   * @param explicitTargets old columns copied unchanged into a new column of a type MariaDB has
   *     not (boolean, json, jsonb, uuid): the value is cast on to that type
   */
  public MariaDbToPostgres(Map<String, ColumnType> oldTypes, boolean write, Map<String, String> explicitTargets) {
    this.oldTypes = oldTypes;
    this.write = write;
    this.explicitTargets = explicitTargets;
  }

  /** An expression with what MariaDB would make of its type. */
  private static final class Typed {
    final Expression e;
    final ColumnType type;
    final boolean bare; // a literal or parameter whose type the other operand gives

    Typed(Expression e, ColumnType type, boolean bare) {
      this.e = e;
      this.type = type;
      this.bare = bare;
    }

    Family family() { return type.family(); }
  }

  // ---- statements ----

  /** Translates a SELECT in place; {@code top} gives its select list MariaDB's labels and truth values. */
  public void select(Select s, boolean top) {
    if (s.getWithItemsList() != null && !s.getWithItemsList().isEmpty()) throw new Unfaithful("WITH");
    if (s instanceof ParenthesedSelect) {
      select(((ParenthesedSelect) s).getSelect(), top);
    } else if (s instanceof SetOperationList) {
      for (Select part : ((SetOperationList) s).getSelects()) select(part, top);
      orderBy(s.getOrderByElements());
    } else if (s instanceof PlainSelect) {
      plain((PlainSelect) s, top);
    } else {
      throw new Unfaithful(s.getClass().getSimpleName());
    }
  }

  /** Text has no faithful order or grouping across the engines' collations. */
  private static void unordered(Typed t, String where) {
    if (t.type.isText() || t.family() == Family.OTHER && !(t.e instanceof JdbcParameter)) {
      throw new Unfaithful(where + " over " + familyName(t) + " (the engines' collations order and group text differently)");
    }
  }

  private void plain(PlainSelect ps, boolean top) {
    List<ColumnType> outer = itemTypes; // a subquery in this SELECT has its own
    try {
      plainSelect(ps, top);
    } finally {
      itemTypes = outer;
    }
  }

  private void plainSelect(PlainSelect ps, boolean top) {
    if (ps.getDistinct() != null && ps.getDistinct().getOnSelectItems() != null) throw new Unfaithful("DISTINCT ON");
    List<ColumnType> types = new ArrayList<>();
    from(ps.getFromItem());
    if (ps.getJoins() != null) {
      for (Join j : ps.getJoins()) {
        from(j.getFromItem());
        if (j.getOnExpressions() != null) {
          List<Expression> on = new ArrayList<>();
          for (Expression e : j.getOnExpressions()) on.add(condition(e));
          j.setOnExpressions(on);
        }
        if (j.getUsingColumns() != null && !j.getUsingColumns().isEmpty()) throw new Unfaithful("JOIN … USING");
      }
    }
    for (SelectItem<?> item : ps.getSelectItems()) {
      Expression e = item.getExpression();
      if (e instanceof net.sf.jsqlparser.statement.select.AllColumns
          || e instanceof net.sf.jsqlparser.statement.select.AllTableColumns) {
        if (ps.getDistinct() != null) throw new Unfaithful("SELECT DISTINCT *");
        types.add(null);
        continue;
      }
      String original = label(e);
      Typed t = tx(e);
      if (ps.getDistinct() != null) unordered(t, "DISTINCT");
      types.add(t.type);
      Expression out = t.family() == Family.TRUTH ? parse("CAST((" + text(t.e) + ") AS INTEGER)") : t.e;
      if (top && item.getAlias() == null && !(e instanceof Column)) {
        // MariaDB labels an expression by its text; PostgreSQL would call it "round", "int4", …
        item.setAlias(new Alias(quoteLabel(original), true));
      }
      @SuppressWarnings("unchecked") SelectItem<Expression> writable = (SelectItem<Expression>) item;
      writable.setExpression(out);
    }
    if (ps.getWhere() != null) ps.setWhere(condition(ps.getWhere()));
    if (ps.getGroupBy() != null && ps.getGroupBy().getGroupByExpressionList() != null) {
      GroupByElement g = ps.getGroupBy();
      if (g.isMysqlWithRollup()) throw new Unfaithful("WITH ROLLUP");
      ExpressionList<Expression> list = new ExpressionList<>();
      for (Object o : g.getGroupByExpressionList()) {
        if (o instanceof LongValue) throw new Unfaithful("GROUP BY a position");
        Typed t = tx((Expression) o);
        unordered(t, "GROUP BY");
        list.add(t.e);
      }
      g.setGroupByExpressions(list);
    }
    if (ps.getHaving() != null) ps.setHaving(condition(ps.getHaving()));
    itemTypes = types;
    orderBy(ps.getOrderByElements());
  }

  private void from(FromItem f) {
    if (f == null || f instanceof net.sf.jsqlparser.schema.Table) return;
    if (f instanceof ParenthesedSelect) {
      select(((ParenthesedSelect) f).getSelect(), false);
      return;
    }
    throw new Unfaithful("a FROM item of kind " + f.getClass().getSimpleName());
  }

  private void orderBy(List<OrderByElement> order) {
    if (order == null) return;
    for (OrderByElement o : order) {
      if (o.getExpression() instanceof LongValue) {
        int at = (int) ((LongValue) o.getExpression()).getValue();
        if (itemTypes != null && at >= 1 && at <= itemTypes.size() && (itemTypes.get(at - 1) == null || itemTypes.get(at - 1).isText())) {
          throw new Unfaithful("ORDER BY a text (the engines' collations order text differently)");
        }
      } else {
        Typed t = tx(o.getExpression());
        unordered(t, "ORDER BY");
        o.setExpression(t.e);
      }
      if (o.getNullOrdering() == null) {
        o.setNullOrdering(o.isAsc() ? OrderByElement.NullOrdering.NULLS_FIRST : OrderByElement.NullOrdering.NULLS_LAST);
      }
    }
  }

  /** A WHERE, ON or HAVING condition: a number stands for its truth, as MariaDB reads it. */
  public Expression condition(Expression e) {
    return truth(tx(e));
  }

  /**
   * A value the statement stores in old column {@code oldColumn}, typed as MariaDB stores it: cast
   * to the column's PostgreSQL type unless it is text or the column is unknown.
   */
  public Expression value(Expression e, String oldColumn) {
    Expression typed = storedAs(e, oldColumn);
    String target = explicitTargets.get(oldColumn.toLowerCase(Locale.ROOT));
    if (target == null || typed instanceof NullValue) return typed;
    // MariaDB's TINYINT(1) is PostgreSQL's boolean only through an integer
    return parse("CAST(" + (target.equals("boolean") ? "CAST(" + text(typed) + " AS INTEGER)" : text(typed)) + " AS " + target + ")");
  }

  private Expression storedAs(Expression e, String oldColumn) {
    Typed t = tx(e);
    ColumnType column = oldTypes.get(oldColumn.toLowerCase(Locale.ROOT));
    if (column == null || t.family() == Family.NULL) return t.e;
    if (column.family() == Family.FLOATING || column.family() == Family.OTHER) {
      if (t.bare) return t.e;
      throw new Unfaithful("a computed value stored in " + column + " column " + oldColumn);
    }
    if (column.postgresType() == null) return t.e; // text: what MariaDB stores is the text
    if (t.family() == Family.TRUTH) return parse("CAST(CAST((" + text(t.e) + ") AS INTEGER) AS " + column.postgresType() + ")");
    return parse("CAST(" + text(t.e) + " AS " + column.postgresType() + ")");
  }

  /**
   * Translates an INSERT, REPLACE, UPDATE or DELETE of the old table in place: its conditions, and
   * every value it stores typed as the old column stores it (key columns are left as given, so
   * that key capture still reads them as the application's values).
   */
  public void write(net.sf.jsqlparser.statement.Statement st, Set<String> keyColumns) {
    if (st instanceof net.sf.jsqlparser.statement.update.Update) {
      net.sf.jsqlparser.statement.update.Update u = (net.sf.jsqlparser.statement.update.Update) st;
      if (u.getOrderByElements() != null || u.getLimit() != null) throw new Unfaithful("UPDATE … ORDER BY / LIMIT");
      stored(u.getUpdateSets(), keyColumns);
      if (u.getWhere() != null) u.setWhere(condition(u.getWhere()));
    } else if (st instanceof net.sf.jsqlparser.statement.delete.Delete) {
      net.sf.jsqlparser.statement.delete.Delete d = (net.sf.jsqlparser.statement.delete.Delete) st;
      if (d.getOrderByElements() != null || d.getLimit() != null) throw new Unfaithful("DELETE … ORDER BY / LIMIT");
      if (d.getWhere() != null) d.setWhere(condition(d.getWhere()));
    } else if (st instanceof net.sf.jsqlparser.statement.insert.Insert) {
      net.sf.jsqlparser.statement.insert.Insert ins = (net.sf.jsqlparser.statement.insert.Insert) st;
      if (ins.getSetUpdateSets() != null) stored(ins.getSetUpdateSets(), keyColumns);
      else rows(ins.getColumns(), ins.getSelect(), keyColumns);
      if (ins.getDuplicateUpdateSets() != null) stored(ins.getDuplicateUpdateSets(), keyColumns);
    } else if (st instanceof net.sf.jsqlparser.statement.upsert.Upsert) {
      net.sf.jsqlparser.statement.upsert.Upsert up = (net.sf.jsqlparser.statement.upsert.Upsert) st;
      if (up.getUpdateSets() != null && !up.getUpdateSets().isEmpty()) stored(up.getUpdateSets(), keyColumns);
      else rows(up.getColumns(), up.getSelect(), keyColumns);
    } else {
      throw new Unfaithful(st.getClass().getSimpleName());
    }
  }

  private void stored(List<net.sf.jsqlparser.statement.update.UpdateSet> sets, Set<String> keyColumns) {
    for (net.sf.jsqlparser.statement.update.UpdateSet set : sets) {
      if (set.getColumns().size() != set.getValues().size()) throw new Unfaithful("a multi-column assignment");
      for (int i = 0; i < set.getColumns().size(); i++) {
        String column = unquote(set.getColumns().get(i).getColumnName());
        Expression v = (Expression) set.getValues().get(i);
        @SuppressWarnings("unchecked") ExpressionList<Expression> values = (ExpressionList<Expression>) set.getValues();
        values.set(i, keyColumns.contains(column.toLowerCase(Locale.ROOT)) ? tx(v).e : value(v, column));
      }
    }
  }

  private void rows(ExpressionList<Column> columns, Select source, Set<String> keyColumns) {
    if (!(source instanceof net.sf.jsqlparser.statement.select.Values)) {
      if (source != null) select(source, false);
      return;
    }
    if (columns == null) throw new Unfaithful("an INSERT without a column list");
    ExpressionList<?> all = ((net.sf.jsqlparser.statement.select.Values) source).getExpressions();
    List<ExpressionList<?>> rows = new ArrayList<>();
    if (all instanceof ParenthesedExpressionList) {
      rows.add(all);
    } else {
      for (Object row : all) {
        if (!(row instanceof ExpressionList)) throw new Unfaithful("a VALUES row of kind " + row.getClass().getSimpleName());
        rows.add((ExpressionList<?>) row);
      }
    }
    for (ExpressionList<?> row : rows) {
      @SuppressWarnings("unchecked") ExpressionList<Expression> cells = (ExpressionList<Expression>) row;
      if (cells.size() != columns.size()) return; // the rewrite reports the mismatch
      for (int i = 0; i < cells.size(); i++) {
        String column = unquote(columns.get(i).getColumnName());
        cells.set(i, keyColumns.contains(column.toLowerCase(Locale.ROOT)) ? tx(cells.get(i)).e : value(cells.get(i), column));
      }
    }
  }

  // ---- expressions ----

  private Typed tx(Expression e) {
    Typed done = translated.get(e);
    if (done != null) return done; // one node can stand in two places (a sort key also selected)
    Typed t = translate(e);
    translated.put(e, t);
    translated.put(t.e, t);
    return t;
  }

  private Typed translate(Expression e) {
    if (e instanceof NullValue) return new Typed(e, ColumnType.of(Family.NULL), true);
    if (e instanceof LongValue) return new Typed(e, ColumnType.exact(0), true);
    if (e instanceof DoubleValue) {
      String s = e.toString();
      if (s.indexOf('e') >= 0 || s.indexOf('E') >= 0) return new Typed(e, ColumnType.of(Family.FLOATING), true);
      int dot = s.indexOf('.');
      return new Typed(e, ColumnType.exact(dot < 0 ? 0 : s.length() - dot - 1), true);
    }
    if (e instanceof StringValue) {
      StringValue sv = (StringValue) e;
      if (sv.getPrefix() != null && !sv.getPrefix().isEmpty()) throw new Unfaithful("a string literal with prefix " + sv.getPrefix());
      return new Typed(e, ColumnType.of(Family.TEXT_CASE_INSENSITIVE), true);
    }
    if (e instanceof BooleanValue) return new Typed(new LongValue(((BooleanValue) e).getValue() ? 1 : 0), ColumnType.exact(0), true);
    if (e instanceof DateValue || e instanceof TimeValue || e instanceof TimestampValue) {
      return new Typed(e, ColumnType.of(Family.TEMPORAL), false);
    }
    if (e instanceof JdbcParameter) return new Typed(e, ColumnType.of(Family.OTHER), true);
    if (e instanceof Column) return column((Column) e);
    if (e instanceof SignedExpression) {
      SignedExpression s = (SignedExpression) e;
      Typed inner = tx(s.getExpression());
      numeric(inner, "a signed value");
      s.setExpression(inner.e);
      return new Typed(s, inner.type, inner.bare);
    }
    if (e instanceof Parenthesis) return tx(((Parenthesis) e).getExpression());
    if (e instanceof ParenthesedExpressionList && ((ParenthesedExpressionList<?>) e).size() == 1) {
      Typed inner = tx((Expression) ((ParenthesedExpressionList<?>) e).get(0));
      return new Typed(parse("(" + text(inner.e) + ")"), inner.type, inner.bare);
    }
    if (e instanceof Addition || e instanceof Subtraction || e instanceof Multiplication) return arithmetic((net.sf.jsqlparser.expression.BinaryExpression) e);
    if (e instanceof Division) return division((Division) e);
    if (e instanceof IntegerDivision) return integerDivision((IntegerDivision) e);
    if (e instanceof Modulo) return modulo(((Modulo) e).getLeftExpression(), ((Modulo) e).getRightExpression());
    if (e instanceof ComparisonOperator && (e instanceof EqualsTo || e instanceof NotEqualsTo || e instanceof GreaterThan
        || e instanceof GreaterThanEquals || e instanceof MinorThan || e instanceof MinorThanEquals)) {
      return comparison((ComparisonOperator) e);
    }
    if (e instanceof AndExpression || e instanceof OrExpression) {
      net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) e;
      b.setLeftExpression(truth(tx(b.getLeftExpression())));
      b.setRightExpression(truth(tx(b.getRightExpression())));
      return new Typed(b, ColumnType.of(Family.TRUTH), false);
    }
    if (e instanceof NotExpression) {
      NotExpression n = (NotExpression) e;
      if (n.isExclamationMark()) throw new Unfaithful("!");
      n.setExpression(truth(tx(n.getExpression())));
      return new Typed(n, ColumnType.of(Family.TRUTH), false);
    }
    if (e instanceof IsNullExpression) {
      IsNullExpression n = (IsNullExpression) e;
      if (n.isUseIsNull() || n.isUseNotNull()) throw new Unfaithful("ISNULL / NOTNULL");
      n.setLeftExpression(tx(n.getLeftExpression()).e);
      return new Typed(n, ColumnType.of(Family.TRUTH), false);
    }
    if (e instanceof Between) return between((Between) e);
    if (e instanceof InExpression) return in((InExpression) e);
    if (e instanceof LikeExpression) return like((LikeExpression) e);
    if (e instanceof CaseExpression) return caseWhen((CaseExpression) e);
    if (e instanceof CastExpression) return cast((CastExpression) e);
    if (e instanceof Function) return function((Function) e);
    if (e instanceof ExistsExpression) {
      ExistsExpression x = (ExistsExpression) e;
      if (!(x.getRightExpression() instanceof Select)) throw new Unfaithful("EXISTS");
      select((Select) x.getRightExpression(), false);
      return new Typed(x, ColumnType.of(Family.TRUTH), false);
    }
    if (e instanceof ParenthesedSelect) {
      select((Select) e, false);
      return new Typed(e, ColumnType.of(Family.OTHER), false);
    }
    throw new Unfaithful(describe(e));
  }

  private Typed column(Column c) {
    ColumnType t = oldTypes.get(unquote(c.getColumnName()).toLowerCase(Locale.ROOT));
    return new Typed(c, t == null ? ColumnType.of(Family.OTHER) : t, false);
  }

  private Typed arithmetic(net.sf.jsqlparser.expression.BinaryExpression b) {
    Typed l = tx(b.getLeftExpression());
    Typed r = tx(b.getRightExpression());
    numeric(l, b.getStringExpression());
    numeric(r, b.getStringExpression());
    b.setLeftExpression(l.e);
    b.setRightExpression(r.e);
    int scale = b instanceof Multiplication ? l.type.scale() + r.type.scale() : Math.max(l.type.scale(), r.type.scale());
    return new Typed(b, ColumnType.exact(scale), false);
  }

  /** Exact-number arithmetic only: a parameter takes its type from the other operand, as both engines do. */
  private static void numeric(Typed t, String operator) {
    if (t.family() == Family.EXACT || t.family() == Family.NULL || t.e instanceof JdbcParameter) return;
    throw new Unfaithful(operator + " over " + familyName(t));
  }

  private Typed division(Division d) {
    Typed l = tx(d.getLeftExpression());
    Typed r = tx(d.getRightExpression());
    if (l.e instanceof JdbcParameter) throw new Unfaithful("a division of a parameter (its scale decides the result's)");
    numeric(l, "/");
    numeric(r, "/");
    int scale = l.type.scale() + 4;
    return new Typed(parse("ROUND(CAST(" + text(l.e) + " AS NUMERIC) / " + divisor(r) + ", " + scale + ")"), ColumnType.exact(scale), false);
  }

  private Typed integerDivision(IntegerDivision d) {
    Typed l = tx(d.getLeftExpression());
    Typed r = tx(d.getRightExpression());
    numeric(l, "DIV");
    numeric(r, "DIV");
    return new Typed(parse("CAST(TRUNC(CAST(" + text(l.e) + " AS NUMERIC) / " + divisor(r) + ") AS BIGINT)"), ColumnType.exact(0), false);
  }

  private Typed modulo(Expression left, Expression right) {
    Typed l = tx(left);
    Typed r = tx(right);
    numeric(l, "MOD");
    numeric(r, "MOD");
    return new Typed(parse("MOD(" + text(l.e) + ", " + divisor(r) + ")"), ColumnType.exact(Math.max(l.type.scale(), r.type.scale())), false);
  }

  /** The divisor: in a read, zero gives NULL as on MariaDB; in a write both engines raise the error. */
  private String divisor(Typed r) {
    return write ? "(" + text(r.e) + ")" : "NULLIF(" + text(r.e) + ", 0)";
  }

  private Typed comparison(ComparisonOperator c) {
    Typed[] sides = compatible(c.getStringExpression(), tx(c.getLeftExpression()), tx(c.getRightExpression()));
    if (!(c instanceof EqualsTo || c instanceof NotEqualsTo)) {
      for (Typed t : sides) if (t.type.isText()) unordered(t, c.getStringExpression());
    }
    c.setLeftExpression(sides[0].e);
    c.setRightExpression(sides[1].e);
    return new Typed(c, ColumnType.of(Family.TRUTH), false);
  }

  private Typed between(Between b) {
    Typed v = tx(b.getLeftExpression());
    Typed lo = compatible("BETWEEN", v, tx(b.getBetweenExpressionStart()))[1];
    Typed hi = compatible("BETWEEN", v, tx(b.getBetweenExpressionEnd()))[1];
    unordered(v.e instanceof JdbcParameter ? lo : v, "BETWEEN");
    b.setLeftExpression(v.e);
    b.setBetweenExpressionStart(lo.e);
    b.setBetweenExpressionEnd(hi.e);
    return new Typed(b, ColumnType.of(Family.TRUTH), false);
  }

  private Typed in(InExpression in) {
    Typed v = tx(in.getLeftExpression());
    in.setLeftExpression(v.e);
    Expression right = in.getRightExpression();
    if (right instanceof ParenthesedSelect) {
      if (v.type.isText() || v.family() == Family.OTHER) throw new Unfaithful("IN (SELECT …) over " + familyName(v));
      select((Select) right, false);
      return new Typed(in, ColumnType.of(Family.TRUTH), false);
    }
    if (!(right instanceof ExpressionList)) throw new Unfaithful("IN over " + describe(right));
    ExpressionList<?> list = (ExpressionList<?>) right;
    ParenthesedExpressionList<Expression> out = new ParenthesedExpressionList<>();
    for (Object o : list) out.add(compatible("IN", v, tx((Expression) o))[1].e);
    in.setRightExpression(out);
    return new Typed(in, ColumnType.of(Family.TRUTH), false);
  }

  private Typed like(LikeExpression l) {
    if (l.getLikeKeyWord() != LikeExpression.KeyWord.LIKE) throw new Unfaithful(l.getLikeKeyWord().toString());
    if (l.getEscape() != null) throw new Unfaithful("LIKE … ESCAPE");
    Typed v = tx(l.getLeftExpression());
    Typed p = tx(l.getRightExpression());
    if (!v.type.likeable()) throw new Unfaithful("LIKE over a column of a nondeterministic PostgreSQL collation");
    if (v.family() != Family.TEXT_CASE_SENSITIVE || p.family() != Family.TEXT_CASE_INSENSITIVE && !(p.e instanceof JdbcParameter)
        && p.family() != Family.TEXT_CASE_SENSITIVE) {
      throw new Unfaithful("LIKE over " + familyName(v) + " (MariaDB matches by its collation)");
    }
    l.setLeftExpression(v.e);
    l.setRightExpression(p.e);
    return new Typed(l, ColumnType.of(Family.TRUTH), false);
  }

  /**
   * Two operands MariaDB compares: a literal or parameter against a typed value is cast to that
   * value's type; text is only comparable when MariaDB's collation is case-sensitive, because
   * PostgreSQL compares case, accents and trailing spaces where MariaDB's usual collations do not.
   */
  private Typed[] compatible(String op, Typed l, Typed r) {
    if (l.family() == Family.NULL || r.family() == Family.NULL) return new Typed[] {l, r};
    if (l.bare && !r.bare) l = castTo(l, r, op);
    else if (r.bare && !l.bare) r = castTo(r, l, op);
    else if (l.bare && r.bare && l.family() != r.family()) throw new Unfaithful(op + " between a number and a text");
    for (Typed t : new Typed[] {l, r}) {
      if (t.family() == Family.TEXT_CASE_INSENSITIVE) throw new Unfaithful(op + " on text under a case-insensitive MariaDB collation");
      if (t.family() == Family.FLOATING || t.family() == Family.OTHER && !(t.e instanceof JdbcParameter)) {
        throw new Unfaithful(op + " over " + familyName(t));
      }
    }
    if (l.family() != r.family() && !(l.e instanceof JdbcParameter) && !(r.e instanceof JdbcParameter)) {
      throw new Unfaithful(op + " between " + familyName(l) + " and " + familyName(r));
    }
    return new Typed[] {l, r};
  }

  /** A literal or parameter in the type of what it is compared with. */
  private Typed castTo(Typed bare, Typed typed, String op) {
    ColumnType t = typed.type;
    if (t.isText()) {
      if (bare.family() == Family.EXACT) throw new Unfaithful(op + " between text and a number (MariaDB compares them as doubles)");
      return new Typed(bare.e, t, false);
    }
    if (t.family() == Family.EXACT || t.family() == Family.TEMPORAL) {
      if (bare.family() == Family.EXACT && t.family() == Family.EXACT) return new Typed(bare.e, bare.type, false); // a number literal
      if (bare.family() == Family.EXACT) throw new Unfaithful(op + " between a date and a number");
      if (bare.family() == Family.TEXT_CASE_INSENSITIVE && t.family() == Family.EXACT) {
        throw new Unfaithful(op + " between a number and a text (MariaDB compares them as doubles)");
      }
      if (t.family() == Family.EXACT) {
        // a parameter keeps the type it is bound with: an integer compares as one (the index serves
        // it), a decimal exactly, as MariaDB compares; casting it to the column's type would round
        return new Typed(bare.e, t, false);
      }
      // a DATE compares with a datetime as a datetime on MariaDB: the value is not cut to a day
      String pg = "date".equals(t.postgresType()) ? "timestamp" : t.postgresType();
      if (pg == null) return new Typed(bare.e, t, false);
      return new Typed(parse("CAST(" + text(bare.e) + " AS " + pg + ")"), t, false);
    }
    return bare;
  }

  private Typed caseWhen(CaseExpression c) {
    if (c.getSwitchExpression() != null) {
      Typed s = tx(c.getSwitchExpression());
      c.setSwitchExpression(s.e);
      for (WhenClause w : c.getWhenClauses()) w.setWhenExpression(compatible("CASE", s, tx(w.getWhenExpression()))[1].e);
    } else {
      for (WhenClause w : c.getWhenClauses()) w.setWhenExpression(truth(tx(w.getWhenExpression())));
    }
    ColumnType result = null;
    List<Expression> results = new ArrayList<>();
    for (WhenClause w : c.getWhenClauses()) results.add(w.getThenExpression());
    if (c.getElseExpression() != null) results.add(c.getElseExpression());
    List<Typed> typed = new ArrayList<>();
    for (Expression r : results) typed.add(tx(r));
    for (Typed t : typed) {
      if (t.family() == Family.NULL) continue;
      if (t.family() == Family.TRUTH) throw new Unfaithful("CASE yielding a truth value");
      if (result == null) result = t.type;
      else if (result.family() != t.family()) throw new Unfaithful("CASE whose branches have different types");
      else if (result.family() == Family.EXACT && result.scale() != t.type.scale()) result = ColumnType.exact(Math.max(result.scale(), t.type.scale()));
    }
    for (int i = 0; i < c.getWhenClauses().size(); i++) c.getWhenClauses().get(i).setThenExpression(typed.get(i).e);
    if (c.getElseExpression() != null) c.setElseExpression(typed.get(typed.size() - 1).e);
    return new Typed(c, result == null ? ColumnType.of(Family.NULL) : result, false);
  }

  private Typed cast(CastExpression c) {
    if (c.keyword == null) return new Typed(c, ColumnType.of(Family.TEMPORAL), false); // DATE '…'
    if (!"CAST".equalsIgnoreCase(c.keyword)) throw new Unfaithful(c.keyword);
    Typed inner = tx(c.getLeftExpression());
    String type = c.getColDataType().toString().toUpperCase(Locale.ROOT).replace(" ", "");
    if (inner.family() == Family.FLOATING || inner.family() == Family.TRUTH) throw new Unfaithful("CAST of " + familyName(inner));
    String body = text(inner.e);
    if (type.equals("SIGNED") || type.equals("SIGNEDINTEGER") || type.equals("INTEGER") || type.equals("INT")) {
      if (inner.type.isText()) throw new Unfaithful("CAST of text to a number");
      return new Typed(parse("CAST(" + body + " AS BIGINT)"), ColumnType.exact(0), false);
    }
    if (type.startsWith("DECIMAL(") || type.startsWith("NUMERIC(")) {
      if (inner.type.isText()) throw new Unfaithful("CAST of text to a number");
      String args = type.substring(type.indexOf('('));
      int comma = args.indexOf(',');
      int scale = comma < 0 ? 0 : Integer.parseInt(args.substring(comma + 1, args.length() - 1).trim());
      return new Typed(parse("CAST(" + body + " AS NUMERIC" + args + ")"), ColumnType.exact(scale), false);
    }
    if (type.equals("CHAR") || type.startsWith("CHAR(")) {
      if (inner.family() != Family.EXACT && !inner.type.isText()) throw new Unfaithful("CAST of " + familyName(inner) + " to text");
      return new Typed(parse("CAST(" + body + " AS TEXT)"), ColumnType.of(Family.TEXT_CASE_INSENSITIVE), false);
    }
    if (type.equals("DATE") || type.equals("DATETIME") || type.equals("TIME")) {
      String pg = type.equals("DATETIME") ? "TIMESTAMP" : type;
      return new Typed(parse("CAST(" + body + " AS " + pg + ")"), ColumnType.of(Family.TEMPORAL), false);
    }
    throw new Unfaithful("CAST AS " + type);
  }

  private Typed function(Function f) {
    String name = f.getName() == null ? "" : f.getName().toLowerCase(Locale.ROOT);
    if (f.getMultipartName() != null && f.getMultipartName().size() > 1) throw new Unfaithful("function " + f.getName());
    if (f.isIgnoreNulls() || f.getKeep() != null || f.getOrderByElements() != null) {
      throw new Unfaithful("function " + f.getName() + " with modifiers");
    }
    List<Typed> args = new ArrayList<>();
    boolean star = f.isAllColumns() || f.getParameters() != null && f.getParameters().size() == 1
        && f.getParameters().get(0) instanceof net.sf.jsqlparser.statement.select.AllColumns;
    if (f.getParameters() != null && !star) {
      for (Object o : f.getParameters()) args.add(tx((Expression) o));
    }
    switch (name) {
      case "values": // MariaDB's VALUES(c) in ON DUPLICATE KEY UPDATE: the inserted value of c
        if (!write || args.size() != 1 || !(args.get(0).e instanceof Column)) throw new Unfaithful("function VALUES");
        return new Typed(f, args.get(0).type, false);
      case "count":
        setArgs(f, args);
        return new Typed(f, ColumnType.exact(0), false);
      case "ifnull":
        if (args.size() != 2) throw new Unfaithful("IFNULL with " + args.size() + " arguments");
        return sameType("COALESCE", args);
      case "coalesce":
        return sameType("COALESCE", args);
      case "nullif":
        if (args.size() != 2) throw new Unfaithful("NULLIF with " + args.size() + " arguments");
        Typed[] pair = compatible("NULLIF", args.get(0), args.get(1));
        return new Typed(parse("NULLIF(" + text(pair[0].e) + ", " + text(pair[1].e) + ")"), pair[0].type, false);
      case "mod":
        if (args.size() != 2) throw new Unfaithful("MOD with " + args.size() + " arguments");
        return modulo(args.get(0).e, args.get(1).e);
      case "concat": {
        // MariaDB: NULL when any argument is NULL; PostgreSQL's CONCAT skips NULLs, its || does not
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < args.size(); i++) {
          Typed a = args.get(i);
          if (a.family() != Family.EXACT && !a.type.isText() && a.family() != Family.NULL && !(a.e instanceof JdbcParameter)) {
            throw new Unfaithful("CONCAT of " + familyName(a));
          }
          sb.append(i > 0 ? " || " : "").append("CAST(").append(text(a.e)).append(" AS TEXT)");
        }
        return new Typed(parse(sb.append(')').toString()), ColumnType.of(Family.TEXT_CASE_INSENSITIVE), false);
      }
      case "avg": {
        if (args.size() != 1 || args.get(0).family() != Family.EXACT) throw new Unfaithful("AVG over " + (args.isEmpty() ? "nothing" : familyName(args.get(0))));
        int scale = args.get(0).type.scale() + 4;
        return new Typed(parse("ROUND(AVG(" + (f.isDistinct() ? "DISTINCT " : "") + text(args.get(0).e) + "), " + scale + ")"),
            ColumnType.exact(scale), false);
      }
      case "round": {
        if (args.isEmpty() || args.size() > 2 || args.get(0).family() != Family.EXACT) {
          throw new Unfaithful("ROUND over " + (args.isEmpty() ? "nothing" : familyName(args.get(0))));
        }
        if (args.size() == 2 && !(args.get(1).e instanceof LongValue)) throw new Unfaithful("ROUND to a computed number of digits");
        int digits = args.size() == 2 ? (int) ((LongValue) args.get(1).e).getValue() : 0;
        return new Typed(parse("ROUND(CAST(" + text(args.get(0).e) + " AS NUMERIC), " + digits + ")"), ColumnType.exact(Math.max(0, digits)), false);
      }
      case "ucase":
      case "lcase":
        f.setName(name.equals("ucase") ? "UPPER" : "LOWER");
        // fall through
      default:
        if (!SAME.contains(name) && !name.equals("ucase") && !name.equals("lcase")) throw new Unfaithful("function " + f.getName());
    }
    if (f.isDistinct() && !Set.of("count", "sum", "min", "max").contains(name)) throw new Unfaithful(f.getName() + "(DISTINCT …)");
    for (Typed a : args) {
      if (a.family() == Family.FLOATING || a.family() == Family.TRUTH) throw new Unfaithful(f.getName() + " of " + familyName(a));
    }
    if ((name.equals("min") || name.equals("max")) && !args.isEmpty()) unordered(args.get(0), f.getName());
    setArgs(f, args);
    switch (name) {
      case "upper": case "lower": case "ucase": case "lcase": case "replace":
        return new Typed(f, args.isEmpty() ? ColumnType.of(Family.OTHER) : args.get(0).type, false);
      case "char_length": case "character_length": case "sign":
        return new Typed(f, ColumnType.exact(0), false);
      case "ceil": case "ceiling": case "floor":
        if (args.size() != 1 || args.get(0).family() != Family.EXACT) throw new Unfaithful(f.getName() + " over " + (args.isEmpty() ? "nothing" : familyName(args.get(0))));
        return new Typed(f, ColumnType.exact(0), false);
      default: // min, max, sum, abs
        return new Typed(f, args.isEmpty() ? ColumnType.of(Family.OTHER) : args.get(0).type, false);
    }
  }

  private Typed sameType(String name, List<Typed> args) {
    ColumnType type = null;
    StringBuilder sb = new StringBuilder(name).append('(');
    for (int i = 0; i < args.size(); i++) {
      Typed a = args.get(i);
      if (a.family() == Family.FLOATING || a.family() == Family.TRUTH || a.family() == Family.OTHER && !(a.e instanceof JdbcParameter)) {
        throw new Unfaithful(name + " of " + familyName(a));
      }
      if (a.family() != Family.NULL && !(a.e instanceof JdbcParameter)) {
        if (type == null) type = a.type;
        else if (type.family() != a.family() && !(type.isText() && a.type.isText())) throw new Unfaithful(name + " of mixed types");
      }
      sb.append(i > 0 ? ", " : "").append(text(a.e));
    }
    return new Typed(parse(sb.append(')').toString()), type == null ? ColumnType.of(Family.NULL) : type, false);
  }

  private static void setArgs(Function f, List<Typed> args) {
    if (args.isEmpty()) return;
    ExpressionList<Expression> list = new ExpressionList<>();
    for (Typed a : args) list.add(a.e);
    f.setParameters(list);
  }

  /** A condition: a number is true when not zero, as MariaDB reads it. */
  private static Expression truth(Typed t) {
    if (t.family() == Family.TRUTH || t.family() == Family.NULL) return t.e;
    if (t.family() == Family.EXACT) return parse("(" + text(t.e) + ") <> 0");
    throw new Unfaithful("a condition over " + familyName(t));
  }

  // ---- helpers ----

  private static String familyName(Typed t) {
    switch (t.family()) {
      case EXACT: return "an exact number";
      case FLOATING: return "a floating-point number";
      case TEXT_CASE_INSENSITIVE: return "case-insensitive text";
      case TEXT_CASE_SENSITIVE: return "text";
      case TEMPORAL: return "a date or time";
      case TRUTH: return "a truth value";
      case NULL: return "NULL";
      default: return t.e instanceof Column ? "column " + ((Column) t.e).getColumnName() + " of unknown type" : describe(t.e);
    }
  }

  private static String describe(Expression e) {
    String kind = e.getClass().getSimpleName();
    switch (kind) {
      case "Concat": return "|| (OR on MariaDB)";
      case "CosineSimilarity": return "<=>";
      case "RegExpMatchOperator": return "REGEXP";
      case "IsBooleanExpression": return "IS TRUE / IS FALSE";
      case "XorExpression": return "XOR";
      case "UserVariable": return "a user variable";
      default: return kind;
    }
  }

  /** MariaDB's label for an unaliased expression: its text. */
  private static String label(Expression e) {
    String s = e.toString();
    return s.length() > 64 ? s.substring(0, 64) : s;
  }

  private static String quoteLabel(String label) {
    return "\"" + label.replace("\"", "\"\"") + "\"";
  }

  private static String text(Expression e) { return IndexedSql.indexed(e); }

  private static String unquote(String identifier) {
    String[] parts = dev.shunt.sql.Identifiers.splitQualified(identifier);
    return parts[parts.length - 1];
  }

  private static Expression parse(String text) {
    try {
      return CCJSqlParserUtil.parseExpression(text, false);
    } catch (Exception e) {
      throw new Unfaithful("an expression Shunt could not restate");
    }
  }
}
