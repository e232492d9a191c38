package dev.shunt.write;

import dev.shunt.config.ConfigHandle;
import dev.shunt.config.Migration;
import dev.shunt.log.MigrationMdc;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * The background repairer of one toggle file: a daemon thread named {@code shunt-repair-<file>}
 * that drains the repair queue every second while connections use the file, and stops with the
 * last of them.
 */
public final class RepairWorker {
  private static final Logger LOG = LoggerFactory.getLogger(RepairWorker.class);
  private static final Map<ConfigHandle, RepairWorker> RUNNING = new ConcurrentHashMap<>();
  private static final long PERIOD_MS = 1000;

  private final ConfigHandle handle;
  private final Repairer repairer;
  private final ScheduledExecutorService executor;
  private volatile String lastError;

  private RepairWorker(ConfigHandle handle, Repairer repairer) {
    this.handle = handle;
    this.repairer = repairer;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "shunt-repair-" + handle.path().getFileName());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the worker of {@code handle} unless it runs already. */
  public static void ensureRunning(ConfigHandle handle, Repairer repairer) {
    RUNNING.computeIfAbsent(handle, h -> {
      RepairWorker w = new RepairWorker(h, repairer);
      w.executor.scheduleWithFixedDelay(w::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
      return w;
    });
  }

  @SuppressWarnings("try") // the MDC scope is there for its close()
  private void tick() {
    boolean[] stopped = {false};
    RUNNING.computeIfPresent(handle, (h, w) -> {
      if (w != this || h.users() > 0) return w;
      stopped[0] = true; // atomically with ensureRunning: a new connection then starts a fresh worker
      return null;
    });
    if (stopped[0]) {
      executor.shutdown();
      return;
    }
    try {
      int repaired;
      do {
        Map<Migration, Integer> perMigration = new LinkedHashMap<>();
        repaired = repairer.drainOnce(200, null, perMigration);
        for (Map.Entry<Migration, Integer> e : perMigration.entrySet()) {
          try (MigrationMdc.Scope mdc = MigrationMdc.enter(e.getKey())) {
            LOG.info("Shunt repaired {} queued key(s) of migration '{}'", e.getValue(), e.getKey().name());
          }
        }
      } while (repaired == 200);
      lastError = null;
    } catch (Exception e) {
      // the class, SQLState and vendor code only: the database's message quotes values and carries
      // connection ids, which would also defeat this de-duplication
      String message = dev.shunt.log.Redact.error(e, false);
      if (!message.equals(lastError)) LOG.warn("Shunt repair pass failed, will retry: {}", message);
      lastError = message;
    }
  }
}
