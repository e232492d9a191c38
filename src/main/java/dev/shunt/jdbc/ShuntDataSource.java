package dev.shunt.jdbc;

import dev.shunt.config.ConfigHandle;
import dev.shunt.write.SideConnections;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps an existing {@link DataSource} (a pool, a JNDI resource, a bean) so that its connections
 * go through Shunt. The toggle file is {@link #setConfig(String)}, else system property
 * {@code shunt.config}, else {@code SHUNT_CONFIG}.
 */
public class ShuntDataSource implements DataSource {
  private volatile DataSource target;
  private volatile String config;

  /** For frameworks that configure through setters. */
  public ShuntDataSource() {}

  public ShuntDataSource(DataSource target) { this.target = target; }

  public ShuntDataSource(DataSource target, String config) {
    this.target = target;
    this.config = config;
  }

  public void setTargetDataSource(DataSource target) { this.target = target; }
  public DataSource getTargetDataSource() { return target; }
  public void setConfig(String config) { this.config = config; }
  public String getConfig() { return config; }

  @Override public Connection getConnection() throws SQLException {
    DataSource t = target();
    return open(t::getConnection);
  }

  @Override public Connection getConnection(String username, String password) throws SQLException {
    DataSource t = target();
    return open(() -> t.getConnection(username, password));
  }

  private Connection open(SideConnections target) throws SQLException {
    // the target's connections are Shunt's raw connections: the Java agent must not wrap them too
    SideConnections raw = () -> RawConnections.open(target::open);
    Properties p = new Properties();
    if (config != null) p.setProperty(ConfigLocation.PROPERTY, config);
    ConfigHandle handle = ConnectionFactory.acquireConfig(ConfigLocation.find(p));
    Connection c;
    try {
      c = raw.open();
    } catch (SQLException | RuntimeException e) {
      ConnectionFactory.releaseConfig(handle);
      throw e;
    }
    if (AgentConnections.installed() && alreadyShunt(c)) {
      // a pool that made its connections before this call, with the Java agent on: Shunt is in them already
      ConnectionFactory.releaseConfig(handle);
      return c;
    }
    return ConnectionFactory.wrap(c, handle, sideConnections(handle, raw));
  }

  private static final RealDriverLocator LOCATOR = new RealDriverLocator();
  private static final java.util.concurrent.atomic.AtomicBoolean SAID_POOL = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Where Shunt's own connections (repair queue, fleet heartbeat, repairer, compare reads) come
   * from: never the application's pool, whose last connection the application may hold while
   * Shunt waits for another. With the toggle file's {@code old:} section, Shunt opens its own
   * through the real driver with those credentials; without one it has no other way, and says so.
   */
  private static SideConnections sideConnections(ConfigHandle handle, SideConnections pool) {
    if (handle == null) return pool;
    dev.shunt.config.DatabaseSettings old = handle.current().oldDatabase();
    if (old == null) {
      if (SAID_POOL.compareAndSet(false, true)) {
        dev.shunt.log.LoggerFactory.getLogger(ShuntDataSource.class).warn("Shunt takes its own connections from the application's data"
            + " source because the toggle file has no old: section; add one (url, user, password) so that Shunt never waits"
            + " on the application's pool");
      }
      return pool;
    }
    Properties p = new Properties();
    if (old.user() != null) p.setProperty("user", old.user());
    if (old.password() != null) p.setProperty("password", old.password());
    String url = old.url();
    // the real driver as the application's class loader sees it (an application server's)
    return () -> RawConnections.open(() -> LOCATOR.find(url).connect(url, p));
  }

  private static boolean alreadyShunt(Connection c) throws SQLException {
    try {
      return c.isWrapperFor(ShuntConnection.class);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private DataSource target() throws SQLException {
    DataSource t = target;
    if (t == null) throw new SQLException("ShuntDataSource has no target data source; call setTargetDataSource", "08001");
    return t;
  }

  @Override public PrintWriter getLogWriter() throws SQLException { return target().getLogWriter(); }
  @Override public void setLogWriter(PrintWriter out) throws SQLException { target().setLogWriter(out); }
  @Override public void setLoginTimeout(int seconds) throws SQLException { target().setLoginTimeout(seconds); }
  @Override public int getLoginTimeout() throws SQLException { return target().getLoginTimeout(); }

  @Override public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger("dev.shunt");
  }

  @Override public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) return iface.cast(this);
    DataSource t = target();
    return iface.isInstance(t) ? iface.cast(t) : t.unwrap(iface);
  }

  @Override public boolean isWrapperFor(Class<?> iface) throws SQLException {
    if (iface.isInstance(this)) return true;
    DataSource t = target();
    return iface.isInstance(t) || t.isWrapperFor(iface);
  }
}
