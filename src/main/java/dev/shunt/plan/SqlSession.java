package dev.shunt.plan;

import dev.shunt.sql.ServerReading;
import java.sql.SQLException;

/**
 * What the planner must know of the application's connection to read a statement as its server
 * does: the lexical rules, and which database or schema a table name denotes.
 */
public interface SqlSession {
  /** The lexical family of the application's database. */
  ServerReading.Family family() throws SQLException;

  /** The database (MariaDB) or schema (PostgreSQL, H2) an unqualified table name denotes now; null if unknown. */
  String currentSchema() throws SQLException;

  /** Where the toggle file's unqualified tables live: the connection's database when it opened; null if unknown. */
  String homeSchema() throws SQLException;
}
