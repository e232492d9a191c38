package dev.shunt.sql;

/**
 * Whether JSqlParser reads a SQL text the way its server does, decided by a small lexer that
 * knows each server's rules. JSqlParser knows a generic SQL: it treats {@code --x} as a comment,
 * drops MariaDB's executable comments, knows no backslash escapes, nests no comments and reads a
 * MariaDB {@code "…"} string as an identifier. A text that contains any construct where the two
 * readings can part is "in doubt": Shunt then runs it as written on the primary and marks it,
 * never acting on its own reading.
 *
 * <p>The verdict does not depend on session settings that change the lexing (MariaDB's
 * {@code NO_BACKSLASH_ESCAPES} and {@code ANSI_QUOTES}, PostgreSQL's
 * {@code standard_conforming_strings}): every backslash inside a string literal and every
 * double-quoted MariaDB token is a doubt, and both readings of a text agree up to the first such
 * character, so they reach the same verdict.
 */
public final class ServerReading {
  private final String doubt;
  private final int statements;

  private ServerReading(String doubt, int statements) {
    this.doubt = doubt;
    this.statements = statements;
  }

  /** Null when the parser reads the text as the server does; else the construct that can part them. */
  public String doubt() { return doubt; }

  public boolean certain() { return doubt == null; }

  /** How many statements the server sees in the text (at least one). */
  public int statements() { return statements; }

  /** The server's lexical family of a dialect. */
  public enum Family { MARIADB, POSTGRESQL, H2 }

  /** Reads {@code sql} by the rules of {@code family}. Linear in the text's length. */
  public static ServerReading read(String sql, Family family) {
    return new Lexer(sql, family).run();
  }

  private static final class Lexer {
    private final String s;
    private final Family family;
    private final int n;
    private int statements = 1;
    private boolean afterSemicolon = false;
    private String pending; // the doubt of a helper that returned -1

    Lexer(String s, Family family) {
      this.s = s;
      this.family = family;
      this.n = s.length();
    }

    ServerReading run() {
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        int next;
        if (c == '\'') {
          next = string(i, '\'');
        } else if (c == '"') {
          if (family == Family.MARIADB) return doubt("a double-quoted token (a string in MariaDB unless ANSI_QUOTES, an identifier to the parser)");
          next = quotedIdentifier(i, '"');
        } else if (c == '`') {
          if (family != Family.MARIADB) return doubt("a backtick, which this database does not read as a quote");
          next = quotedIdentifier(i, '`');
        } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
          if (family == Family.MARIADB && (i + 2 >= n || !isMariaDbCommentSpace(s.charAt(i + 2)))) {
            return doubt("'--' without a space after it, which MariaDB reads as two minus signs and the parser as a comment");
          }
          next = endOfLine(i);
        } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
          next = blockComment(i);
        } else if (c == '#') {
          return doubt("a '#' outside a string (a comment in MariaDB, an operator elsewhere), which the parser does not read so");
        } else if (c == '\\') {
          return doubt("a backslash outside a string");
        } else if (c == '$' && family != Family.MARIADB && (i == 0 || !SqlText.isIdentifierChar(s.charAt(i - 1)))) {
          return doubt("a dollar-quoted string or positional parameter");
        } else if (c == '/' && family == Family.H2 && i + 1 < n && s.charAt(i + 1) == '/') {
          return doubt("an H2 '//' comment");
        } else if ((c == 'E' || c == 'e' || c == 'U' || c == 'u') && family == Family.POSTGRESQL && prefixedString(i)) {
          return doubt("a PostgreSQL escape or Unicode string (E'…', U&'…')");
        } else if (c == ';') {
          next = i + 1;
          afterSemicolon = true;
        } else {
          if (!Character.isWhitespace(c)) token();
          next = i + 1;
        }
        if (next < 0) return doubt(pending);
        i = next;
      }
      return new ServerReading(null, statements);
    }

    /** A token after a semicolon starts another statement. */
    private void token() {
      if (afterSemicolon) {
        statements++;
        afterSemicolon = false;
      }
    }

    private ServerReading doubt(String why) { return new ServerReading(why, statements); }

    /** Past a string literal; a backslash inside is a doubt (escape in one reading, a character in the other). */
    private int string(int start, char q) {
      token();
      int i = start + 1;
      while (i < n) {
        char c = s.charAt(i);
        if (c == '\\') {
          pending = "a backslash inside a string literal (an escape on MariaDB, a plain character to the parser)";
          return -1;
        }
        if (c == q) {
          if (i + 1 < n && s.charAt(i + 1) == q) {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
      pending = "a string literal that is not closed";
      return -1;
    }

    private int quotedIdentifier(int start, char q) {
      token();
      int i = start + 1;
      while (i < n) {
        if (s.charAt(i) == q) {
          if (i + 1 < n && s.charAt(i + 1) == q) {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
      pending = "a quoted identifier that is not closed";
      return -1;
    }

    private int endOfLine(int i) {
      int nl = s.indexOf('\n', i);
      int cr = s.indexOf('\r', i);
      if (nl < 0) nl = n;
      if (cr >= 0 && cr < nl) nl = cr;
      return nl;
    }

    private int blockComment(int start) {
      int i = start + 2;
      if (family == Family.MARIADB && i < n && (s.charAt(i) == '!' || s.charAt(i) == 'M' && i + 1 < n && s.charAt(i + 1) == '!')) {
        pending = "an executable comment /*! … */, which MariaDB runs and the parser drops";
        return -1;
      }
      int end = s.indexOf("*/", i);
      if (end < 0) {
        pending = "a comment that is not closed";
        return -1;
      }
      if (family == Family.POSTGRESQL && s.indexOf("/*", i) >= 0 && s.indexOf("/*", i) < end) {
        pending = "a nested comment, which PostgreSQL nests and the parser does not";
        return -1;
      }
      return end + 2;
    }

    /** {@code E'…'} or {@code U&'…'} at {@code i}, not inside an identifier. */
    private boolean prefixedString(int i) {
      if (i > 0 && SqlText.isIdentifierChar(s.charAt(i - 1))) return false;
      char c = s.charAt(i);
      if (c == 'E' || c == 'e') return i + 1 < n && s.charAt(i + 1) == '\'';
      return i + 2 < n && s.charAt(i + 1) == '&' && (s.charAt(i + 2) == '\'' || s.charAt(i + 2) == '"');
    }

    /** MariaDB ends a {@code --} comment's marker with a space or a control character. */
    private static boolean isMariaDbCommentSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c < ' '; }
  }
}
