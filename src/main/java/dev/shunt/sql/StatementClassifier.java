package dev.shunt.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Parses one SQL text with JSqlParser and says what it reads and writes. The parser is called
 * directly: {@code CCJSqlParserUtil.parse(String)} starts a thread per call for its time-out.
 */
public final class StatementClassifier {

  /** Classifies {@code sql} as a server of {@code family} reads it; a text in doubt is never parsed. */
  public StatementInfo classify(String sql, ServerReading.Family family) {
    ServerReading reading = ServerReading.read(sql, family);
    if (!reading.certain()) return StatementInfo.inDoubt(reading);
    Statements statements;
    try {
      statements = SqlParsing.statements(sql);
    } catch (ParseException e) {
      return StatementInfo.unparseable(shortMessage(e), reading.statements());
    }
    List<Statement> list = new ArrayList<>();
    for (Statement s : statements) if (s != null) list.add(s);
    if (list.isEmpty()) return StatementInfo.unparseable("no statement in the text", reading.statements());
    if (list.size() != reading.statements()) {
      return StatementInfo.unparseable("the parser found " + list.size() + " statement(s) where the server sees "
          + reading.statements(), Math.max(list.size(), reading.statements()));
    }
    try {
      if (list.size() == 1) return one(list.get(0));
      Set<TableRef> read = new LinkedHashSet<>();
      Set<TableRef> written = new LinkedHashSet<>();
      for (Statement s : list) {
        StatementInfo part = one(s);
        if (!part.parsed()) return part;
        read.addAll(part.tablesRead());
        written.addAll(part.tablesWritten());
      }
      return StatementInfo.multi(new ArrayList<>(read), new ArrayList<>(written), list.size());
    } catch (RuntimeException e) {
      // TablesNamesFinder refuses some statement types; not knowing the tables is not knowing enough
      return StatementInfo.unparseable("cannot analyse the statement: " + shortMessage(e), list.size());
    }
  }

  /**
   * A fresh AST of a text already classified as one statement, for rewriters that change it
   * (the cached AST is shared and must not be mutated).
   */
  public static Statement parseCopy(String sql) throws ParseException {
    Statements all = SqlParsing.statements(sql);
    if (all.size() != 1) throw new ParseException("not one statement");
    return all.get(0);
  }

  private static StatementInfo one(Statement st) {
    if (st instanceof Select) {
      return info(StatementKind.SELECT, allTables(st), List.of(), st);
    }
    if (st instanceof Insert) {
      Insert ins = (Insert) st;
      boolean upsert = ins.isUseDuplicate() || ins.getConflictAction() != null;
      return targets(upsert ? StatementKind.UPSERT : StatementKind.INSERT, st, List.of(ref(ins.getTable())));
    }
    if (st instanceof Upsert) {
      return targets(StatementKind.UPSERT, st, List.of(ref(((Upsert) st).getTable())));
    }
    if (st instanceof Update) {
      return targets(StatementKind.UPDATE, st, updateTargets((Update) st));
    }
    if (st instanceof Delete) {
      return targets(StatementKind.DELETE, st, deleteTargets((Delete) st));
    }
    if (st instanceof Merge) {
      return targets(StatementKind.MERGE, st, List.of(ref(((Merge) st).getTable())));
    }
    if (st instanceof Execute) {
      return info(StatementKind.CALL, List.of(), List.of(), st);
    }
    List<TableRef> ddl = ddlTargets(st);
    if (ddl != null) {
      return info(StatementKind.DDL, List.of(), ddl, st);
    }
    List<TableRef> tables;
    try {
      tables = allTables(st);
    } catch (RuntimeException e) {
      tables = List.of(); // SET, SHOW, USE, COMMIT …: no tables to find
    }
    return info(StatementKind.OTHER, tables, List.of(), st);
  }

  private static StatementInfo targets(StatementKind kind, Statement st, List<TableRef> written) {
    List<TableRef> read = new ArrayList<>();
    for (TableRef t : allTables(st)) if (!written.contains(t)) read.add(t);
    if (st instanceof Insert && ((Insert) st).getSelect() != null && !(((Insert) st).getSelect() instanceof Values)) {
      // INSERT … SELECT may read its own target
      for (TableRef t : allTables(((Insert) st).getSelect())) if (!read.contains(t)) read.add(t);
    }
    return info(kind, read, written, st);
  }

  private static StatementInfo info(StatementKind kind, List<TableRef> read, List<TableRef> written, Statement st) {
    return new StatementInfo(kind, read, written, st, null);
  }

  private static List<TableRef> allTables(Statement st) {
    List<TableRef> out = new ArrayList<>();
    for (String name : new TablesNamesFinder<Void>().getTables(st)) {
      TableRef t = TableRef.parse(name);
      if (!out.contains(t)) out.add(t);
    }
    return out;
  }

  /**
   * Targets of UPDATE: the single table, or in a multi-table UPDATE each table whose name or
   * alias qualifies a SET column. An unqualified SET column there could belong to any of them.
   */
  private static List<TableRef> updateTargets(Update u) {
    Map<String, TableRef> byAlias = new HashMap<>();
    List<TableRef> listed = new ArrayList<>();
    addTable(u.getTable(), byAlias, listed);
    addJoins(u.getStartJoins(), byAlias, listed);
    addFromItem(u.getFromItem(), byAlias, listed);
    addJoins(u.getJoins(), byAlias, listed);
    if (listed.size() == 1) return listed;
    List<TableRef> out = new ArrayList<>();
    for (UpdateSet set : u.getUpdateSets()) {
      for (Column c : set.getColumns()) {
        Table t = c.getTable();
        TableRef target = t == null || t.getName() == null ? null : byAlias.get(key(t.getFullyQualifiedName()));
        if (target == null) return listed;
        if (!out.contains(target)) out.add(target);
      }
    }
    return out;
  }

  private static List<TableRef> deleteTargets(Delete d) {
    Map<String, TableRef> byAlias = new HashMap<>();
    List<TableRef> listed = new ArrayList<>();
    addTable(d.getTable(), byAlias, listed);
    if (d.getUsingList() != null) for (Table t : d.getUsingList()) addTable(t, byAlias, listed);
    addJoins(d.getJoins(), byAlias, listed);
    if (d.getTables() == null || d.getTables().isEmpty()) return listed.isEmpty() ? listed : List.of(listed.get(0));
    List<TableRef> out = new ArrayList<>();
    for (Table t : d.getTables()) {
      TableRef target = byAlias.get(key(t.getFullyQualifiedName()));
      if (target == null) target = ref(t);
      if (!out.contains(target)) out.add(target);
    }
    return out;
  }

  private static List<TableRef> ddlTargets(Statement st) {
    if (st instanceof CreateTable) return List.of(ref(((CreateTable) st).getTable()));
    if (st instanceof Alter) return List.of(ref(((Alter) st).getTable()));
    if (st instanceof Truncate) return List.of(ref(((Truncate) st).getTable()));
    if (st instanceof CreateIndex) return List.of(ref(((CreateIndex) st).getTable()));
    if (st instanceof Drop) return List.of(ref(((Drop) st).getName()));
    if (st instanceof CreateView) return List.of();
    return null;
  }

  private static void addJoins(List<Join> joins, Map<String, TableRef> byAlias, List<TableRef> listed) {
    if (joins == null) return;
    for (Join j : joins) addFromItem(j.getFromItem(), byAlias, listed);
  }

  private static void addFromItem(FromItem item, Map<String, TableRef> byAlias, List<TableRef> listed) {
    if (item instanceof Table) addTable((Table) item, byAlias, listed);
  }

  private static void addTable(Table t, Map<String, TableRef> byAlias, List<TableRef> listed) {
    if (t == null || t.getName() == null) return;
    TableRef r = ref(t);
    if (!listed.contains(r)) listed.add(r);
    byAlias.put(key(t.getFullyQualifiedName()), r);
    byAlias.putIfAbsent(r.nameKey(), r);
    if (t.getAlias() != null) byAlias.put(key(t.getAlias().getName()), r);
  }

  private static TableRef ref(Table t) { return TableRef.parse(t.getFullyQualifiedName()); }

  private static String key(String qualified) {
    String[] parts = Identifiers.splitQualified(qualified);
    return String.join(".", parts).toLowerCase(Locale.ROOT);
  }

  private static String shortMessage(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl > 0 ? m.substring(0, nl) : m;
  }
}
