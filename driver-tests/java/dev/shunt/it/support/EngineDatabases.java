package dev.shunt.it.support;

import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/** One database per engine for a test class, created and set up on first use, dropped at the end. */
public final class EngineDatabases implements AutoCloseable {
  /** Creates the schema of a fresh database. */
  @FunctionalInterface
  public interface Setup {
    void create(TestDatabase db) throws SQLException;
  }

  private final String purpose;
  private final Setup setup;
  private final Map<Engine, TestDatabase> byEngine = new EnumMap<>(Engine.class);

  public EngineDatabases(String purpose, Setup setup) {
    this.purpose = purpose;
    this.setup = setup;
  }

  public synchronized TestDatabase get(Engine engine) throws SQLException {
    TestDatabase db = byEngine.get(engine);
    if (db == null) {
      db = TestDatabases.create(engine, purpose);
      setup.create(db);
      byEngine.put(engine, db);
    }
    return db;
  }

  @Override public synchronized void close() {
    byEngine.values().forEach(TestDatabase::close);
    byEngine.clear();
  }
}
