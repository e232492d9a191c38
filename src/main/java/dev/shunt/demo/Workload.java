package dev.shunt.demo;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The demo's application: a few threads of point reads, inserts, balance updates, deletes and
 * two-statement transactions (some rolled back) through {@code jdbc:shunt:}, each thread on its
 * own keys so its {@link Ledger} is exact. Latencies and errors are kept per phase.
 */
final class Workload {
  /** One phase's figures. */
  static final class Window {
    long operations;
    long errors;
    long retried;
    final List<Long> latenciesMicros = new ArrayList<>();
  }

  interface ConnectionSource {
    Connection open() throws SQLException;
  }

  private final int threads;
  private final ConnectionSource connections;
  private final Ledger[] ledgers;
  private final Window[] current;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> running = new ArrayList<>();
  private volatile Throwable fatal;
  private final Supplier<Long>[] nextIds;

  @SuppressWarnings("unchecked")
  Workload(int threads, ConnectionSource connections, long historyRows) {
    this.threads = threads;
    this.connections = connections;
    this.ledgers = new Ledger[threads];
    this.current = new Window[threads];
    this.nextIds = new Supplier[threads];
    for (int t = 0; t < threads; t++) {
      ledgers[t] = new Ledger();
      current[t] = new Window();
      for (long id = 1; id <= historyRows; id++) {
        if (id % threads == t) ledgers[t].accounts.put(id, DemoSchema.historyRow(id));
      }
      long[] next = {1_000_000L + t};
      nextIds[t] = () -> next[0] += threads;
    }
  }

  void start() {
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread thread = new Thread(() -> run(me), "shunt-demo-app-" + t);
      thread.setDaemon(true);
      running.add(thread);
      thread.start();
    }
  }

  /** The figures since the last call, summed over threads. */
  Window takeWindow() {
    Window sum = new Window();
    for (int t = 0; t < threads; t++) {
      Window w;
      synchronized (ledgers[t]) {
        w = current[t];
        current[t] = new Window();
      }
      sum.operations += w.operations;
      sum.errors += w.errors;
      sum.retried += w.retried;
      sum.latenciesMicros.addAll(w.latenciesMicros);
    }
    return sum;
  }

  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread t : running) t.join();
  }

  Throwable fatal() { return fatal; }

  /** Every thread's committed accounts together. */
  Ledger merged() {
    Ledger all = new Ledger();
    for (Ledger l : ledgers) all.accounts.putAll(l.accounts);
    return all;
  }

  private void run(int t) {
    Random random = new Random(t * 7919L);
    Ledger ledger = ledgers[t];
    Long[] owned = ledger.accounts.keySet().toArray(new Long[0]);
    List<Long> keys = new ArrayList<>(Arrays.asList(owned));
    try (Connection c = connections.open()) {
      while (!stop.get()) {
        long start = System.nanoTime();
        boolean error = false;
        boolean retried = false;
        try {
          step(c, random, ledger, keys, t);
        } catch (SQLException e) {
          rollbackQuietly(c);
          if ("40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState())) retried = true; // as any application retries a deadlock
          else {
            error = true;
            System.err.println("demo workload error: " + e.getMessage());
          }
        }
        long micros = (System.nanoTime() - start) / 1000;
        synchronized (ledger) {
          Window w = current[t];
          w.operations++;
          if (error) w.errors++;
          if (retried) w.retried++;
          w.latenciesMicros.add(micros);
        }
      }
    } catch (Throwable e) {
      fatal = e;
    }
  }

  private void step(Connection c, Random random, Ledger ledger, List<Long> keys, int t) throws SQLException {
    int dice = keys.isEmpty() ? 50 : random.nextInt(100); // nothing left to touch: insert
    long id = keys.isEmpty() ? 0 : keys.get(random.nextInt(keys.size()));
    if (dice < 40) {
      try (PreparedStatement ps = c.prepareStatement("SELECT owner, email, balance FROM demo_accounts WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rs.getBigDecimal(3);
        }
      }
    } else if (dice < 60) {
      long newId = nextIds[t].get();
      Ledger.Account a = new Ledger.Account("owner" + newId, "new" + newId + "@example.org", 100 * (newId % 500) + 25);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO demo_accounts (id, owner, email, balance) VALUES (?, ?, ?, ?)")) {
        ps.setLong(1, newId);
        ps.setString(2, a.owner);
        ps.setString(3, a.email);
        ps.setBigDecimal(4, BigDecimal.valueOf(a.balanceCents, 2));
        ps.executeUpdate();
      }
      ledger.accounts.put(newId, a);
      keys.add(newId);
    } else if (dice < 85) {
      long delta = random.nextInt(2000) - 1000;
      if (update(c, id, delta) == 1) credit(ledger, id, delta);
    } else if (dice < 90) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM demo_accounts WHERE id = ?")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
      ledger.accounts.remove(id);
      keys.remove(id);
    } else {
      // a transfer between two of this thread's accounts; one in three is rolled back
      long other = keys.get(random.nextInt(keys.size()));
      long amount = 1 + random.nextInt(500);
      boolean keep = random.nextInt(3) != 0;
      c.setAutoCommit(false);
      try {
        int a = update(c, id, -amount);
        int b = update(c, other, amount);
        if (keep) {
          c.commit();
          if (a == 1) credit(ledger, id, -amount);
          if (b == 1) credit(ledger, other, amount);
        } else {
          c.rollback();
        }
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static int update(Connection c, long id, long deltaCents) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE demo_accounts SET balance = balance + ? WHERE id = ?")) {
      ps.setBigDecimal(1, BigDecimal.valueOf(deltaCents, 2));
      ps.setLong(2, id);
      return ps.executeUpdate();
    }
  }

  private static void credit(Ledger ledger, long id, long delta) {
    Ledger.Account a = ledger.accounts.get(id);
    if (a != null) ledger.accounts.put(id, new Ledger.Account(a.owner, a.email, a.balanceCents + delta));
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (!c.getAutoCommit()) c.rollback();
    } catch (SQLException ignored) {
      // the next statement reports it
    }
  }
}
