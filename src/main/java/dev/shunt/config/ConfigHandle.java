package dev.shunt.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * One toggle file and its current snapshot. While at least one connection uses it, a daemon
 * thread named {@code shunt-config-reload-<file name>} re-reads the file every {@code reload_ms} and swaps
 * in a new snapshot when the content changed and validates; otherwise the last good snapshot
 * stays and the error is logged once. Content is compared, not modification times, so atomic
 * renames, symlink swaps and same-second edits are all seen.
 */
public final class ConfigHandle {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigHandle.class);

  private final Path path;
  private final ToggleFileParser parser;
  private volatile ShuntConfig current;
  private volatile ConfigException lastError;
  private volatile Instant lastErrorAt;
  private byte[] lastSeen; // bytes of the last content processed, good or bad; reload thread only
  private int users;
  private ScheduledExecutorService reloader;

  ConfigHandle(Path path, ToggleFileParser parser) {
    this.path = path;
    this.parser = parser;
  }

  public Path path() { return path; }

  /** The snapshot in force. Never null once {@link #acquire()} has returned. */
  public ShuntConfig current() { return current; }

  /** The error of the last rejected content, or null when the file's current content is in force. */
  public ConfigException lastError() { return lastError; }

  public Instant lastErrorAt() { return lastErrorAt; }

  /**
   * Registers one more user (a connection). The first load must succeed: a connection is never
   * opened on a file Shunt cannot read, because its writes would go unmirrored.
   */
  public synchronized void acquire() throws ConfigException {
    if (current == null) {
      byte[] bytes = read();
      current = parser.parse(path, bytes);
      lastSeen = bytes;
      LOG.info("Shunt loaded {} (version {}): {} migration(s)", path, current.version(), current.migrations().size());
    } else if (users == 0) {
      reloadNow(); // the file may have changed while nobody watched it
    }
    if (users++ == 0) startReloader();
  }

  /** One user fewer; the reload thread stops with the last one. */
  public synchronized void release() {
    if (users > 0 && --users == 0) {
      reloader.shutdownNow();
      reloader = null;
    }
  }

  /** Number of current users (open connections). */
  public synchronized int users() { return users; }

  private void startReloader() {
    reloader = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "shunt-config-reload-" + path.getFileName());
      t.setDaemon(true);
      return t;
    });
    schedule(reloader);
  }

  private void schedule(ScheduledExecutorService executor) {
    try {
      executor.schedule(() -> {
        reloadNow();
        schedule(executor);
      }, current.reloadMs(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException stopped) {
      // released meanwhile
    }
  }

  /** Re-reads the file now; used by the reload thread and by tools that want an answer at once. */
  public synchronized void reloadNow() {
    byte[] bytes;
    try {
      bytes = read();
    } catch (ConfigException e) {
      reject(e, null);
      return;
    }
    if (Arrays.equals(bytes, lastSeen)) return;
    if (!settled(bytes)) return; // still being written: the next check takes it
    try {
      ShuntConfig next = parser.parse(path, bytes, current);
      lastSeen = bytes;
      current = next;
      lastError = null;
      lastErrorAt = null;
      LOG.info("Shunt reloaded {} (version {})", path, next.version());
    } catch (ConfigException e) {
      reject(e, bytes);
    }
  }

  /**
   * True when the file still holds {@code bytes} a moment later. An editor or a copy that writes
   * the file in place can be caught half way, and a truncated file may still parse (a mapping cut
   * off, a migration missing): a new content is taken only once it has stopped changing.
   */
  private boolean settled(byte[] bytes) {
    betweenReads.run();
    try {
      Thread.sleep(Math.max(1, Math.min(100, current.reloadMs() / 4)));
      return Arrays.equals(bytes, read());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ConfigException e) {
      return false;
    }
  }

  /** Runs between the two reads of a changed file; tests use it to act as a writer caught half way. */
  volatile Runnable betweenReads = () -> { };

  private void reject(ConfigException e, byte[] bytes) {
    boolean repeated = lastError != null && lastError.getMessage().equals(e.getMessage());
    if (bytes != null) lastSeen = bytes;
    lastError = e;
    if (!repeated) {
      lastErrorAt = Instant.now();
      LOG.error("Shunt rejected {}; keeping version {}: {}", path, current.version(), e.getMessage());
    }
  }

  private byte[] read() throws ConfigException {
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new ConfigException(path.toString(), 1, 1, "the toggle file does not exist");
    } catch (IOException e) {
      throw new ConfigException(path.toString(), 1, 1, "cannot read the toggle file: " + e.getMessage());
    }
  }
}
