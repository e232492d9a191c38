package dev.shunt.config;

/**
 * A toggle file that cannot be used. The message always starts with {@code file:line:column:}
 * so an operator can jump to the spot; a secret's value never appears in it.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String problem;

  public ConfigException(String file, int line, int column, String problem) {
    super(file + ":" + line + ":" + column + ": " + problem);
    this.file = file;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  public String file() { return file; }
  /** 1-based line. */
  public int line() { return line; }
  /** 1-based column. */
  public int column() { return column; }
  /** The message without the position prefix. */
  public String problem() { return problem; }
}
