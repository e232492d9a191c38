package dev.shunt.sql;

import java.util.Locale;
import java.util.Objects;

/**
 * A table name as the toggle file or a statement names it: optional schema, name.
 * Comparison ignores case and quoting, because MariaDB, PostgreSQL and H2 fold or
 * compare differently and a missed match would let a write go unmirrored.
 */
public final class TableRef {
  private final String schema; // null when unqualified
  private final String name;
  private final String schemaKey;
  private final String nameKey;

  public TableRef(String schema, String name) {
    this.schema = schema;
    this.name = Objects.requireNonNull(name, "name");
    this.schemaKey = schema == null ? null : schema.toLowerCase(Locale.ROOT);
    this.nameKey = name.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code name}, {@code schema.name} or quoted forms such as {@code `app`."users"}. */
  public static TableRef parse(String qualified) {
    String[] parts = Identifiers.splitQualified(qualified);
    if (parts.length == 1) return new TableRef(null, parts[0]);
    // catalog.schema.table (three parts): keep the last two, the schema is what selects the table
    return new TableRef(parts[parts.length - 2], parts[parts.length - 1]);
  }

  public String schema() { return schema; }
  public String name() { return name; }

  /** Lower-cased table name, the key the text scan and the planner match on. */
  public String nameKey() { return nameKey; }

  /**
   * True when a statement's reference can denote this migrated table: same name, and
   * same schema where both give one (an unqualified name may mean any schema).
   */
  public boolean matches(TableRef other) {
    if (!nameKey.equals(other.nameKey)) return false;
    return schemaKey == null || other.schemaKey == null || schemaKey.equals(other.schemaKey);
  }

  @Override public boolean equals(Object o) {
    if (!(o instanceof TableRef)) return false;
    TableRef t = (TableRef) o;
    return nameKey.equals(t.nameKey) && Objects.equals(schemaKey, t.schemaKey);
  }

  @Override public int hashCode() { return Objects.hash(schemaKey, nameKey); }

  @Override public String toString() { return schema == null ? name : schema + "." + name; }
}
