package dev.shunt.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Several contenders on one workload, interleaved operation by operation so that the machine's
 * noise hits every contender alike. Each thread prepares its statement per operation, as an
 * application behind a pool does.
 */
final class Rounds {
  interface Opener {
    Connection open() throws SQLException;
  }

  static final class Contender {
    final String name;
    final Opener opener;

    Contender(String name, Opener opener) {
      this.name = name;
      this.opener = opener;
    }
  }

  interface Op {
    /** One operation on {@code c}; {@code seq} is unique per thread and call. */
    void run(Connection c, SplittableRandom r, long seq) throws SQLException;
  }

  /** Per contender, the latency of every operation (nanoseconds), in the order they ran. */
  static final class Result {
    final int threads;
    final Map<String, long[]> nanos = new LinkedHashMap<>();
    final Map<String, long[]> evenCycles = new LinkedHashMap<>();
    final Map<String, long[]> oddCycles = new LinkedHashMap<>();

    Result(int threads) { this.threads = threads; }

    double medianMicros(String name) {
      long[] v = nanos.get(name);
      return v[v.length / 2] / 1e3;
    }

    /** Mean of the fastest 99%: the per-operation cost without the rare multi-millisecond stall. */
    double trimmedMeanMicros(String name) { return trimmedMean(nanos.get(name)) / 1e3; }

    /** Throughput the contender's threads would reach at its trimmed mean latency. */
    double opsPerSecond(String name) { return threads * 1e6 / trimmedMeanMicros(name); }

    /**
     * Speed relative to {@code reference}: the inverse ratio of their median latencies. The median,
     * because the stalls this shared machine inflicts (other programs taking both cores for
     * milliseconds) land on whichever contender runs at the time and swamp any mean.
     */
    double ratio(String name, String reference) { return median(nanos.get(reference)) / median(nanos.get(name)); }

    /** The same driver measured against itself: even cycles vs odd cycles, as a distance from 1. */
    double selfScatter(String name) { return Math.abs(median(evenCycles.get(name)) / median(oddCycles.get(name)) - 1); }

    private static double median(long[] sorted) { return sorted[sorted.length / 2]; }

    int count(String name) { return nanos.get(name).length; }

    /** This result and {@code other}'s, operation by operation. */
    Result plus(Result other) {
      Result r = new Result(threads);
      for (String name : nanos.keySet()) {
        r.nanos.put(name, concat(nanos.get(name), other.nanos.get(name)));
        r.evenCycles.put(name, concat(evenCycles.get(name), other.evenCycles.get(name)));
        r.oddCycles.put(name, concat(oddCycles.get(name), other.oddCycles.get(name)));
      }
      return r;
    }

    private static long[] concat(long[] a, long[] b) {
      long[] c = Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, c, a.length, b.length);
      Arrays.sort(c);
      return c;
    }

    private static double trimmedMean(long[] sorted) {
      int n = Math.max(1, (int) (sorted.length * 0.99));
      double sum = 0;
      for (int i = 0; i < n; i++) sum += sorted[i];
      return sum / n;
    }
  }

  private Rounds() {}

  /**
   * Interleaves the contenders operation by operation: every thread holds one connection per
   * contender and runs one operation on each in turn (a cycle), in a random order each cycle,
   * timing each operation. So every contender meets the same machine, whatever the other programs
   * on it do, and the comparison rests on hundreds of thousands of operations, not a few slots.
   */
  static Result run(String label, List<Contender> contenders, int threads, Op op, double seconds, double warmupSeconds)
      throws Exception {
    // in segments, each on freshly opened connections: a connection's server thread can sit on a
    // luckier core than another's for the whole of a segment, a bias no interleaving removes
    int segments = seconds >= 20 ? 4 : 2;
    Result all = null;
    for (int s = 0; s < segments; s++) {
      Result r = segment(label, contenders, threads, op, seconds / segments, s == 0 ? warmupSeconds : Math.min(1, warmupSeconds));
      all = all == null ? r : all.plus(r);
    }
    return all;
  }

  private static Result segment(String label, List<Contender> contenders, int threads, Op op, double seconds, double warmupSeconds)
      throws Exception {
    int k = contenders.size();
    Connection[][] conns = new Connection[k][threads];
    try {
      for (int i = 0; i < k; i++) {
        for (int t = 0; t < threads; t++) conns[i][t] = contenders.get(i).opener.open();
      }
      for (int i = 0; i < k; i++) measure(List.of(conns[i]), op, warmupSeconds);
      System.gc();
      long[][][] lat = new long[threads][k][];
      int[][] counts = new int[threads][k];
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      long[] end = new long[1];
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        long seed = System.nanoTime() + t;
        for (int i = 0; i < k; i++) lat[t][i] = new long[1 << 14];
        Thread th = new Thread(() -> {
          SplittableRandom r = new SplittableRandom(seed);
          long[][] mine = lat[me];
          int[] n = counts[me];
          try {
            ready.countDown();
            go.await();
            long until = end[0];
            int[] order = new int[k];
            for (int j = 0; j < k; j++) order[j] = j;
            while (System.nanoTime() < until) {
              // a fresh random order each cycle: no contender always follows the same one (a heavy
              // predecessor leaves cold caches and garbage behind)
              for (int j = k - 1; j > 0; j--) {
                int x = r.nextInt(j + 1);
                int tmp = order[j];
                order[j] = order[x];
                order[x] = tmp;
              }
              for (int j = 0; j < k; j++) {
                int i = order[j];
                long t0 = System.nanoTime();
                op.run(conns[i][me], r, SEQ.getAndIncrement());
                long took = System.nanoTime() - t0;
                if (n[i] == mine[i].length) mine[i] = Arrays.copyOf(mine[i], n[i] * 2);
                mine[i][n[i]++] = took;
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "shunt-bench-" + t);
        th.setDaemon(true);
        workers.add(th);
        th.start();
      }
      ready.await();
      end[0] = System.nanoTime() + (long) (seconds * 1e9);
      go.countDown();
      long progressAt = System.nanoTime() + 10_000_000_000L;
      for (Thread th : workers) {
        while (th.isAlive()) {
          th.join(1000);
          if (System.nanoTime() > progressAt) {
            Bench.progress(label + ": running");
            progressAt += 10_000_000_000L;
          }
        }
      }
      if (failure.get() != null) throw new IllegalStateException(label + ": a benchmark thread failed", failure.get());

      Result result = new Result(threads);
      for (int i = 0; i < k; i++) {
        int total = 0;
        int even = 0;
        for (int t = 0; t < threads; t++) {
          total += counts[t][i];
          even += (counts[t][i] + 1) / 2;
        }
        long[] all = new long[total];
        long[] ev = new long[even];
        long[] od = new long[total - even];
        int a = 0;
        int e = 0;
        int o = 0;
        for (int t = 0; t < threads; t++) {
          for (int j = 0; j < counts[t][i]; j++) {
            long v = lat[t][i][j];
            all[a++] = v;
            if (j % 2 == 0) ev[e++] = v;
            else od[o++] = v;
          }
        }
        Arrays.sort(all);
        Arrays.sort(ev);
        Arrays.sort(od);
        String name = contenders.get(i).name;
        result.nanos.put(name, all);
        result.evenCycles.put(name, ev);
        result.oddCycles.put(name, od);
      }
      return result;
    } finally {
      for (Connection[] list : conns) {
        for (Connection c : list) {
          if (c == null) continue;
          try {
            c.close();
          } catch (SQLException ignored) {
            // closing after the measurement
          }
        }
      }
    }
  }

  /** Runs {@code op} on every connection, one thread each, for {@code seconds}; returns ops/s. */
  static double measure(List<Connection> conns, Op op, double seconds) throws Exception {
    AtomicLong ops = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(conns.size());
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < conns.size(); t++) {
      Connection c = conns.get(t);
      long seed = System.nanoTime() + t;
      Thread th = new Thread(() -> {
        SplittableRandom r = new SplittableRandom(seed);
        long n = 0;
        try {
          ready.countDown();
          go.await();
          long end = window[1];
          while (System.nanoTime() < end) {
            op.run(c, r, SEQ.getAndIncrement());
            n++;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          ops.addAndGet(n);
        }
      }, "shunt-bench-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    ready.await();
    window[0] = System.nanoTime();
    window[1] = window[0] + (long) (seconds * 1e9);
    go.countDown();
    for (Thread th : threads) th.join();
    long elapsed = Math.max(System.nanoTime() - window[0], 1);
    if (failure.get() != null) throw new IllegalStateException("a benchmark thread failed", failure.get());
    return ops.get() * 1e9 / elapsed;
  }

  /** Process-wide, so inserts never reuse a key across rounds or contenders. */
  static final AtomicLong SEQ = new AtomicLong(1);

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    if (n == 0) return Double.NaN;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
