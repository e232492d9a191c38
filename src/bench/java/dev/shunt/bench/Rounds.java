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
 * Closed-loop throughput of several contenders on one workload, measured in alternating rounds
 * (the order rotates each round) so that the machine's drift hits every contender alike. Each
 * thread holds one connection for the whole section and prepares its statement per operation, as
 * an application behind a pool does.
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

  /** Per contender, ops/s of each round, and the ratio to the first contender in the same round. */
  static final class Result {
    final Map<String, double[]> opsPerSecond = new LinkedHashMap<>();
    final Map<String, double[]> ratioToFirst = new LinkedHashMap<>();

    double medianOps(String name) { return median(opsPerSecond.get(name)); }

    double medianRatio(String name) { return median(ratioToFirst.get(name)); }
  }

  private Rounds() {}

  static Result run(String label, List<Contender> contenders, int threads, Op op, int rounds, double seconds,
      double warmupSeconds) throws Exception {
    Map<String, List<Connection>> conns = new LinkedHashMap<>();
    try {
      for (Contender c : contenders) {
        List<Connection> list = new ArrayList<>();
        for (int t = 0; t < threads; t++) list.add(c.opener.open());
        conns.put(c.name, list);
      }
      for (Contender c : contenders) measure(conns.get(c.name), op, warmupSeconds);
      Result result = new Result();
      for (Contender c : contenders) {
        result.opsPerSecond.put(c.name, new double[rounds]);
        result.ratioToFirst.put(c.name, new double[rounds]);
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < contenders.size(); i++) {
          Contender c = contenders.get((i + r) % contenders.size());
          result.opsPerSecond.get(c.name)[r] = measure(conns.get(c.name), op, seconds);
        }
        double first = result.opsPerSecond.get(contenders.get(0).name)[r];
        for (Contender c : contenders) result.ratioToFirst.get(c.name)[r] = result.opsPerSecond.get(c.name)[r] / first;
        Bench.progress(label + ": round " + (r + 1) + "/" + rounds);
      }
      return result;
    } finally {
      for (List<Connection> list : conns.values()) {
        for (Connection c : list) {
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
