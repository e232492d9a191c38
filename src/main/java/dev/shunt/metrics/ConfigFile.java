package dev.shunt.metrics;

import dev.shunt.config.ConfigException;
import dev.shunt.config.ConfigHandle;
import dev.shunt.config.ShuntConfig;
import java.time.Instant;

/** The JMX view of one toggle file. */
public final class ConfigFile implements ConfigFileMBean {
  private final ConfigHandle handle;

  ConfigFile(ConfigHandle handle) { this.handle = handle; }

  @Override public String getFile() { return handle.path().toString(); }
  @Override public long getVersion() {
    ShuntConfig c = handle.current();
    return c == null ? -1 : c.version();
  }
  @Override public String getContentHash() {
    ShuntConfig c = handle.current();
    return c == null ? null : c.contentHash();
  }
  @Override public String getLastError() {
    ConfigException e = handle.lastError();
    return e == null ? null : e.getMessage();
  }
  @Override public String getLastErrorAt() {
    Instant at = handle.lastErrorAt();
    return at == null ? null : at.toString();
  }
  @Override public int getUsers() { return handle.users(); }
  @Override public String[] getMigrations() {
    ShuntConfig c = handle.current();
    return c == null ? new String[0] : c.migrations().keySet().toArray(new String[0]);
  }
}
