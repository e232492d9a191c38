package dev.shunt.sql;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Checks that a toggle-file transform is one scalar SQL expression: no statement, subquery,
 * semicolon or comment, since the text is spliced into statements Shunt builds.
 */
public final class ScalarExpressions {
  private ScalarExpressions() {}

  /** Why {@code expr} is not acceptable, or null when it is. */
  public static String problem(String expr) {
    if (expr == null || expr.trim().isEmpty()) return "the expression is empty";
    String outside = SqlText.outsideLiterals(expr);
    if (outside == null) return "the expression has an unterminated quote";
    if (outside.indexOf(';') >= 0) return "the expression contains ';' (one scalar expression only)";
    if (outside.contains("--") || outside.contains("/*") || outside.indexOf('#') >= 0) {
      return "the expression contains a comment";
    }
    Expression parsed;
    try {
      parsed = CCJSqlParserUtil.parseExpression(expr, false);
    } catch (JSQLParserException | RuntimeException e) {
      return "'" + expr + "' is not one SQL expression";
    }
    SubqueryFinder finder = new SubqueryFinder();
    try {
      parsed.accept(finder, null);
    } catch (RuntimeException e) {
      return "'" + expr + "' cannot be checked: " + e.getClass().getSimpleName();
    }
    if (finder.found) return "the expression contains a subquery";
    return null;
  }

  /**
   * The first division in {@code expr} whose operands may both be integers (columns, whole
   * numbers, sums of them), which PostgreSQL truncates where MariaDB and H2 give a decimal; null
   * when there is none. A decimal literal or a CAST to a decimal type on either side settles it.
   */
  public static String integerDivision(String expr) {
    Expression parsed;
    try {
      parsed = CCJSqlParserUtil.parseExpression(expr, false);
    } catch (JSQLParserException | RuntimeException e) {
      return null; // problem() reports it
    }
    String[] found = {null};
    ExpressionVisitorAdapter<Void> finder = new ExpressionVisitorAdapter<Void>() {
      @Override public <S> Void visit(net.sf.jsqlparser.expression.operators.arithmetic.Division d, S context) {
        if (found[0] == null && mayBeInteger(d.getLeftExpression()) && mayBeInteger(d.getRightExpression())) found[0] = d.toString();
        return super.visit(d, context);
      }
    };
    try {
      parsed.accept(finder, null);
    } catch (RuntimeException e) {
      return null;
    }
    return found[0];
  }

  private static boolean mayBeInteger(Expression e) {
    if (e instanceof net.sf.jsqlparser.expression.LongValue || e instanceof net.sf.jsqlparser.schema.Column) return true;
    if (e instanceof net.sf.jsqlparser.expression.SignedExpression) return mayBeInteger(((net.sf.jsqlparser.expression.SignedExpression) e).getExpression());
    if (e instanceof net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList
        && ((net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?>) e).size() == 1) {
      return mayBeInteger((Expression) ((net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList<?>) e).get(0));
    }
    if (e instanceof net.sf.jsqlparser.expression.operators.arithmetic.Addition
        || e instanceof net.sf.jsqlparser.expression.operators.arithmetic.Subtraction
        || e instanceof net.sf.jsqlparser.expression.operators.arithmetic.Multiplication) {
      net.sf.jsqlparser.expression.BinaryExpression b = (net.sf.jsqlparser.expression.BinaryExpression) e;
      return mayBeInteger(b.getLeftExpression()) && mayBeInteger(b.getRightExpression());
    }
    if (e instanceof net.sf.jsqlparser.expression.CastExpression) {
      String type = ((net.sf.jsqlparser.expression.CastExpression) e).getColDataType().getDataType().toUpperCase(java.util.Locale.ROOT);
      return type.contains("INT") || type.equals("SIGNED");
    }
    return false;
  }

  private static final class SubqueryFinder extends ExpressionVisitorAdapter<Void> {
    boolean found;

    @Override public <S> Void visit(ParenthesedSelect select, S context) {
      found = true;
      return null;
    }

    @Override public <S> Void visit(Select select, S context) {
      found = true;
      return null;
    }
  }
}
