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

  StatementInfo(StatementKind kind, List<TableRef> read, List<TableRef> written, Statement ast, String parseError) {
    this.kind = kind;
    this.tablesRead = List.copyOf(read);
    this.tablesWritten = List.copyOf(written);
    this.ast = ast;
    this.parseError = parseError;
  }

  static StatementInfo unparseable(String error) {
    return new StatementInfo(StatementKind.UNPARSEABLE, List.of(), List.of(), null, error);
  }

  public StatementKind kind() { return kind; }
  public List<TableRef> tablesRead() { return tablesRead; }
  public List<TableRef> tablesWritten() { return tablesWritten; }
  public Statement ast() { return ast; }
  public String parseError() { return parseError; }
  public boolean parsed() { return kind != StatementKind.UNPARSEABLE; }

  @Override public String toString() {
    return kind + " read=" + tablesRead + " written=" + tablesWritten;
  }
}
