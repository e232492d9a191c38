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

  /**
   * Per contender, ops/s of each of its slots, and the ratio of each slot to the mean of the two
   * reference slots around it; for the reference, the ratio of each inner reference slot to its two
   * reference neighbours, which shows how far two measurements of the same driver scatter.
   */
  static final class Result {
    final Map<String, double[]> opsPerSecond = new LinkedHashMap<>();
    final Map<String, double[]> ratioToReference = new LinkedHashMap<>();

    double medianOps(String name) { return median(opsPerSecond.get(name)); }

    double medianRatio(String name) { return median(ratioToReference.get(name)); }

    /** Median distance from 1 of the reference's own ratios: the noise floor of one comparison. */
    double referenceScatter(String reference) {
      double[] r = ratioToReference.get(reference).clone();
      for (int i = 0; i < r.length; i++) r[i] = Math.abs(r[i] - 1);
      return median(r);
    }
  }

  private Rounds() {}

  /**
   * Each round runs the reference (the first contender) between every two others, the others in an
   * order that rotates each round: R, C1, R, C2, …, Ck, R. A contender's slot is compared with the
   * reference slots just before and after it, so drift of the machine cancels out.
   */
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
      Contender ref = contenders.get(0);
      List<Contender> others = contenders.subList(1, contenders.size());
      int k = others.size();
      Result result = new Result();
      result.opsPerSecond.put(ref.name, new double[rounds * (k + 1)]);
      result.ratioToReference.put(ref.name, new double[rounds * (k - 1)]);
      for (Contender c : others) {
        result.opsPerSecond.put(c.name, new double[rounds]);
        result.ratioToReference.put(c.name, new double[rounds]);
      }
      for (int r = 0; r < rounds; r++) {
        double[] refSlots = new double[k + 1];
        refSlots[0] = slot(conns.get(ref.name), op, seconds);
        for (int i = 0; i < k; i++) {
          Contender c = others.get((i + r) % k);
          double v = slot(conns.get(c.name), op, seconds);
          refSlots[i + 1] = slot(conns.get(ref.name), op, seconds);
          result.opsPerSecond.get(c.name)[r] = v;
          result.ratioToReference.get(c.name)[r] = v / ((refSlots[i] + refSlots[i + 1]) / 2);
        }
        System.arraycopy(refSlots, 0, result.opsPerSecond.get(ref.name), r * (k + 1), k + 1);
        for (int i = 1; i < k; i++) {
          result.ratioToReference.get(ref.name)[r * (k - 1) + i - 1] = refSlots[i] / ((refSlots[i - 1] + refSlots[i + 1]) / 2);
        }
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

  /** One measured slot, after a collection so that no contender pays for another's garbage. */
  private static double slot(List<Connection> conns, Op op, double seconds) throws Exception {
    System.gc();
    return measure(conns, op, seconds);
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
