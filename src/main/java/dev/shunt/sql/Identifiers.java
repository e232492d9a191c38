package dev.shunt.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Identifier checks and splitting shared by the toggle file and the SQL classifier. */
public final class Identifiers {
  /** What the toggle file accepts as a table or column name: a plain identifier. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
  private static final Pattern MIGRATION_NAME = Pattern.compile("[a-z0-9_-]+");

  private Identifiers() {}

  public static boolean isPlain(String s) { return s != null && PLAIN.matcher(s).matches(); }

  public static boolean isMigrationName(String s) { return s != null && MIGRATION_NAME.matcher(s).matches(); }

  /** Splits {@code a.b.c} on dots outside quotes and strips backtick, double-quote and bracket quoting. */
  public static String[] splitQualified(String qualified) {
    List<String> parts = new ArrayList<>(3);
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < qualified.length(); i++) {
      char c = qualified.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          if (i + 1 < qualified.length() && qualified.charAt(i + 1) == quote) { cur.append(c); i++; }
          else quote = 0;
        } else cur.append(c);
      } else if (c == '`' || c == '"') {
        quote = c;
      } else if (c == '[') {
        quote = ']';
      } else if (c == '.') {
        parts.add(cur.toString());
        cur.setLength(0);
      } else if (!Character.isWhitespace(c)) {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts.toArray(new String[0]);
  }
}
