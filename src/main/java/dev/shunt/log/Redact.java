package dev.shunt.log;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * What Shunt may print of a secret or a row value: nothing. Passwords in URLs and messages are
 * masked; a database's or parser's own message (which quotes values: "Duplicate entry
 * 'alice@example.com'") is reduced to its class, SQLState and vendor code unless the toggle file
 * says {@code log_values: true}.
 */
public final class Redact {
  /** {@code password=…}, {@code sslpassword=…}, {@code pwd=…} in a URL's query or a property list. */
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)((?:^|[?&;,\\s({])[a-z._-]*(?:password|pwd)=)[^&;,\\s)}]*");
  /** {@code //user:secret@host}. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*@");

  private Redact() {}

  /** {@code text} with every password-like URL parameter and URL user info masked. */
  public static String secrets(String text) {
    if (text == null) return null;
    String masked = PASSWORD_PARAM.matcher(text).replaceAll("$1****");
    return USER_INFO.matcher(masked).replaceAll("$1****@");
  }

  /**
   * A failure fit for a log line or a status column: with {@code logValues} its message (its
   * secrets masked all the same), else its class, SQLState and vendor code, which name the
   * failure without quoting a value.
   */
  public static String error(Throwable e, boolean logValues) {
    if (e == null) return null;
    if (logValues) return secrets(String.valueOf(e.getMessage()));
    if (e instanceof SQLException) {
      SQLException s = (SQLException) e;
      String constraint = constraint(s);
      return s.getClass().getSimpleName() + " (SQLState " + s.getSQLState() + ", vendor code " + s.getErrorCode() + ")"
          + (constraint == null ? "" : " on constraint '" + constraint + "'");
    }
    return e.getClass().getSimpleName();
  }

  private static final java.util.regex.Pattern CONSTRAINT = java.util.regex.Pattern.compile(
      "for key '([A-Za-z0-9_$.]{1,128})'|constraint \"([A-Za-z0-9_$]{1,128})\"|CONSTRAINT `([A-Za-z0-9_$]{1,128})`");

  /**
   * The name of the unique index, foreign key or check an integrity error names (MariaDB's
   * "for key 'users_v2.email'", PostgreSQL's "constraint \"users_v2_email_key\""): an identifier
   * of the schema, never a value, so it may be shown and stored where values may not.
   */
  public static String constraint(SQLException e) {
    if (e.getSQLState() == null || !e.getSQLState().startsWith("23") || e.getMessage() == null) return null;
    java.util.regex.Matcher m = CONSTRAINT.matcher(e.getMessage());
    if (!m.find()) return null;
    for (int g = 1; g <= m.groupCount(); g++) if (m.group(g) != null) return m.group(g);
    return null;
  }
}
