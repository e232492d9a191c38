package dev.shunt.it.support;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Asks {@link DriverManager} for a URL's driver <em>as the class loader that loaded this class</em>:
 * DriverManager only hands out drivers visible from its caller's loader. DriverLookupIT loads a
 * copy of this class in an isolated loader to show what Shunt's own lookup would see there.
 */
public final class DriverManagerProbe {
  private DriverManagerProbe() {}

  /** The driver's class name, or {@code "none: <SQLState> <message>"}. */
  public static String driverFor(String url) {
    try {
      return DriverManager.getDriver(url).getClass().getName();
    } catch (SQLException e) {
      return "none: " + e.getSQLState() + " " + e.getMessage();
    }
  }
}
