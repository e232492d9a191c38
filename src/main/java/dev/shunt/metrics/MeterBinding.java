package dev.shunt.metrics;

/**
 * A metrics library Shunt publishes to besides JMX. The only implementation,
 * {@link MicrometerBinder}, is loaded reflectively when Micrometer is on the class path, so no
 * other class of Shunt refers to Micrometer's types.
 */
interface MeterBinding {
  /** Publishes {@code stats} (tagged with its migration); replaces an earlier binding of the same migration. */
  void bind(MigrationStats stats);

  /** Removes the meters of {@code migration}. */
  void unbind(String migration);
}
