package dev.shunt.sql;

import java.util.List;
import net.sf.jsqlparser.statement.Statement;

/**
 * What one SQL text does: its kind and the tables it reads and writes. Independent of any
 * configuration, so a reload never re-parses. Shared between threads: never mutate
 * {@link #ast()}; rewriters work on a copy.
 */
public final class StatementInfo {
  private final StatementKind kind;
  private final List<TableRef> tablesRead;
  private final List<TableRef> tablesWritten;
  private final Statement ast; // null unless exactly one statement parsed
  private final String parseError; // null unless UNPARSEABLE
  private final String doubt; // the construct the server may read differently from the parser, or null
  private final int statements; // how many statements the server sees in the text

  StatementInfo(StatementKind kind, List<TableRef> read, List<TableRef> written, Statement ast, String parseError) {
    this(kind, read, written, ast, parseError, null, 1);
  }

  private StatementInfo(StatementKind kind, List<TableRef> read, List<TableRef> written, Statement ast, String parseError,
      String doubt, int statements) {
    this.kind = kind;
    this.doubt = doubt;
    this.statements = statements;
    this.tablesRead = List.copyOf(read);
    this.tablesWritten = List.copyOf(written);
    this.ast = ast;
    this.parseError = parseError;
  }

  static StatementInfo unparseable(String error, int statements) {
    return new StatementInfo(StatementKind.UNPARSEABLE, List.of(), List.of(), null, error, null, statements);
  }

  static StatementInfo multi(List<TableRef> read, List<TableRef> written, int statements) {
    return new StatementInfo(StatementKind.MULTI, read, written, null, null, null, statements);
  }

  /** A text Shunt may read differently from the server: never acted on, whatever the parser says. */
  static StatementInfo inDoubt(ServerReading reading) {
    return new StatementInfo(StatementKind.UNPARSEABLE, List.of(), List.of(), null, null, reading.doubt(), reading.statements());
  }

  public StatementKind kind() { return kind; }
  public List<TableRef> tablesRead() { return tablesRead; }
  public List<TableRef> tablesWritten() { return tablesWritten; }
  public Statement ast() { return ast; }
  public String parseError() { return parseError; }
  public boolean parsed() { return kind != StatementKind.UNPARSEABLE; }
  /** The construct that makes Shunt's reading of the text uncertain (no literal in it), or null. */
  public String doubt() { return doubt; }
  /** How many statements the server sees in the text. */
  public int statements() { return statements; }

  @Override public String toString() {
    return kind + " read=" + tablesRead + " written=" + tablesWritten;
  }
}
