package dev.shunt.jdbc;

import java.util.Properties;

/** Connection property, then system property, then environment variable. */
final class ConfigLocation {
  static final String PROPERTY = "shunt.config";
  static final String ENV = "SHUNT_CONFIG";

  private ConfigLocation() {}

  /** The toggle file path, or null when Shunt is to be a pure pass-through. */
  static String find(Properties connectionProperties) {
    String p = connectionProperties == null ? null : connectionProperties.getProperty(PROPERTY);
    if (isSet(p)) return p.trim();
    p = System.getProperty(PROPERTY);
    if (isSet(p)) return p.trim();
    p = System.getenv(ENV);
    return isSet(p) ? p.trim() : null;
  }

  private static boolean isSet(String s) { return s != null && !s.trim().isEmpty(); }

  /**
   * Takes Shunt's own parameters out of a real URL's query string: {@code shunt.config} is
   * accepted there as a connection property (a JDBC URL's parameters are properties), so an
   * operator who writes it there is never left with a silent pass-through; any other
   * {@code shunt.} parameter is refused. Returns the URL without them, and sets the property
   * in {@code into} unless it is already given.
   */
  static String fromUrl(String realUrl, Properties into) throws java.sql.SQLException {
    int q = realUrl.indexOf('?');
    if (q < 0 || !realUrl.regionMatches(true, q, "?shunt.", 0, 7) && !containsIgnoreCase(realUrl, "&shunt.", q)) return realUrl;
    StringBuilder kept = new StringBuilder();
    for (String param : realUrl.substring(q + 1).split("&", -1)) {
      int eq = param.indexOf('=');
      String key = eq < 0 ? param : param.substring(0, eq);
      if (!key.regionMatches(true, 0, "shunt.", 0, 6)) {
        kept.append(kept.length() > 0 ? "&" : "").append(param);
        continue;
      }
      if (!key.equalsIgnoreCase(PROPERTY)) {
        throw new java.sql.SQLException("Shunt does not know the URL parameter " + key + "; the only one it reads is "
            + PROPERTY, "08001");
      }
      String value = eq < 0 ? "" : java.net.URLDecoder.decode(param.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      if (!isSet(into.getProperty(PROPERTY))) into.setProperty(PROPERTY, value);
    }
    return realUrl.substring(0, q) + (kept.length() > 0 ? "?" + kept : "");
  }

  private static boolean containsIgnoreCase(String s, String part, int from) {
    for (int i = from; i + part.length() <= s.length(); i++) if (s.regionMatches(true, i, part, 0, part.length())) return true;
    return false;
  }
}
