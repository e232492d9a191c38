package dev.shunt.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was over the run, from Linux's {@code /proc/stat} and {@code /proc/loadavg}:
 * CPU time given to other virtual machines ("steal") and the load average tell a reader how much
 * of the run's noise came from outside it.
 */
final class CpuTimes {
  private CpuTimes() {}

  /** user, nice, system, idle, iowait, irq, softirq, steal, in clock ticks; null where unreadable. */
  static long[] read() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long[] t = new long[8];
      for (int i = 0; i < t.length; i++) t[i] = Long.parseLong(f[i + 1]);
      return t;
    } catch (Exception e) {
      return null;
    }
  }

  static String describe(long[] start, long[] end) {
    if (start == null || end == null) return "machine during the run: /proc/stat not readable";
    long total = 0;
    long[] d = new long[end.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = end[i] - start[i];
      total += d[i];
    }
    if (total <= 0) return "machine during the run: no CPU time counted";
    long idle = d[3] + d[4];
    String load;
    try {
      String[] avg = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", 4);
      load = avg[0] + " and " + avg[1];
    } catch (Exception e) {
      load = "?";
    }
    return String.format("machine during the run: CPUs %.0f%% busy, %.0f%% stolen by other virtual machines, %.0f%% idle;"
        + " load average at the end (1 and 5 min) %s", 100.0 * (total - idle - d[7]) / total, 100.0 * d[7] / total,
        100.0 * idle / total, load);
  }
}
