package dev.shunt.backfill;

import dev.shunt.sql.dialect.Dialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Key-ordered ranges over a (possibly composite) key, as predicates every engine can serve from
 * the key's index: {@code (a > ? OR (a = ? AND b > ?))} rather than row-value comparisons, which
 * MariaDB does not always turn into an index range.
 */
public final class KeyOrder {
  private final List<String> columns;
  private final Dialect d;

  public KeyOrder(List<String> columns, Dialect d) {
    this.columns = List.copyOf(columns);
    this.d = d;
  }

  public List<String> columns() { return columns; }

  /** {@code k1, k2}: for select lists and ORDER BY. */
  public String list(String qualifier) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) sb.append(", ");
      if (qualifier != null) sb.append(qualifier).append('.');
      sb.append(d.quote(columns.get(i)));
    }
    return sb.toString();
  }

  /** Key strictly after the bound: n(n+1)/2 parameters, bound by {@link #bindAfter}. */
  public String after(String qualifier) { return compare(qualifier, ">", ">"); }

  /** Key at or before the bound, bound by {@link #bindAfter} too. */
  public String atOrBefore(String qualifier) { return compare(qualifier, "<", "<="); }

  private String compare(String qualifier, String strict, String last) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < columns.size(); i++) {
      if (i > 0) sb.append(" OR ");
      sb.append('(');
      for (int j = 0; j < i; j++) sb.append(column(qualifier, j)).append(" = ? AND ");
      sb.append(column(qualifier, i)).append(' ').append(i == columns.size() - 1 ? last : strict).append(" ?)");
    }
    return sb.append(')').toString();
  }

  private String column(String qualifier, int i) {
    return (qualifier == null ? "" : qualifier + ".") + d.quote(columns.get(i));
  }

  /** Binds a bound of {@link #after} or {@link #atOrBefore} from parameter {@code index}; returns the next index. */
  public int bindAfter(PreparedStatement ps, int index, Object[] key) throws SQLException {
    for (int i = 0; i < key.length; i++) {
      for (int j = 0; j <= i; j++) ps.setObject(index++, key[j]);
    }
    return index;
  }

  /** The key of the current row, read from columns {@code first..first+n-1}. */
  public Object[] read(ResultSet rs, int first) throws SQLException {
    Object[] key = new Object[columns.size()];
    for (int i = 0; i < key.length; i++) key[i] = rs.getObject(first + i);
    return key;
  }
}
