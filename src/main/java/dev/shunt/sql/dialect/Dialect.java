package dev.shunt.sql.dialect;

import dev.shunt.sql.TableRef;
import java.util.List;
import java.util.Locale;

/**
 * What Shunt needs to know of a database's SQL to write statements of its own: identifier
 * quoting, the upsert form, and the locking-read clauses. One instance per engine, stateless.
 */
public abstract class Dialect {
  public static final Dialect MARIADB = new MariaDbDialect();
  public static final Dialect POSTGRESQL = new PostgresDialect();
  public static final Dialect H2 = new H2Dialect();

  /** Engine name for messages. */
  public abstract String name();

  /**
   * A toggle-file identifier (always a plain name) quoted for this engine, after the engine's own
   * folding of unquoted names, so that quoting guards against injection without changing which
   * object the name denotes.
   */
  public final String quote(String identifier) { return quoteWith(quoteChar(), fold(identifier)); }

  /** The engine's quote character for identifiers. */
  protected abstract char quoteChar();

  /** What the engine does to an unquoted identifier's case (as metadata look-ups need it). */
  public String fold(String identifier) { return identifier; }

  /** {@code schema.table} or {@code table}, each part quoted. */
  public final String quote(TableRef table) {
    return table.schema() == null ? quote(table.name()) : quote(table.schema()) + "." + quote(table.name());
  }

  /**
   * True when the engine's driver runs every entry of a JDBC batch even after one fails (MariaDB,
   * H2), reporting the failure at the end; PostgreSQL's stops, and its transaction is aborted.
   */
  public boolean batchContinuesAfterFailure() { return true; }

  /** Clause appended to a SELECT to take exclusive row locks. */
  public String exclusiveLock() { return " FOR UPDATE"; }

  /** Clause appended to a SELECT to take shared row locks. */
  public abstract String sharedLock();

  /**
   * Turns {@code insert} (an {@code INSERT INTO t (cols…) SELECT …} or {@code … VALUES …}) into an
   * upsert on {@code keyColumns}: rows whose key exists get {@code updateColumns} replaced.
   */
  public abstract String upsert(String insert, List<String> keyColumns, List<String> updateColumns);

  /**
   * A derived table of {@code rows} rows whose cells are the given SQL texts (parameters, for
   * the most part), named {@code alias} with columns {@code columns}:
   * {@code (SELECT ? AS a, ? AS b UNION ALL SELECT ?, ?) alias}. H2 cannot type a bare parameter
   * in a select list, so it gets {@code (VALUES (?, ?), (?, ?)) alias(a, b)}, or, when
   * {@code typedBy} names a table with those columns, a union with that table's empty selection,
   * which gives every parameter its column's type.
   */
  public String derivedRows(List<String> columns, List<List<String>> rows, String alias, String typedBy) {
    StringBuilder sb = new StringBuilder("(");
    for (int r = 0; r < rows.size(); r++) {
      sb.append(r > 0 ? " UNION ALL SELECT " : "SELECT ");
      for (int c = 0; c < columns.size(); c++) {
        if (c > 0) sb.append(", ");
        sb.append(rows.get(r).get(c));
        if (r == 0) sb.append(" AS ").append(quote(columns.get(c)));
      }
    }
    return sb.append(") ").append(alias).toString();
  }

  /** {@link #derivedRows} with every cell a parameter. */
  public final String derivedParameterRows(List<String> columns, int rows, String alias) {
    List<String> row = java.util.Collections.nCopies(columns.size(), "?");
    return derivedRows(columns, java.util.Collections.nCopies(rows, row), alias, null);
  }

  /** The dialect for a JDBC URL ({@code jdbc:mariadb:}, {@code jdbc:mysql:}, {@code jdbc:postgresql:}, {@code jdbc:h2:}). */
  public static Dialect forUrl(String jdbcUrl) {
    String u = jdbcUrl.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:mariadb:") || u.startsWith("jdbc:mysql:")) return MARIADB;
    if (u.startsWith("jdbc:postgresql:")) return POSTGRESQL;
    if (u.startsWith("jdbc:h2:")) return H2;
    throw new IllegalArgumentException("Shunt supports MariaDB/MySQL, PostgreSQL and H2, not " + schemeOf(u));
  }

  /** The dialect for {@code DatabaseMetaData.getDatabaseProductName()}. */
  public static Dialect forProductName(String product) {
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("mariadb") || p.contains("mysql")) return MARIADB;
    if (p.contains("postgres")) return POSTGRESQL;
    if (p.equals("h2")) return H2;
    throw new IllegalArgumentException("Shunt supports MariaDB/MySQL, PostgreSQL and H2, not " + product);
  }

  private static String schemeOf(String url) {
    int second = url.indexOf(':', 5);
    return second < 0 ? url : url.substring(0, second);
  }

  static String quoteWith(char q, String identifier) {
    StringBuilder sb = new StringBuilder(identifier.length() + 2).append(q);
    for (int i = 0; i < identifier.length(); i++) {
      char c = identifier.charAt(i);
      if (c == q) sb.append(q);
      sb.append(c);
    }
    return sb.append(q).toString();
  }

  @Override public String toString() { return name(); }
}
