package dev.shunt.sql;

/** What a statement does, as far as mirroring and routing care. */
public enum StatementKind {
  SELECT, INSERT, UPDATE, DELETE,
  /** REPLACE, UPSERT, INSERT … ON DUPLICATE KEY UPDATE, INSERT … ON CONFLICT. */
  UPSERT,
  MERGE,
  /** CREATE, ALTER, DROP, TRUNCATE, RENAME and other schema changes. */
  DDL,
  /** CALL / EXECUTE of a stored routine: its writes cannot be seen from the text. */
  CALL,
  /** SET, SHOW, USE, transaction control and anything else that reads or writes no table. */
  OTHER,
  /** Several statements in one string. */
  MULTI,
  /** The parser rejected the text. */
  UNPARSEABLE;

  public boolean writes() {
    return this == INSERT || this == UPDATE || this == DELETE || this == UPSERT || this == MERGE || this == DDL;
  }
}
