package dev.shunt.fleet;

import dev.shunt.metrics.MigrationCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one process's reads of one migration saw, as its heartbeat records it for {@code status}:
 * compares finished, confirmed mismatches, and the read breaker's state. Text form
 * {@code compared:mismatches:state}, which holds no comma or equals sign.
 */
public final class ReadStats {
  public final long compared;
  public final long mismatches;
  public final String breaker;

  public ReadStats(long compared, long mismatches, String breaker) {
    this.compared = compared;
    this.mismatches = mismatches;
    this.breaker = breaker;
  }

  static ReadStats of(MigrationCounters c) {
    return new ReadStats(c.comparesDone(), c.confirmedMismatches(), c.breakerState());
  }

  String encode() { return compared + ":" + mismatches + ":" + breaker; }

  static ReadStats decode(String s) {
    String[] p = s == null ? new String[0] : s.split(":");
    if (p.length != 3) return null;
    try {
      return new ReadStats(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2]);
    } catch (NumberFormatException e) {
      return null; // written by another version
    }
  }

  static Map<String, ReadStats> decodeAll(Map<String, String> encoded) {
    Map<String, ReadStats> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : encoded.entrySet()) {
      ReadStats r = decode(e.getValue());
      if (r != null) out.put(e.getKey(), r);
    }
    return out;
  }
}
