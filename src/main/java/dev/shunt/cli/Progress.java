package dev.shunt.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Long work made visible: a progress bar (rows, rows/s, ETA) on a terminal, and a plain line
 * every two seconds otherwise, so logs of a CI job or a pod stay readable.
 */
final class Progress implements AutoCloseable {
  private static final long LINE_EVERY_NANOS = 2_000_000_000L;

  private final String task;
  private final PrintWriter out;
  private final ProgressBar bar;
  private final long startNanos = System.nanoTime();
  private final long startDone;
  private volatile long total;
  private long lastLine = System.nanoTime();
  private long done;

  Progress(String task, long total, long alreadyDone, PrintWriter out) {
    this.task = task;
    this.out = out;
    this.total = Math.max(total, alreadyDone);
    this.startDone = alreadyDone;
    this.done = alreadyDone;
    if (System.console() != null) {
      this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(this.total).setStyle(ProgressBarStyle.ASCII)
          .setUnit(" rows", 1).showSpeed().continuousUpdate().build();
      bar.stepTo(alreadyDone);
    } else {
      this.bar = null;
    }
  }

  synchronized void stepTo(long rows) {
    done = Math.max(done, rows);
    if (done > total) total = done; // rows inserted during the run
    if (bar != null) {
      if (bar.getMax() < total) bar.maxHint(total);
      bar.stepTo(done);
      return;
    }
    long now = System.nanoTime();
    if (now - lastLine >= LINE_EVERY_NANOS) {
      lastLine = now;
      out.println(line(now));
      out.flush();
    }
  }

  private String line(long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    long rate = Math.round((done - startDone) / seconds);
    String eta = rate <= 0 ? "?" : ((total - done) / rate) + " s";
    long pct = total == 0 ? 100 : done * 100 / total;
    return String.format("%s: %d/%d rows (%d%%), %d rows/s, ETA %s", task, done, total, pct, rate, eta);
  }

  /** Rows done in all, this run's and earlier runs'. */
  synchronized long done() { return done; }

  /** Rows done by this run. */
  synchronized long doneThisRun() { return done - startDone; }

  /** Rows per second over the whole run, counting only this run's rows. */
  synchronized long rate() {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    return Math.round((done - startDone) / seconds);
  }

  @Override public synchronized void close() {
    if (bar != null) bar.close();
    else {
      out.println(line(System.nanoTime()));
      out.flush();
    }
  }
}
