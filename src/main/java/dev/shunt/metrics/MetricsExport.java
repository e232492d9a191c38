package dev.shunt.metrics;

import dev.shunt.config.ConfigHandle;
import dev.shunt.config.ShuntConfig;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;
import dev.shunt.ops.BackfillProgress;
import dev.shunt.ops.StateTables;
import dev.shunt.write.RepairQueue;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes this process's counters while connections use a toggle file: JMX MBeans always
 * ({@code dev.shunt:type=Config,file="<path>"} per toggle file, {@code dev.shunt:type=Migration,name=<m>}
 * per migration), and Micrometer meters on {@code Metrics.globalRegistry} when Micrometer is on
 * the class path. Registered when a file's first connection opens, unregistered when its last
 * one closes; {@link #sync} is called after every acquire and release of a handle, and by the
 * fleet heartbeat, so a reload that adds or removes a migration is followed within a tick.
 */
public final class MetricsExport {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsExport.class);
  static final String DOMAIN = "dev.shunt";
  private static final MetricsExport PROCESS = new MetricsExport(ShuntMetrics.process(), platformServer(), micrometer());

  private final ShuntMetrics metrics;
  private final MBeanServer server; // null when JMX is unavailable
  private final MeterBinding meters; // null without Micrometer
  // written under this; read without it by sync's fast path
  private final Map<ConfigHandle, ShuntConfig> attached = new ConcurrentHashMap<>();
  // guarded by this
  private final Map<String, MigrationStats> migrations = new LinkedHashMap<>();
  private boolean warnedJmx;

  MetricsExport(ShuntMetrics metrics, MBeanServer server, MeterBinding meters) {
    this.metrics = metrics;
    this.server = server;
    this.meters = meters;
  }

  public static MetricsExport process() { return PROCESS; }

  /** True when this process publishes to Micrometer as well as JMX. */
  public boolean micrometerBound() { return meters != null; }

  /**
   * Brings the published beans of {@code handle} in line with it: registered while it has users,
   * following its current migrations; gone when it has none. Cheap when nothing changed.
   */
  public void sync(ConfigHandle handle) {
    // fast path, without the lock: a connection of a file already published, nothing reloaded
    ShuntConfig published = attached.get(handle);
    if (published != null && published == handle.current() && handle.users() > 0) return;
    syncLocked(handle);
  }

  private synchronized void syncLocked(ConfigHandle handle) {
    try {
      int users = handle.users();
      ShuntConfig current = handle.current();
      if (users > 0 && current != null) {
        boolean known = attached.containsKey(handle);
        if (known && attached.get(handle) == current) return;
        if (!known) register(configName(handle), new ConfigFile(handle));
        attached.put(handle, current);
        attachMigrations(handle, current);
      } else if (attached.remove(handle) != null) {
        unregister(configName(handle));
        for (Iterator<MigrationStats> it = migrations.values().iterator(); it.hasNext(); ) {
          MigrationStats s = it.next();
          if (s.handle() != handle) continue;
          it.remove();
          unpublish(s.getName());
        }
      }
    } catch (RuntimeException | LinkageError e) {
      // metrics must never fail a connection
      LOG.debug("Shunt could not publish its metrics for {}: {}", handle.path(), e.toString());
    }
  }

  private void attachMigrations(ConfigHandle handle, ShuntConfig current) {
    Set<String> names = current.migrations().keySet();
    for (Iterator<MigrationStats> it = migrations.values().iterator(); it.hasNext(); ) {
      MigrationStats s = it.next();
      if (s.handle() == handle && !names.contains(s.getName())) { // removed from the file by a reload
        it.remove();
        unpublish(s.getName());
      }
    }
    for (String name : names) {
      MigrationStats s = migrations.get(name);
      if (s != null) {
        s.handle(handle); // the same name in a second file: the newest file's view
        continue;
      }
      s = new MigrationStats(name, metrics.migration(name), handle);
      migrations.put(name, s);
      register(migrationName(name), s);
      if (meters != null) meters.bind(s);
    }
  }

  private void unpublish(String migration) {
    metrics.migration(migration).forgetDatabaseGauges(); // no longer refreshed: never show them stale
    unregister(migrationName(migration));
    if (meters != null) meters.unbind(migration);
  }

  /**
   * Reads the gauges that need a query (repair queue depth, backfill progress) for the published
   * migrations of {@code handle}, on {@code old}, Shunt's own side connection to the application's
   * database. Called by the fleet heartbeat's thread, never the application's; failures are left
   * to it. Values are applied only while the migration is still published by {@code handle}, so
   * a read that races with the last connection's close never leaves a stale value behind.
   */
  public void refreshFromDatabase(ConfigHandle handle, Connection old) throws SQLException {
    ShuntConfig config = handle.current();
    if (config == null) return;
    Map<String, Long> depths = new HashMap<>();
    StateTables state = config.state();
    if (StateTables.exists(old, state.repairQueue())) {
      try (PreparedStatement ps = old.prepareStatement("SELECT migration, COUNT(*) FROM " + state.repairQueue() + " GROUP BY migration");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) depths.put(rs.getString(1), rs.getLong(2));
      }
    }
    Map<String, BackfillProgress> backfills = new HashMap<>();
    for (String name : config.migrations().keySet()) backfills.put(name, BackfillProgress.read(old, state, name).orElse(null));
    synchronized (this) {
      for (Map.Entry<String, BackfillProgress> e : backfills.entrySet()) {
        MigrationStats s = migrations.get(e.getKey());
        if (s == null || s.handle() != handle) continue;
        s.counters().repairQueueDepth(depths.getOrDefault(e.getKey(), 0L));
        s.counters().backfill(e.getValue());
      }
    }
  }

  // ---- JMX ----

  static ObjectName configName(ConfigHandle handle) {
    return name(DOMAIN + ":type=Config,file=" + ObjectName.quote(handle.path().toString()));
  }

  static ObjectName migrationName(String migration) {
    return name(DOMAIN + ":type=Migration,name=" + migration); // [a-z0-9_-]+, nothing to quote
  }

  private static ObjectName name(String s) {
    try {
      return new ObjectName(s);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void register(ObjectName name, Object bean) {
    if (server == null) return;
    try {
      try {
        server.registerMBean(bean, name);
      } catch (InstanceAlreadyExistsException e) {
        // left over from an earlier registration (another class loader, a redeployed application): ours wins
        try {
          server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
          // unregistered meanwhile
        }
        server.registerMBean(bean, name);
      }
    } catch (Exception e) {
      if (!warnedJmx) LOG.warn("Shunt could not register MBean {}: {}", name, e.toString());
      warnedJmx = true;
    }
  }

  private void unregister(ObjectName name) {
    if (server == null) return;
    try {
      server.unregisterMBean(name);
    } catch (InstanceNotFoundException gone) {
      // never registered, or removed by someone else
    } catch (Exception e) {
      LOG.debug("Shunt could not unregister MBean {}: {}", name, e.toString());
    }
  }

  private static MBeanServer platformServer() {
    try {
      return ManagementFactory.getPlatformMBeanServer();
    } catch (RuntimeException | LinkageError e) {
      LOG.info("Shunt publishes no JMX MBeans: no platform MBean server ({})", e.toString());
      return null;
    }
  }

  // ---- Micrometer ----

  /** The Micrometer binding when {@code io.micrometer.core.instrument.Metrics} is visible to Shunt, else null. */
  static MeterBinding micrometer() {
    ClassLoader loader = MetricsExport.class.getClassLoader();
    try {
      Class.forName("io.micrometer.core.instrument.Metrics", false, loader);
    } catch (ClassNotFoundException | LinkageError absent) {
      return null; // no Micrometer: JMX only
    }
    try {
      // by name, so that this class links without Micrometer
      Class<?> binder = Class.forName("dev.shunt.metrics.MicrometerBinder", true, loader);
      MeterBinding b = (MeterBinding) binder.getConstructor().newInstance();
      LOG.debug("Shunt binds its metrics to Micrometer's global registry");
      return b;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.warn("Shunt found Micrometer but could not bind to it ({}); metrics are on JMX only", e.toString());
      return null;
    }
  }
}
