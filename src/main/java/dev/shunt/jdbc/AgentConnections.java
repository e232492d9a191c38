package dev.shunt.jdbc;

import dev.shunt.config.ConfigHandle;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * What the Java agent's advice calls around a real driver's {@code connect} (and a vendor data
 * source's {@code getConnection}): the returned connection is wrapped like one from
 * {@code jdbc:shunt:}, unless Shunt itself opened it, an outer call on the same thread will wrap
 * it, or it is Shunt's already. Public only because the advice is inlined into the vendor's classes.
 */
public final class AgentConnections {
  private static final Logger LOG = LoggerFactory.getLogger(AgentConnections.class);
  private static final AtomicBoolean SAID_NO_CONFIG = new AtomicBoolean();
  private static volatile String agentConfig;
  private static volatile boolean installed;

  private AgentConnections() {}

  /** Set by the agent from {@code -javaagent:shunt-driver.jar=config=PATH}. */
  public static void install(String configPath) {
    agentConfig = configPath;
    installed = true;
  }

  public static boolean installed() { return installed; }

  public static String agentConfig() { return agentConfig; }

  public static int enter() { return RawConnections.enter(); }

  /**
   * What a real driver's {@code connect(url, info)} returns, in place of {@code raw}: Shunt's
   * wrapper, unless Shunt opened the connection itself or an outer call on this thread wraps it.
   */
  public static Connection afterConnect(Connection raw, Object driver, String url, Properties info) throws SQLException {
    if (raw == null || RawConnections.depth() != 0 || !(driver instanceof Driver)) return raw;
    Driver real = (Driver) driver;
    Properties copy = new Properties();
    if (info != null) copy.putAll(info);
    return wrap(raw, copy, new ShuntDriver.DriverSide(real, url, copy));
  }

  /** After a vendor data source's {@code getConnection()} or {@code getConnection(user, password)}. */
  public static Connection exitDataSource(int depthBefore, Object dataSource, Object[] args, Connection raw, Throwable thrown)
      throws SQLException {
    RawConnections.exit();
    if (depthBefore != 0 || thrown != null || raw == null || !(dataSource instanceof DataSource)) return raw;
    DataSource ds = (DataSource) dataSource;
    boolean withCredentials = args != null && args.length == 2;
    String user = withCredentials ? (String) args[0] : null;
    String password = withCredentials ? (String) args[1] : null;
    return wrap(raw, null, () -> RawConnections.open(() -> withCredentials ? ds.getConnection(user, password) : ds.getConnection()));
  }

  private static Connection wrap(Connection raw, Properties info, dev.shunt.write.SideConnections side) throws SQLException {
    if (raw instanceof ConnectionWrapper) return raw;
    String path = configPath(info);
    if (path == null) {
      if (SAID_NO_CONFIG.compareAndSet(false, true)) {
        LOG.info("Shunt agent has no toggle file (-javaagent:…=config=PATH, system property shunt.config or SHUNT_CONFIG): "
            + "connections are not wrapped");
      }
      return raw;
    }
    ConfigHandle handle;
    try {
      handle = ConnectionFactory.acquireConfig(path);
    } catch (SQLException | RuntimeException e) {
      try {
        raw.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return ConnectionFactory.wrap(raw, handle, side);
  }

  /** Connection property {@code shunt.config}, then the agent's {@code config=}, then system property, then environment. */
  static String configPath(Properties info) {
    String p = info == null ? null : info.getProperty(ConfigLocation.PROPERTY);
    if (p != null && !p.trim().isEmpty()) return p.trim();
    String a = agentConfig;
    if (a != null && !a.trim().isEmpty()) return a.trim();
    return ConfigLocation.find(null);
  }
}
