package dev.shunt.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectVisitor;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.LimitDeparser;
import net.sf.jsqlparser.util.deparser.OrderByDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;

/**
 * SQL that Shunt builds from pieces of an application's statement, with its {@code ?} mapped back
 * to the application's parameter indexes. Pieces are deparsed with every parameter printed as
 * {@code ?N} (N its index in the application's statement), never by mutating the shared AST;
 * {@link #of(String)} then turns the text into plain {@code ?} and the index list.
 */
public final class IndexedSql {
  private final String sql;
  private final int[] sourceIndexes;

  private IndexedSql(String sql, int[] sourceIndexes) {
    this.sql = sql;
    this.sourceIndexes = sourceIndexes;
  }

  /** The SQL with plain {@code ?} placeholders. */
  public String sql() { return sql; }

  /** For the i-th placeholder (0-based) of {@link #sql()}, the application's parameter index (1-based). */
  public int[] sourceIndexes() { return sourceIndexes.clone(); }

  public int parameterCount() { return sourceIndexes.length; }

  /** This SQL with {@code plain} (text without parameters) appended. */
  public IndexedSql append(String plain) { return new IndexedSql(sql + plain, sourceIndexes); }

  public int sourceIndex(int placeholder) { return sourceIndexes[placeholder]; }

  /** Parses a text whose parameters are written {@code ?N}. */
  public static IndexedSql of(String indexedText) {
    StringBuilder out = new StringBuilder(indexedText.length());
    List<Integer> indexes = new ArrayList<>();
    int i = 0;
    int n = indexedText.length();
    while (i < n) {
      char c = indexedText.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = SqlText.endOfQuoted(indexedText, i);
        if (end < 0) end = n;
        out.append(indexedText, i, end);
        i = end;
      } else if (c == '?' && i + 1 < n && Character.isDigit(indexedText.charAt(i + 1))) {
        int end = i + 1;
        while (end < n && Character.isDigit(indexedText.charAt(end))) end++;
        indexes.add(Integer.parseInt(indexedText.substring(i + 1, end)));
        out.append('?');
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    int[] idx = new int[indexes.size()];
    for (int k = 0; k < idx.length; k++) idx[k] = indexes.get(k);
    return new IndexedSql(out.toString(), idx);
  }

  /** The expression's text with parameters as {@code ?N}, subqueries included. */
  public static String indexed(Expression e) {
    StringBuilder b = new StringBuilder();
    e.accept(deparser(b), null);
    return b.toString();
  }

  /** {@code ORDER BY …} with parameters as {@code ?N}, or "" when there is none. */
  public static String indexedOrderBy(List<OrderByElement> orderBy) {
    if (orderBy == null || orderBy.isEmpty()) return "";
    StringBuilder b = new StringBuilder();
    ExpressionDeParser d = deparser(b);
    new OrderByDeParser(d, b).deParse(orderBy);
    return b.toString();
  }

  /** {@code LIMIT …} with parameters as {@code ?N}, or "" when there is none. */
  public static String indexedLimit(Limit limit) {
    if (limit == null) return "";
    StringBuilder b = new StringBuilder();
    new LimitDeparser(deparser(b), b).deParse(limit);
    return b.toString();
  }

  /** A whole SELECT's text with parameters as {@code ?N}. */
  public static String indexedSelect(Select select) {
    StringBuilder b = new StringBuilder();
    ExpressionDeParser d = deparser(b);
    select.accept((SelectVisitor<StringBuilder>) d.getSelectVisitor(), null);
    return b.toString();
  }

  /**
   * The expression's text with parameters as {@code ?N} and every column reference replaced by
   * what {@code columns} says (null keeps the reference as written).
   */
  public static String indexed(Expression e, Function<Column, String> columns) {
    StringBuilder b = new StringBuilder();
    e.accept(deparser(b, columns), null);
    return b.toString();
  }

  /**
   * As {@link #indexed(Expression, Function)}, and every function call for which {@code functions}
   * answers non-null (MariaDB's {@code VALUES(col)} in an upsert) replaced by that text.
   */
  public static String indexed(Expression e, Function<Column, String> columns,
      Function<net.sf.jsqlparser.expression.Function, String> functions) {
    StringBuilder b = new StringBuilder();
    e.accept(deparser(b, columns, functions), null);
    return b.toString();
  }

  /** ORDER BY with column references replaced, as {@link #indexed(Expression, Function)}. */
  public static String indexedOrderBy(List<OrderByElement> orderBy, Function<Column, String> columns) {
    if (orderBy == null || orderBy.isEmpty()) return "";
    StringBuilder b = new StringBuilder();
    new OrderByDeParser(deparser(b, columns), b).deParse(orderBy);
    return b.toString();
  }

  /**
   * The expression's text with parameters as {@code ?N} and {@code lock} (a locking-read clause)
   * after every SELECT nested in it that has none. MariaDB's UPDATE and DELETE read the rows of
   * their subqueries with shared locks, that is as currently committed; a plain SELECT would read them
   * from its snapshot, so a pre-select of the rows a write will touch must lock its subqueries too
   * or it can miss a row another transaction committed in between.
   */
  public static String indexedLockingSubqueries(Expression e, String lock) {
    StringBuilder b = new StringBuilder();
    e.accept(lockingDeparser(b, null, lock), null);
    return b.toString();
  }

  /**
   * A whole SELECT followed by {@code topLock}, every SELECT nested in it by {@code nestedLock}
   * (see {@link #indexedLockingSubqueries}).
   */
  public static String indexedSelectLocking(Select select, String topLock, String nestedLock) {
    StringBuilder b = new StringBuilder();
    ExpressionDeParser d = lockingDeparser(b, topLock, nestedLock);
    select.accept((SelectVisitor<StringBuilder>) d.getSelectVisitor(), null);
    return b.toString();
  }

  /** {@code topLock} null: every SELECT met is nested. */
  private static ExpressionDeParser lockingDeparser(StringBuilder b, String topLock, String nestedLock) {
    ExpressionDeParser d = deparser(b);
    SelectDeParser select = new SelectDeParser(d, b) {
      private int depth = topLock == null ? 1 : 0;

      @Override public <S> StringBuilder visit(net.sf.jsqlparser.statement.select.PlainSelect ps, S context) {
        boolean top = depth == 0;
        depth++;
        try {
          super.visit(ps, context);
        } finally {
          depth--;
        }
        if (ps.getForMode() == null && ps.getForClause() == null) getBuilder().append(top ? topLock : nestedLock);
        return getBuilder();
      }
    };
    d.setSelectVisitor(select);
    return d;
  }

  private static ExpressionDeParser deparser(StringBuilder b) {
    return deparser(b, c -> null);
  }

  private static ExpressionDeParser deparser(StringBuilder b, Function<Column, String> columns) {
    return deparser(b, columns, f -> null);
  }

  private static ExpressionDeParser deparser(StringBuilder b, Function<Column, String> columns,
      Function<net.sf.jsqlparser.expression.Function, String> functions) {
    ExpressionDeParser d = new ExpressionDeParser() {
      @Override public <S> StringBuilder visit(net.sf.jsqlparser.expression.Function f, S context) {
        String replacement = functions.apply(f);
        if (replacement == null) return super.visit(f, context);
        return getBuilder().append(replacement);
      }

      @Override public <S> StringBuilder visit(JdbcParameter p, S context) {
        if (p.getIndex() == null) throw new IllegalStateException("a parameter without an index");
        return getBuilder().append('?').append(p.getIndex());
      }

      @Override public <S> StringBuilder visit(Column column, S context) {
        String replacement = columns.apply(column);
        if (replacement == null) return super.visit(column, context);
        return getBuilder().append(replacement);
      }
    };
    d.setBuilder(b);
    SelectDeParser select = new SelectDeParser(d, b);
    d.setSelectVisitor(select);
    return d;
  }
}
