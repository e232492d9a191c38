package dev.shunt.write;

import dev.shunt.sql.IndexedSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where one value of an inserted row comes from: a bound parameter, a constant in the text, or a
 * deterministic expression that Shunt evaluates on the primary ({@code SELECT expr}) with the
 * same parameters.
 */
final class KeySource {
  private final int parameterIndex; // 0 unless a parameter
  private final Object constant;
  private final IndexedSql expression; // SELECT <expr>, or null
  private final boolean afterInsert; // the expression reads what the insert drew (a sequence's last value)

  private KeySource(int parameterIndex, Object constant, IndexedSql expression, boolean afterInsert) {
    this.parameterIndex = parameterIndex;
    this.constant = constant;
    this.expression = expression;
    this.afterInsert = afterInsert;
  }

  static KeySource parameter(int index) { return new KeySource(index, null, null, false); }

  static KeySource constant(Object value) { return new KeySource(0, value, null, false); }

  static KeySource expression(IndexedSql select) { return new KeySource(0, null, select, false); }

  /** {@code select} reads, after the insert and on its connection, the value the insert generated. */
  static KeySource expression(IndexedSql select, boolean afterInsert) { return new KeySource(0, null, select, afterInsert); }

  /** True when the value can only be read after the insert (it was drawn from a sequence). */
  boolean afterInsert() { return afterInsert; }

  /** True when Shunt evaluates the value with a SELECT of its own (a constant or parameter is not). */
  boolean isExpression() { return expression != null; }

  boolean isParameter() {
    return parameterIndex != 0 || expression != null && expression.parameterCount() > 0;
  }

  Object value(Connection c, BoundParameters params) throws SQLException {
    if (expression != null) return evaluate(c, params);
    if (parameterIndex == 0) return constant;
    if (params == null || !params.replayable(parameterIndex)) {
      throw new SQLException("Shunt cannot read key parameter " + parameterIndex + " (a stream, or never set)", "HY000");
    }
    return params.value(parameterIndex);
  }

  private Object evaluate(Connection c, BoundParameters params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(expression.sql())) {
      for (int p = 0; p < expression.parameterCount(); p++) params.bind(ps, p + 1, expression.sourceIndex(p));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1);
      }
    }
  }
}
