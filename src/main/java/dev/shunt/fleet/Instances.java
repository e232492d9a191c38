package dev.shunt.fleet;

import dev.shunt.ops.StateTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading the fleet table, and the text form of its per-migration columns. */
public final class Instances {
  /** An instance not seen for this long is shown as gone (it reports every {@link Heartbeat#PERIOD_MS}). */
  public static final long STALE_AFTER_MS = 60_000;
  /** Rows not refreshed for this long are deleted by any heartbeat. */
  public static final long PURGE_AFTER_MS = 86_400_000L;

  private Instances() {}

  /** Every recorded instance, by host and process (a stable order); empty when no driver has reported yet. */
  public static List<Instance> read(Connection old, StateTables state) throws SQLException {
    List<Instance> out = new ArrayList<>();
    if (!StateTables.exists(old, state.instances())) return out;
    try (PreparedStatement ps = old.prepareStatement("SELECT instance_id, host, pid, config_file, config_version, config_hash, "
        + "phases, unmirrored, last_error, started_at, seen_at, read_stats FROM " + state.instances() + " ORDER BY host, pid, config_file, instance_id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Map<String, Long> unmirrored = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : decode(rs.getString(8)).entrySet()) {
          try {
            unmirrored.put(e.getKey(), Long.parseLong(e.getValue()));
          } catch (NumberFormatException ignored) {
            // written by another version; nothing to show
          }
        }
        out.add(new Instance(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getLong(5), rs.getString(6),
            decode(rs.getString(7)), unmirrored, rs.getString(9), rs.getLong(10), rs.getLong(11),
            ReadStats.decodeAll(decode(rs.getString(12)))));
      }
    }
    return out;
  }

  /** {@code users=shadow-write,orders=old}: names are [a-z0-9_-]+ and values hold no comma. */
  static String encode(Map<String, ?> values) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (sb.length() > 0) sb.append(',');
      sb.append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }

  static Map<String, String> decode(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) return out;
    for (String part : s.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) out.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return out;
  }
}
