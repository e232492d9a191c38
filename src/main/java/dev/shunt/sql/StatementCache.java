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

  private final Cache<String, StatementInfo> cache;
  private final StatementClassifier classifier = new StatementClassifier();
  private final LongAdder parses = new LongAdder();

  public StatementCache(long maximumSize) {
    this.cache = Caffeine.newBuilder().maximumSize(maximumSize).recordStats().build();
  }

  /** The process-wide cache the driver uses. */
  public static StatementCache shared() { return SHARED; }

  public StatementInfo classify(String sql) {
    return cache.get(SqlNormalizer.normalize(sql), this::parse);
  }

  private StatementInfo parse(String normalized) {
    parses.increment();
    return classifier.classify(normalized);
  }

  /** How many texts have been handed to the parser since start; proves what was not parsed. */
  public long parseCount() { return parses.sum(); }

  public CacheStats stats() { return cache.stats(); }

  public long size() { return cache.estimatedSize(); }
}
