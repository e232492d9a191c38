package dev.shunt.fleet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One row of {@code shunt_instances}: what one driver instance had loaded when it last reported. */
public final class Instance {
  public final String instanceId;
  public final String host;
  public final long pid;
  public final String configFile;
  public final long configVersion;
  public final String configHash;
  /** Migration name to the phase label it had loaded ({@code shadow-write}, or {@code writes/reads}). */
  public final Map<String, String> phases;
  /** Migration name to the writes this process could not mirror. */
  public final Map<String, Long> unmirrored;
  /** The toggle file's last load error as that instance saw it, or null. */
  public final String lastError;
  /** Migration name to what this process's reads of it saw (compares, mismatches, breaker). */
  public final Map<String, ReadStats> reads;
  public final long startedAt;
  public final long seenAt;

  public Instance(String instanceId, String host, long pid, String configFile, long configVersion, String configHash,
      Map<String, String> phases, Map<String, Long> unmirrored, String lastError, long startedAt, long seenAt,
      Map<String, ReadStats> reads) {
    this.reads = Collections.unmodifiableMap(new LinkedHashMap<>(reads));
    this.instanceId = instanceId;
    this.host = host;
    this.pid = pid;
    this.configFile = configFile;
    this.configVersion = configVersion;
    this.configHash = configHash;
    this.phases = Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    this.unmirrored = Collections.unmodifiableMap(new LinkedHashMap<>(unmirrored));
    this.lastError = lastError;
    this.startedAt = startedAt;
    this.seenAt = seenAt;
  }

  /** True when the instance reported within {@link Instances#STALE_AFTER_MS} of {@code now}. */
  public boolean live(long now) { return now - seenAt <= Instances.STALE_AFTER_MS; }
}
