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
