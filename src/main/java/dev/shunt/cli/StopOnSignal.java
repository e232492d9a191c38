package dev.shunt.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * While open, Ctrl-C or a SIGTERM asks long work to stop (through {@code stop}) and holds the
 * JVM's exit until the work has ended and said so, or {@code waitSeconds} have passed. A JVM
 * shutdown hook is the only portable way to see the signal; the JVM exits once the hook returns.
 */
final class StopOnSignal implements AutoCloseable {
  private final CountDownLatch ended = new CountDownLatch(1);
  private final Thread hook;

  StopOnSignal(String name, Runnable stop, long waitSeconds) {
    hook = new Thread(() -> {
      stop.run();
      try {
        ended.await(waitSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException ignored) {
        // the JVM goes down regardless
      }
    }, name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The work has ended: a signalled exit may go ahead, and later signals no longer concern it. */
  @Override public void close() {
    ended.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running and returns now
    }
  }
}
