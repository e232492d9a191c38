package dev.shunt.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Classifications by SQL text, parsed at most once per distinct (normalised) text and shared by
 * every connection of the process. It knows nothing of the configuration, so a reload never
 * re-parses.
 */
public final class StatementCache {
  private static final StatementCache SHARED = new StatementCache(10_000);

  // keyed by the lexical family's ordinal and the normalised text: one text can mean two things
  private final Cache<String, StatementInfo> cache;
  private final StatementClassifier classifier = new StatementClassifier();
  private final LongAdder parses = new LongAdder();

  public StatementCache(long maximumSize) {
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
  }

  /** The process-wide cache the driver uses. */
  public static StatementCache shared() { return SHARED; }

  /** The classification of {@code sql} as a server of {@code family} reads it. */
  public StatementInfo classify(String sql, ServerReading.Family family) {
    String normalized = SqlNormalizer.normalize(sql);
    return cache.get((char) ('0' + family.ordinal()) + normalized, k -> parse(normalized, family));
  }

  private StatementInfo parse(String normalized, ServerReading.Family family) {
    parses.increment();
    return classifier.classify(normalized, family);
  }

  /** How many texts have been handed to the parser since start; proves what was not parsed. */
  public long parseCount() { return parses.sum(); }

  public CacheStats stats() { return cache.stats(); }

  public long size() { return cache.estimatedSize(); }
}
