package dev.shunt.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link ConfigHandle} per toggle file path in the process, shared by all its connections. */
public final class ConfigRegistry {
  private static final ConfigRegistry PROCESS = new ConfigRegistry(new ToggleFileParser());

  private final ToggleFileParser parser;
  private final Map<Path, ConfigHandle> handles = new ConcurrentHashMap<>();

  public ConfigRegistry(ToggleFileParser parser) { this.parser = parser; }

  public static ConfigRegistry process() { return PROCESS; }

  /**
   * The handle for {@code file}, with one more user registered. The path is made absolute but
   * symlinks are kept: a ConfigMap swaps the link's target, and the link is what we watch.
   */
  public ConfigHandle acquire(Path file) throws ConfigException {
    ConfigHandle handle = handles.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new ConfigHandle(p, parser));
    handle.acquire();
    return handle;
  }

  /** The handle for {@code file} if this process has one, without registering a user. */
  public ConfigHandle find(Path file) {
    return handles.get(file.toAbsolutePath().normalize());
  }
}
