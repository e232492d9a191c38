package dev.shunt.fleet;

import dev.shunt.config.ConfigException;
import dev.shunt.config.ConfigHandle;
import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.metrics.MetricsExport;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.ops.StateTables;
import dev.shunt.write.SideConnections;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * The fleet heartbeat of one toggle file in this process: a daemon thread named
 * {@code shunt-heartbeat-<file>} that records, in table {@code shunt_instances} of the old
 * database, what this instance has loaded: configuration version and hash, each migration's
 * phase, unmirrored-write counts and the last load error. It reports every {@link #PERIOD_MS}, and
 * at once when a reload changes the snapshot or the error, so that {@code status} sees the fleet
 * converge quickly. It writes through a side connection opened per report and closed at once
 * (with a pool behind {@code ShuntDataSource}, borrowed and given back), never the application's.
 * Like the repair worker it runs while connections use the file and stops with the last one,
 * deleting its row on the way out.
 */
public final class Heartbeat {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final Map<ConfigHandle, Heartbeat> RUNNING = new ConcurrentHashMap<>();
  private static final Map<ConfigHandle, String> IDS = new ConcurrentHashMap<>();
  /** How often an instance reports when nothing changed. */
  public static final long PERIOD_MS = 3000;
  /** How often the thread looks for a changed snapshot or a closed last connection. */
  private static final long CHECK_MS = 200;
  private static final long PURGE_EVERY_MS = 600_000;
  private static final long PID = ProcessHandle.current().pid();
  private static volatile String host;

  private final ConfigHandle handle;
  private final SideConnections side;
  private final ScheduledExecutorService executor;
  private final String instanceId;
  private final long startedAt = System.currentTimeMillis();
  // written by the heartbeat thread only
  private ShuntConfig reported;
  private String reportedError;
  private long reportedAt;
  private long purgedAt;
  private boolean failing;

  private Heartbeat(ConfigHandle handle, SideConnections side) {
    this.handle = handle;
    this.side = side;
    this.instanceId = instanceId(handle);
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "shunt-heartbeat-" + handle.path().getFileName());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the heartbeat of {@code handle} unless it runs already. */
  public static void ensureRunning(ConfigHandle handle, SideConnections side) {
    RUNNING.computeIfAbsent(handle, h -> {
      Heartbeat b = new Heartbeat(h, side);
      b.executor.scheduleWithFixedDelay(b::tick, 0, CHECK_MS, TimeUnit.MILLISECONDS);
      return b;
    });
  }

  /** This process's instance id for {@code handle}: a random UUID, the same for the handle's lifetime. */
  public static String instanceId(ConfigHandle handle) {
    return IDS.computeIfAbsent(handle, h -> UUID.randomUUID().toString());
  }

  private void tick() {
    boolean[] stopped = {false};
    RUNNING.computeIfPresent(handle, (h, b) -> {
      if (b != this || h.users() > 0) return b;
      stopped[0] = true; // atomically with ensureRunning: a new connection then starts a fresh heartbeat
      return null;
    });
    MetricsExport.process().sync(handle); // follows reloads that add or remove migrations
    if (stopped[0]) {
      executor.shutdown();
      removeRow();
      return;
    }
    try {
      ShuntConfig config = handle.current();
      ConfigException e = handle.lastError();
      String error = e == null ? null : truncate(dev.shunt.log.Redact.secrets(e.getMessage()), 1000);
      long now = System.currentTimeMillis();
      boolean changed = config != reported || !java.util.Objects.equals(error, reportedError);
      if (config == null || (!changed && now - reportedAt < PERIOD_MS)) return;
      reported = config;
      reportedError = error;
      reportedAt = now;
      report(config, error, now);
    } catch (RuntimeException unexpected) {
      failed(unexpected); // never let the scheduled task die
    }
  }

  private void report(ShuntConfig config, String error, long now) {
    Map<String, String> phases = new LinkedHashMap<>();
    Map<String, Long> unmirrored = new LinkedHashMap<>();
    Map<String, String> reads = new LinkedHashMap<>();
    Map<String, MigrationCounters> counters = ShuntMetrics.process().all();
    for (Migration m : config.migrations().values()) {
      phases.put(m.name(), m.phaseLabel());
      MigrationCounters c = counters.get(m.name());
      unmirrored.put(m.name(), c == null ? 0 : c.unmirroredWrites());
      if (c != null) reads.put(m.name(), ReadStats.of(c).encode());
    }
    try (Connection c = side.open()) {
      c.setAutoCommit(true);
      StateTables state = config.state();
      state.ensureInstances(c);
      int updated;
      try (PreparedStatement ps = c.prepareStatement("UPDATE " + state.instances() + " SET host = ?, pid = ?, "
          + "config_file = ?, config_version = ?, config_hash = ?, phases = ?, unmirrored = ?, last_error = ?, "
          + "started_at = ?, seen_at = ?, read_stats = ? WHERE instance_id = ?")) {
        bind(ps, config, phases, unmirrored, error, now);
        ps.setString(11, truncate(Instances.encode(reads), 4000));
        ps.setString(12, instanceId);
        updated = ps.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + state.instances() + " (host, pid, config_file, "
            + "config_version, config_hash, phases, unmirrored, last_error, started_at, seen_at, read_stats, instance_id) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
          bind(ps, config, phases, unmirrored, error, now);
          ps.setString(11, truncate(Instances.encode(reads), 4000));
          ps.setString(12, instanceId);
          ps.executeUpdate();
        }
      }
      refreshGauges(c);
      if (now - purgedAt >= PURGE_EVERY_MS) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + state.instances() + " WHERE seen_at < ?")) {
          ps.setLong(1, now - Instances.PURGE_AFTER_MS);
          ps.executeUpdate();
        }
        purgedAt = now;
      }
      if (failing) LOG.info("Shunt fleet heartbeat for {} works again", handle.path());
      failing = false;
    } catch (SQLException | RuntimeException e) {
      failed(e);
    }
  }

  /** Repair queue depth and backfill progress for JMX and Micrometer: read here, never on a getter. */
  private void refreshGauges(Connection c) {
    try {
      MetricsExport.process().refreshFromDatabase(handle, c);
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Shunt could not read the repair queue or backfill progress for its metrics ({})", describe(e));
    }
  }

  private void bind(PreparedStatement ps, ShuntConfig config, Map<String, String> phases, Map<String, Long> unmirrored,
      String error, long now) throws SQLException {
    ps.setString(1, truncate(host(), 255));
    ps.setLong(2, PID);
    ps.setString(3, truncate(handle.path().toString(), 1000));
    ps.setLong(4, config.version());
    ps.setString(5, config.contentHash());
    ps.setString(6, truncate(Instances.encode(phases), 4000));
    ps.setString(7, truncate(Instances.encode(unmirrored), 4000));
    ps.setString(8, error);
    ps.setLong(9, startedAt);
    ps.setLong(10, now);
  }

  /** Deletes this instance's row when its last connection closed: it is gone, not stale. */
  private void removeRow() {
    try (Connection c = side.open()) {
      c.setAutoCommit(true);
      ShuntConfig config = handle.current();
      StateTables state = config == null ? StateTables.in(null) : config.state();
      if (!StateTables.exists(c, state.instances())) return;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + state.instances() + " WHERE instance_id = ?")) {
        ps.setString(1, instanceId);
        ps.executeUpdate();
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("Shunt fleet heartbeat for {} could not remove its row ({}); status will show it as stale", handle.path(), describe(e));
    }
  }

  /** WARN once when reporting starts failing, DEBUG while it keeps failing: the application never notices. */
  private void failed(Exception e) {
    if (!failing) {
      LOG.warn("Shunt fleet heartbeat for {} cannot write {} ({}); will keep trying every {} s",
          handle.path(), StateTables.INSTANCES, describe(e), PERIOD_MS / 1000);
    } else {
      LOG.debug("Shunt fleet heartbeat for {} still failing ({})", handle.path(), describe(e));
    }
    failing = true;
  }

  /** The failure without the driver's message text, which may quote URLs and their parameters. */
  private static String describe(Exception e) {
    if (e instanceof SQLException) {
      SQLException s = (SQLException) e;
      return s.getClass().getSimpleName() + ", SQLState " + s.getSQLState() + ", vendor code " + s.getErrorCode();
    }
    return e.getClass().getSimpleName();
  }

  static String host() {
    String h = host;
    if (h == null) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        h = System.getenv("HOSTNAME");
      }
      if (h == null || h.isEmpty()) h = "unknown";
      host = h;
    }
    return h;
  }

  private static String truncate(String s, int max) {
    if (s == null) return null;
    return s.length() <= max ? s : s.substring(0, max);
  }
}
