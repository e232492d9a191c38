package dev.shunt.jdbc;

import dev.shunt.write.SideConnections;

import dev.shunt.config.ConfigHandle;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver for {@code jdbc:shunt:} URLs:
 * {@code jdbc:shunt:mariadb://db/app} opens {@code jdbc:mariadb://db/app} through whichever real
 * driver accepts it, and wraps the connection.
 */
public final class ShuntDriver implements Driver {
  public static final String URL_PREFIX = "jdbc:shunt:";

  private static final ShuntDriver INSTANCE = new ShuntDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RealDriverLocator locator = new RealDriverLocator();

  @Override public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) return null;
    Properties realProperties = new Properties();
    if (info != null) realProperties.putAll(info);
    String realUrl = ConfigLocation.fromUrl(realUrl(url), realProperties);
    String configPath = ConfigLocation.find(realProperties);
    realProperties.remove(ConfigLocation.PROPERTY);

    Driver real = locator.find(realUrl);
    ConfigHandle config = ConnectionFactory.acquireConfig(configPath);
    Connection raw;
    try {
      raw = RawConnections.open(() -> real.connect(realUrl, realProperties));
      if (raw == null) {
        throw new SQLException("The driver found for " + RealDriverLocator.scheme(realUrl) + " declined the URL", "08001");
      }
    } catch (SQLException | RuntimeException e) {
      ConnectionFactory.releaseConfig(config);
      throw e;
    }
    return ConnectionFactory.wrap(raw, config, new DriverSide(real, realUrl, realProperties));
  }

  /** Side connections through the real driver, to the same URL with the same properties. */
  static final class DriverSide implements SideConnections {
    private final Driver real;
    private final String url;
    private final Properties properties;
    private final java.util.List<Object> key;

    DriverSide(Driver real, String url, Properties properties) {
      this.real = real;
      this.url = url;
      this.properties = properties;
      this.key = java.util.List.of(real.getClass().getName(), url, new java.util.HashMap<>(properties));
    }

    /** Shunt's own connection: the Java agent must not wrap it. */
    @Override public Connection open() throws SQLException { return RawConnections.open(() -> real.connect(url, properties)); }

    @Override public Object reuseKey() { return key; }
  }

  /** {@code jdbc:shunt:mariadb://…} becomes {@code jdbc:mariadb://…}. */
  static String realUrl(String url) {
    return "jdbc:" + url.substring(URL_PREFIX.length());
  }

  @Override public boolean acceptsURL(String url) {
    return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())
        && url.length() > URL_PREFIX.length();
  }

  @Override public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    DriverPropertyInfo config = new DriverPropertyInfo(ConfigLocation.PROPERTY, info == null ? null : info.getProperty(ConfigLocation.PROPERTY));
    config.description = "Path of the Shunt toggle file (else system property shunt.config, else SHUNT_CONFIG)";
    if (!acceptsURL(url)) return new DriverPropertyInfo[] {config};
    DriverPropertyInfo[] real = locator.find(realUrl(url)).getPropertyInfo(realUrl(url), info);
    DriverPropertyInfo[] all = Arrays.copyOf(real, real.length + 1);
    all[real.length] = config;
    return all;
  }

  @Override public int getMajorVersion() { return 0; }
  @Override public int getMinorVersion() { return 1; }
  /** A proxy cannot promise compliance; the real driver's answer is what counts. */
  @Override public boolean jdbcCompliant() { return false; }
  @Override public Logger getParentLogger() { return Logger.getLogger("dev.shunt"); }
}
