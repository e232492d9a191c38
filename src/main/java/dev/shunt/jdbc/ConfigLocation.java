package dev.shunt.jdbc;

import java.util.Properties;

/** SPEC section 2: connection property, then system property, then environment variable. */
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
}
