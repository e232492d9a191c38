package dev.shunt.metrics;

import dev.shunt.config.ReadMode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Publishes each migration's counters as Micrometer meters, tagged {@code migration}. The only
 * class of Shunt that refers to Micrometer: {@link MetricsExport} loads it by name, and only
 * after finding {@code io.micrometer.core.instrument.Metrics}, so the driver works without
 * Micrometer. Meters are function counters and gauges over Shunt's own counters: nothing is
 * recorded twice, and every function reads memory only.
 */
public final class MicrometerBinder implements MeterBinding {
  private final MeterRegistry registry;
  private final Map<String, List<Meter>> bound = new ConcurrentHashMap<>();

  /** Binds to {@code Metrics.globalRegistry}, where Spring Boot and most applications add theirs. */
  public MicrometerBinder() { this(Metrics.globalRegistry); }

  public MicrometerBinder(MeterRegistry registry) { this.registry = registry; }

  @Override public synchronized void bind(MigrationStats s) {
    unbind(s.getName());
    Tags tags = Tags.of("migration", s.getName());
    MigrationCounters c = s.counters();
    List<Meter> meters = new ArrayList<>();
    meters.add(counter("shunt.writes.mirrored", "Keys copied to the secondary", tags, c, MigrationCounters::keysMirrored));
    meters.add(counter("shunt.secondary.failures", "Copies to the secondary that failed (keys queued for repair, or the statement failed)",
        tags, c, MigrationCounters::secondaryFailures));
    meters.add(counter("shunt.writes.unmirrored", "Statements that may have written the table without a mirror (run verify)",
        tags, c, MigrationCounters::unmirroredWrites));
    meters.add(gauge("shunt.repair.queue.depth", "Keys in the repair queue (refreshed every few seconds)", tags, s,
        MigrationStats::repairQueueGauge));
    for (ReadMode mode : ReadMode.values()) {
      meters.add(counter("shunt.reads", "Reads of the migrated table routed in a read mode", tags.and("mode", mode.wireName()), c,
          x -> x.reads(mode)));
    }
    meters.add(counter("shunt.reads.primary.only", "Reads served by the primary alone (read_percent, breaker open, unroutable query)",
        tags, c, MigrationCounters::readsPrimaryOnly));
    meters.add(counter("shunt.reads.secondary.failures", "Reads of the secondary that failed or were too slow", tags, c,
        MigrationCounters::secondaryReadFailures));
    meters.add(counter("shunt.compare.samples", "Compare reads started", tags, c, MigrationCounters::compareSamples));
    meters.add(counter("shunt.compare.mismatches", "Differences found by compare reads", tags.and("kind", "confirmed"), c,
        MigrationCounters::confirmedMismatches));
    meters.add(counter("shunt.compare.mismatches", "Differences found by compare reads", tags.and("kind", "transient"), c,
        MigrationCounters::transientMismatches));
    meters.add(counter("shunt.compare.dropped", "Compare reads dropped because the background queue was full", tags, c,
        MigrationCounters::droppedCompares));
    meters.add(gauge("shunt.read.breaker.open", "1 while the read breaker sends reads to the primary only", tags, s,
        MigrationStats::breakerOpenGauge));
    meters.add(counter("shunt.read.breaker.opened", "Times the read breaker opened", tags, c, MigrationCounters::breakerOpened));
    meters.add(gauge("shunt.backfill.rows", "Rows the backfill has copied (refreshed every few seconds)", tags, s,
        x -> x.getBackfillRowsCopied()));
    meters.add(gauge("shunt.backfill.rows.planned", "Rows the backfill planned to copy", tags, s, x -> x.getBackfillPlannedRows()));
    meters.add(gauge("shunt.backfill.finished", "1 once the backfill finished", tags, s, MigrationStats::backfillFinishedGauge));
    meters.add(gauge("shunt.config.version", "version: of the toggle file snapshot in force", tags, s, x -> x.getConfigVersion()));
    meters.add(gauge("shunt.config.reload.error", "1 while the toggle file's last reload was rejected", tags, s,
        MigrationStats::configErrorGauge));
    bound.put(s.getName(), meters);
  }

  @Override public synchronized void unbind(String migration) {
    List<Meter> meters = bound.remove(migration);
    if (meters != null) for (Meter m : meters) registry.remove(m);
  }

  private FunctionCounter counter(String name, String description, Tags tags, MigrationCounters c,
      ToDoubleFunction<MigrationCounters> f) {
    return FunctionCounter.builder(name, c, f).description(description).tags(tags).register(registry);
  }

  private Gauge gauge(String name, String description, Tags tags, MigrationStats s, ToDoubleFunction<MigrationStats> f) {
    // strong reference: the registry is the only holder once JMX has let go of the view
    return Gauge.builder(name, s, f).description(description).tags(tags).strongReference(true).register(registry);
  }
}
