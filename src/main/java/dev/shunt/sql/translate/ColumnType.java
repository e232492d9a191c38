package dev.shunt.sql.translate;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * What the translation needs to know of one old column: which family its values belong to (how
 * MariaDB computes and compares them), their scale, and the PostgreSQL type a value stored in it
 * has, so that a value the application gives for the column is typed on PostgreSQL as MariaDB
 * would have stored it.
 */
public final class ColumnType {
  /** How MariaDB computes with and compares a value. */
  public enum Family {
    /** integers and DECIMAL: exact arithmetic, division to scale + 4 */
    EXACT,
    /** FLOAT, DOUBLE: printed and rounded differently by the two engines */
    FLOATING,
    /** text under a collation that ignores case (and, for most, accents and trailing spaces) */
    TEXT_CASE_INSENSITIVE,
    /** text under a binary or case-sensitive collation */
    TEXT_CASE_SENSITIVE,
    /** DATE, TIME, DATETIME, TIMESTAMP */
    TEMPORAL,
    /** a comparison's truth value: an integer 0 or 1 on MariaDB */
    TRUTH,
    /** BINARY, BLOB and whatever Shunt does not know */
    OTHER,
    /** a NULL literal */
    NULL
  }

  private final Family family;
  private final int scale;
  private final String postgresType; // null: no cast (text, or not known)
  private final boolean likeable;

  ColumnType(Family family, int scale, String postgresType) {
    this(family, scale, postgresType, true);
  }

  private ColumnType(Family family, int scale, String postgresType, boolean likeable) {
    this.family = family;
    this.scale = scale;
    this.postgresType = postgresType;
    this.likeable = likeable;
  }

  /**
   * Text PostgreSQL compares without case as MariaDB does; {@code likeable} false when it cannot
   * run LIKE over it (a nondeterministic collation, before PostgreSQL 18).
   */
  static ColumnType caselessOnPostgres(boolean likeable) {
    return new ColumnType(Family.TEXT_CASE_SENSITIVE, 0, null, likeable);
  }

  /** False when LIKE over this column cannot run on PostgreSQL with MariaDB's meaning. */
  public boolean likeable() { return likeable; }

  public Family family() { return family; }

  /** Digits after the decimal point, for EXACT. */
  public int scale() { return scale; }

  /** The PostgreSQL type a value stored in this column is cast to, or null when none is needed or known. */
  public String postgresType() { return postgresType; }

  public boolean isText() { return family == Family.TEXT_CASE_INSENSITIVE || family == Family.TEXT_CASE_SENSITIVE; }

  static ColumnType exact(int scale) { return new ColumnType(Family.EXACT, scale, null); }

  static ColumnType of(Family f) { return new ColumnType(f, 0, null); }

  /**
   * Column {@code i} of a MariaDB result's metadata; {@code collation} is the column's, from the
   * catalogue (the driver's {@code isCaseSensitive} says true for every text column).
   */
  static ColumnType of(ResultSetMetaData md, int i, String collation) throws SQLException {
    int type = md.getColumnType(i);
    String name = md.getColumnTypeName(i) == null ? "" : md.getColumnTypeName(i).toUpperCase(java.util.Locale.ROOT);
    switch (type) {
      case Types.BIT:
      case Types.BOOLEAN:
      case Types.TINYINT:
      case Types.SMALLINT:
        return new ColumnType(Family.EXACT, 0, name.contains("UNSIGNED") ? "integer" : "smallint");
      case Types.INTEGER:
        return new ColumnType(Family.EXACT, 0, name.contains("UNSIGNED") ? "bigint" : "integer");
      case Types.BIGINT:
        return new ColumnType(Family.EXACT, 0, name.contains("UNSIGNED") ? "numeric(20)" : "bigint");
      case Types.DECIMAL:
      case Types.NUMERIC: {
        int p = md.getPrecision(i);
        int s = Math.max(0, md.getScale(i));
        return new ColumnType(Family.EXACT, s, p > 0 && p <= 1000 ? "numeric(" + p + ", " + s + ")" : "numeric");
      }
      case Types.REAL:
        return new ColumnType(Family.FLOATING, 0, "real");
      case Types.FLOAT:
      case Types.DOUBLE:
        return new ColumnType(Family.FLOATING, 0, "double precision");
      case Types.DATE:
        return new ColumnType(Family.TEMPORAL, 0, name.equals("YEAR") ? null : "date");
      case Types.TIME:
        return new ColumnType(Family.TEMPORAL, 0, "time");
      case Types.TIMESTAMP:
        return new ColumnType(Family.TEMPORAL, 0, "timestamp");
      case Types.CHAR:
      case Types.VARCHAR:
      case Types.LONGVARCHAR:
      case Types.NCHAR:
      case Types.NVARCHAR:
      case Types.LONGNVARCHAR:
      case Types.CLOB:
      case Types.NCLOB:
        return new ColumnType(caseSensitive(collation) ? Family.TEXT_CASE_SENSITIVE : Family.TEXT_CASE_INSENSITIVE, 0, null);
      default:
        return new ColumnType(Family.OTHER, 0, null);
    }
  }

  /** A binary or {@code _cs} collation; unknown counts as case-insensitive, MariaDB's usual. */
  private static boolean caseSensitive(String collation) {
    if (collation == null) return false;
    String c = collation.toLowerCase(java.util.Locale.ROOT);
    return c.equals("binary") || c.endsWith("_bin") || c.endsWith("_cs") || c.contains("_as_cs");
  }

  @Override public String toString() { return family + (family == Family.EXACT ? "(" + scale + ")" : ""); }
}
