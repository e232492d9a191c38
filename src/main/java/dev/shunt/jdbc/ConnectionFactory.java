package dev.shunt.jdbc;

import dev.shunt.config.ConfigException;
import dev.shunt.config.ConfigHandle;
import dev.shunt.config.ConfigRegistry;
import dev.shunt.metrics.MetricsExport;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.plan.StatementPlanner;
import dev.shunt.sql.StatementCache;
import dev.shunt.write.SideConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/** Wraps a real connection, attaching the toggle file's handle; shared by the driver and the data source. */
final class ConnectionFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionFactory.class);
  private static final AtomicBoolean SAID_PASS_THROUGH = new AtomicBoolean();
  static final StatementPlanner PLANNER = new StatementPlanner(StatementCache.shared(), ShuntMetrics.process());
  static final dev.shunt.read.ReadRouter ROUTER = new dev.shunt.read.ReadRouter(ShuntMetrics.process());

  private ConnectionFactory() {}

  /** The handle for {@code configPath} with one more user, or null (pass-through) when there is no path. */
  static ConfigHandle acquireConfig(String configPath) throws SQLException {
    if (configPath == null) {
      if (SAID_PASS_THROUGH.compareAndSet(false, true)) {
        LOG.info("Shunt has no toggle file (connection property or system property shunt.config, or SHUNT_CONFIG): pure pass-through");
      }
      return null;
    }
    try {
      ConfigHandle handle = ConfigRegistry.process().acquire(Path.of(configPath));
      MetricsExport.process().sync(handle);
      return handle;
    } catch (ConfigException e) {
      throw new SQLException("Shunt cannot use its toggle file: " + e.getMessage(), "08001", e);
    }
  }

  /** Gives back one use of {@code handle} (null: nothing); its MBeans go with its last connection. */
  static void releaseConfig(ConfigHandle handle) {
    if (handle == null) return;
    handle.release();
    MetricsExport.process().sync(handle);
  }

  /** Wraps {@code raw}; closes it again if wrapping fails, so no connection leaks. */
  static Connection wrap(Connection raw, ConfigHandle config, SideConnections side) throws SQLException {
    try {
      return new ConnectionWrapper(raw, config, PLANNER, side);
    } catch (SQLException | RuntimeException e) {
      releaseConfig(config);
      try {
        raw.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
