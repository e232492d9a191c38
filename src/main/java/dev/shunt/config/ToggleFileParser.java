package dev.shunt.config;

import dev.shunt.sql.Identifiers;
import dev.shunt.sql.ScalarExpressions;
import dev.shunt.sql.TableRef;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a toggle file into a {@link ShuntConfig}. Works on SnakeYAML's node
 * tree rather than on constructed maps so that every error can name its line and column.
 */
public final class ToggleFileParser {
  private static final dev.shunt.log.Logger LOG = dev.shunt.log.LoggerFactory.getLogger(ToggleFileParser.class);
  private static final Set<String> TOP_KEYS = keys("version", "old", "new", "reload_ms", "strict", "log_values", "state", "backfill", "migrations");
  private static final Set<String> STATE_KEYS = keys("schema");
  private static final Set<String> BACKFILL_KEYS = keys("pause", "max_rows_per_s");
  private static final Set<String> DB_KEYS = keys("url", "user", "password");
  private static final Set<String> MIGRATION_KEYS = keys("old", "new", "columns", "reverse", "phase", "writes", "reads",
      "read_percent", "compare", "version_column", "on_secondary_failure", "force", "breaker");
  private static final Set<String> TABLE_KEYS = keys("table", "key");
  private static final Set<String> COMPARE_KEYS = keys("sample", "confirm_ms");
  private static final Set<String> BREAKER_KEYS = keys("failures", "timeout_ms", "open_ms");
  private static final long DEFAULT_RELOAD_MS = 1000;
  private static final long MIN_RELOAD_MS = 10;

  private final UnaryOperator<String> env;

  public ToggleFileParser() { this(System::getenv); }

  /** {@code env} looks up environment variables for {@code ${env:NAME}}; tests pass their own. */
  public ToggleFileParser(UnaryOperator<String> env) { this.env = env; }

  /** Parses and validates a file on its own (first load: no phase move to check). */
  public ShuntConfig parse(Path file, byte[] content) throws ConfigException {
    return parse(file, content, null);
  }

  /**
   * Parses and validates a file; with {@code previous}, also checks that every migration's
   * phase change from it is a safe move. The result carries version {@code previous + 1}.
   */
  public ShuntConfig parse(Path file, byte[] content, ShuntConfig previous) throws ConfigException {
    return new Run(file).parse(content, previous);
  }

  private static Set<String> keys(String... k) { return new LinkedHashSet<>(Arrays.asList(k)); }

  /** State of one parse: the file name for messages and the secret resolver. */
  private final class Run {
    private final Path file;
    private final String fileName;
    private final SecretResolver secrets;
    private final Map<String, Node> phaseNodes = new HashMap<>();

    Run(Path file) {
      this.file = file;
      this.fileName = file.toString();
      Path dir = file.toAbsolutePath().getParent();
      this.secrets = new SecretResolver(env, dir);
    }

    ShuntConfig parse(byte[] content, ShuntConfig previous) throws ConfigException {
      String text = new String(content, StandardCharsets.UTF_8);
      Node root;
      try {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
      } catch (MarkedYAMLException e) {
        Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = "YAML syntax error: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
        throw new ConfigException(fileName, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, problem);
      } catch (YAMLException e) {
        throw new ConfigException(fileName, 1, 1, "YAML error: " + e.getMessage());
      }
      if (root == null) throw new ConfigException(fileName, 1, 1, "the file is empty; it needs at least 'version: 1'");
      Map<String, NodeTuple> top = mapping(root, "the toggle file", TOP_KEYS);

      NodeTuple version = top.get("version");
      if (version == null) throw error(root, "missing key 'version' (expected 'version: 1')");
      long v = integer(version.getValueNode(), "version", 1, 1);
      if (v != 1) throw error(version.getValueNode(), "unsupported version " + v + "; this Shunt reads version 1");

      DatabaseSettings oldDb = top.containsKey("old") ? database(top.get("old").getValueNode(), "old") : null;
      DatabaseSettings newDb = top.containsKey("new") ? database(top.get("new").getValueNode(), "new") : null;
      long reloadMs = top.containsKey("reload_ms")
          ? integer(top.get("reload_ms").getValueNode(), "reload_ms", MIN_RELOAD_MS, 86_400_000L) : DEFAULT_RELOAD_MS;
      boolean strict = top.containsKey("strict") && bool(top.get("strict").getValueNode(), "strict");
      boolean logValues = top.containsKey("log_values") && bool(top.get("log_values").getValueNode(), "log_values");
      String stateSchema = dev.shunt.ops.StateTables.DEFAULT_SCHEMA;
      if (top.containsKey("state") && !isNull(top.get("state").getValueNode())) {
        Map<String, NodeTuple> st = mapping(top.get("state").getValueNode(), "section 'state'", STATE_KEYS);
        if (st.containsKey("schema")) {
          Node schemaNode = st.get("schema").getValueNode();
          stateSchema = scalar(schemaNode, "state.schema");
          if (!stateSchema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw error(schemaNode, "state.schema must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*), not '" + stateSchema + "'");
          }
        }
      }
      BackfillSettings backfill = BackfillSettings.DEFAULT;
      if (top.containsKey("backfill") && !isNull(top.get("backfill").getValueNode())) {
        Map<String, NodeTuple> b = mapping(top.get("backfill").getValueNode(), "section 'backfill'", BACKFILL_KEYS);
        boolean pause = b.containsKey("pause") && bool(b.get("pause").getValueNode(), "backfill.pause");
        long cap = b.containsKey("max_rows_per_s") ? integer(b.get("max_rows_per_s").getValueNode(), "backfill.max_rows_per_s", 0, Long.MAX_VALUE) : 0;
        backfill = new BackfillSettings(pause, cap);
      }

      Map<String, Migration> migrations = new LinkedHashMap<>();
      if (top.containsKey("migrations") && !isNull(top.get("migrations").getValueNode())) {
        Node migrationsNode = top.get("migrations").getValueNode();
        if (!(migrationsNode instanceof MappingNode)) throw error(migrationsNode, "'migrations' must be a mapping of migration names");
        Map<TableRef, String> byOldTable = new HashMap<>();
        for (NodeTuple t : ((MappingNode) migrationsNode).getValue()) {
          String name = keyName(t);
          if (!Identifiers.isMigrationName(name)) {
            throw error(t.getKeyNode(), "migration name '" + name + "' must match [a-z0-9_-]+");
          }
          if (migrations.containsKey(name)) throw error(t.getKeyNode(), "duplicate migration '" + name + "'");
          Migration m = migration(name, t.getValueNode());
          String clash = byOldTable.putIfAbsent(m.oldTable(), name);
          if (clash != null) {
            throw error(t.getKeyNode(), "migrations '" + clash + "' and '" + name + "' both migrate table " + m.oldTable());
          }
          migrations.put(name, m);
        }
      }
      if (previous != null) checkMoves(previous, migrations, root);
      long newVersion = previous == null ? 1 : previous.version() + 1;
      if (newDb != null && newDb.url() != null && newDb.url().startsWith("jdbc:postgresql:")) warnIntegerDivisions(file, migrations.values());
      return new ShuntConfig(file, newVersion, sha256(content), oldDb, newDb, reloadMs, strict, logValues, migrations, backfill, stateSchema);
    }

    private void checkMoves(ShuntConfig previous, Map<String, Migration> next, Node root) throws ConfigException {
      for (Migration before : previous.migrations().values()) {
        Migration after = next.get(before.name());
        if (after == null) {
          String why = PhaseRules.unsafeRemoval(before);
          if (why != null) throw error(root, why);
          continue;
        }
        String why = PhaseRules.unsafeMove(before, after);
        if (why != null && !after.force()) {
          throw error(phaseNodes.get(after.name()), "migration '" + after.name() + "': " + why + " (or set force: true)");
        }
      }
    }

    private DatabaseSettings database(Node node, String section) throws ConfigException {
      Map<String, NodeTuple> m = mapping(node, "section '" + section + "'", DB_KEYS);
      NodeTuple url = m.get("url");
      if (url == null) throw error(node, "section '" + section + "' needs a 'url'");
      String urlValue = secret(url.getValueNode(), section + ".url");
      if (!urlValue.startsWith("jdbc:")) throw error(url.getValueNode(), section + ".url must be a JDBC URL starting with 'jdbc:'");
      String user = m.containsKey("user") ? secret(m.get("user").getValueNode(), section + ".user") : null;
      String password = m.containsKey("password") ? secret(m.get("password").getValueNode(), section + ".password") : null;
      return new DatabaseSettings(urlValue, user, password);
    }

    private String secret(Node node, String what) throws ConfigException {
      String raw = scalar(node, what);
      try {
        return secrets.resolve(raw);
      } catch (IllegalArgumentException e) {
        throw error(node, what + ": " + e.getMessage());
      }
    }

    private Migration migration(String name, Node node) throws ConfigException {
      String where = "migration '" + name + "'";
      Map<String, NodeTuple> m = mapping(node, where, MIGRATION_KEYS);

      Node oldNode = required(m, "old", node, where);
      Map<String, NodeTuple> old = mapping(oldNode, where + " old", TABLE_KEYS);
      TableRef oldTable = table(required(old, "table", oldNode, where + " old"), where + " old.table");
      List<String> oldKey = identifierList(required(old, "key", oldNode, where + " old"), where + " old.key");

      Node newNode = required(m, "new", node, where);
      Map<String, NodeTuple> neu = mapping(newNode, where + " new", TABLE_KEYS);
      TableRef newTable = table(required(neu, "table", newNode, where + " new"), where + " new.table");

      Node columnsNode = required(m, "columns", node, where);
      Map<String, String> columns = expressions(columnsNode, where + " columns");
      Map<String, String> reverse = m.containsKey("reverse")
          ? expressions(m.get("reverse").getValueNode(), where + " reverse") : new LinkedHashMap<>();

      List<String> newKey;
      if (neu.containsKey("key")) {
        Node keyNode = neu.get("key").getValueNode();
        newKey = identifierList(keyNode, where + " new.key");
        for (String k : newKey) {
          if (!containsIgnoreCase(columns.keySet(), k)) throw error(keyNode, where + ": new.key column '" + k + "' is not in 'columns'");
        }
      } else {
        newKey = new ArrayList<>();
        for (String k : oldKey) {
          String mapped = columnCopying(columns, k);
          if (mapped == null) {
            throw error(columnsNode, where + ": cannot derive new.key: no entry in 'columns' is exactly the old key column '"
                + k + "'; give new: { key: [...] }");
          }
          newKey.add(mapped);
        }
      }

      Phase phase = null;
      WriteMode writes;
      ReadMode reads;
      Node modeNode;
      if (m.containsKey("phase")) {
        modeNode = m.get("phase").getValueNode();
        if (m.containsKey("writes") || m.containsKey("reads")) {
          throw error(m.containsKey("writes") ? m.get("writes").getKeyNode() : m.get("reads").getKeyNode(),
              where + ": give either 'phase' or both 'writes' and 'reads', not both");
        }
        String p = scalar(modeNode, where + " phase");
        phase = Phase.fromWireName(p);
        if (phase == null) throw error(modeNode, where + ": unknown phase '" + p + "'; expected one of: " + names(Phase.values()));
        writes = phase.writes();
        reads = phase.reads();
      } else if (m.containsKey("writes") && m.containsKey("reads")) {
        modeNode = m.get("writes").getValueNode();
        String w = scalar(modeNode, where + " writes");
        writes = WriteMode.fromWireName(w);
        if (writes == null) throw error(modeNode, where + ": unknown writes mode '" + w + "'; expected one of: " + names(WriteMode.values()));
        Node readsNode = m.get("reads").getValueNode();
        String r = scalar(readsNode, where + " reads");
        reads = ReadMode.fromWireName(r);
        if (reads == null) throw error(readsNode, where + ": unknown reads mode '" + r + "'; expected one of: " + names(ReadMode.values()));
      } else {
        throw error(node, where + ": needs 'phase', or both 'writes' and 'reads'");
      }
      phaseNodes.put(name, modeNode);

      boolean force = m.containsKey("force") && bool(m.get("force").getValueNode(), where + " force");
      String unsafe = PhaseRules.unsafePair(writes, reads);
      if (unsafe != null && !force) throw error(modeNode, where + ": " + unsafe + " (or set force: true)");

      boolean needsReverse = writes == WriteMode.NEW_PRIMARY || writes == WriteMode.NEW_ONLY || reads.readsNewSide();
      if (needsReverse && reverse.isEmpty()) {
        throw error(modeNode, where + ": 'reverse' is required when new is primary or reads use new (writes: " + writes + ", reads: " + reads + ")");
      }
      if (!reverse.isEmpty()) {
        for (String k : oldKey) {
          if (!containsIgnoreCase(reverse.keySet(), k)) {
            throw error(m.get("reverse").getValueNode(), where + ": 'reverse' must give the old key column '" + k + "'");
          }
        }
      }

      int readPercent = m.containsKey("read_percent")
          ? (int) integer(m.get("read_percent").getValueNode(), where + " read_percent", 0, 100) : 100;
      CompareSettings compare = CompareSettings.DEFAULT;
      if (m.containsKey("compare")) {
        Map<String, NodeTuple> c = mapping(m.get("compare").getValueNode(), where + " compare", COMPARE_KEYS);
        double sample = c.containsKey("sample") ? decimal(c.get("sample").getValueNode(), where + " compare.sample", 0.0, 1.0) : 1.0;
        long confirm = c.containsKey("confirm_ms")
            ? integer(c.get("confirm_ms").getValueNode(), where + " compare.confirm_ms", 0, 3_600_000L) : 200;
        compare = new CompareSettings(sample, confirm);
      }
      BreakerSettings breaker = BreakerSettings.DEFAULT;
      if (m.containsKey("breaker")) {
        Map<String, NodeTuple> b = mapping(m.get("breaker").getValueNode(), where + " breaker", BREAKER_KEYS);
        BreakerSettings d = BreakerSettings.DEFAULT;
        int failures = b.containsKey("failures")
            ? (int) integer(b.get("failures").getValueNode(), where + " breaker.failures", 1, 1000) : d.failures();
        long timeout = b.containsKey("timeout_ms")
            ? integer(b.get("timeout_ms").getValueNode(), where + " breaker.timeout_ms", 1, 3_600_000L) : d.timeoutMs();
        long open = b.containsKey("open_ms")
            ? integer(b.get("open_ms").getValueNode(), where + " breaker.open_ms", 1, 3_600_000L) : d.openMs();
        breaker = new BreakerSettings(failures, timeout, open);
      }
      String versionColumn = null;
      if (m.containsKey("version_column")) {
        Node vc = m.get("version_column").getValueNode();
        versionColumn = scalar(vc, where + " version_column");
        if (!Identifiers.isPlain(versionColumn)) throw error(vc, where + ": version_column '" + versionColumn + "' is not a plain column name");
      }
      SecondaryFailurePolicy onFailure = SecondaryFailurePolicy.QUEUE;
      if (m.containsKey("on_secondary_failure")) {
        Node f = m.get("on_secondary_failure").getValueNode();
        String s = scalar(f, where + " on_secondary_failure");
        onFailure = SecondaryFailurePolicy.fromWireName(s);
        if (onFailure == null) throw error(f, where + ": on_secondary_failure must be queue or fail, not '" + s + "'");
      }
      return new Migration(name, oldTable, oldKey, newTable, newKey, columns, reverse, phase, writes, reads,
          readPercent, compare, versionColumn, onFailure, force, breaker);
    }

    private TableRef table(Node node, String what) throws ConfigException {
      String s = scalar(node, what);
      String[] parts = s.split("\\.", -1);
      if (parts.length > 2) throw error(node, what + ": '" + s + "' must be 'table' or 'schema.table'");
      for (String p : parts) {
        if (!Identifiers.isPlain(p)) throw error(node, what + ": '" + s + "' is not a plain table name ([A-Za-z_][A-Za-z0-9_$]*)");
      }
      return parts.length == 1 ? new TableRef(null, parts[0]) : new TableRef(parts[0], parts[1]);
    }

    private List<String> identifierList(Node node, String what) throws ConfigException {
      List<String> out = new ArrayList<>();
      if (node instanceof ScalarNode) {
        out.add(scalar(node, what));
      } else if (node instanceof SequenceNode) {
        for (Node item : ((SequenceNode) node).getValue()) out.add(scalar(item, what));
      } else {
        throw error(node, what + " must be a list of column names");
      }
      if (out.isEmpty()) throw error(node, what + " must name at least one column");
      Set<String> seen = new java.util.HashSet<>();
      for (String c : out) {
        if (!Identifiers.isPlain(c)) throw error(node, what + ": '" + c + "' is not a plain column name");
        if (!seen.add(c.toLowerCase(Locale.ROOT))) throw error(node, what + ": column '" + c + "' appears twice");
      }
      return out;
    }

    private Map<String, String> expressions(Node node, String what) throws ConfigException {
      Map<String, NodeTuple> entries = mapping(node, what, null);
      if (entries.isEmpty()) throw error(node, what + " must map at least one column");
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
        String column = e.getKey();
        if (!Identifiers.isPlain(column)) throw error(e.getValue().getKeyNode(), what + ": '" + column + "' is not a plain column name");
        if (containsIgnoreCase(out.keySet(), column)) throw error(e.getValue().getKeyNode(), what + ": column '" + column + "' appears twice");
        Node valueNode = e.getValue().getValueNode();
        String expr = scalar(valueNode, what + "." + column);
        String problem = ScalarExpressions.problem(expr);
        if (problem != null) throw error(valueNode, what + "." + column + ": " + problem);
        out.put(column, expr);
      }
      return out;
    }

    // ---- node helpers ----

    private Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) throws ConfigException {
      if (!(node instanceof MappingNode)) throw error(node, what + " must be a mapping");
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      for (NodeTuple t : ((MappingNode) node).getValue()) {
        String key = keyName(t);
        if (allowed != null && !allowed.contains(key)) {
          throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + "; expected one of: " + String.join(", ", allowed));
        }
        if (out.put(key, t) != null) throw error(t.getKeyNode(), "duplicate key '" + key + "' in " + what);
      }
      return out;
    }

    private String keyName(NodeTuple t) throws ConfigException {
      if (!(t.getKeyNode() instanceof ScalarNode)) throw error(t.getKeyNode(), "keys must be plain names");
      return ((ScalarNode) t.getKeyNode()).getValue();
    }

    private Node required(Map<String, NodeTuple> m, String key, Node parent, String where) throws ConfigException {
      NodeTuple t = m.get(key);
      if (t == null) throw error(parent, where + ": missing key '" + key + "'");
      return t.getValueNode();
    }

    private String scalar(Node node, String what) throws ConfigException {
      if (!(node instanceof ScalarNode) || isNull(node)) throw error(node, what + " must be a single value");
      return ((ScalarNode) node).getValue();
    }

    private long integer(Node node, String what, long min, long max) throws ConfigException {
      String s = scalar(node, what).trim();
      long v;
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw error(node, what + " must be a whole number, not '" + s + "'");
      }
      if (v < min || v > max) throw error(node, what + " must be between " + min + " and " + max + ", not " + v);
      return v;
    }

    private double decimal(Node node, String what, double min, double max) throws ConfigException {
      String s = scalar(node, what).trim();
      double v;
      try {
        v = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw error(node, what + " must be a number, not '" + s + "'");
      }
      if (!(v >= min && v <= max)) throw error(node, what + " must be between " + min + " and " + max + ", not " + s);
      return v;
    }

    private boolean bool(Node node, String what) throws ConfigException {
      String s = scalar(node, what).trim();
      if (s.equals("true")) return true;
      if (s.equals("false")) return false;
      throw error(node, what + " must be true or false, not '" + s + "'");
    }

    private boolean isNull(Node node) { return node == null || Tag.NULL.equals(node.getTag()); }

    private ConfigException error(Node node, String problem) {
      Mark m = node == null ? null : node.getStartMark();
      return new ConfigException(fileName, m == null ? 1 : m.getLine() + 1, m == null ? 1 : m.getColumn() + 1, problem);
    }
  }

  private static boolean containsIgnoreCase(Set<String> set, String s) {
    for (String x : set) if (x.equalsIgnoreCase(s)) return true;
    return false;
  }

  /**
   * PostgreSQL evaluates {@code columns} (and {@code reverse} for reads and rewritten writes):
   * {@code price_cents / 100} there is integer division (12, not 12.34). Types are not known at
   * load, so this is a warning naming the expression, not an error.
   */
  private static void warnIntegerDivisions(Path file, java.util.Collection<Migration> migrations) {
    for (Migration m : migrations) {
      for (Map.Entry<String, Map<String, String>> part : Map.of("columns", m.columns(), "reverse", m.reverse()).entrySet()) {
        for (Map.Entry<String, String> e : part.getValue().entrySet()) {
          String division = ScalarExpressions.integerDivision(e.getValue());
          if (division == null) continue;
          LOG.warn("{}: migration {}: {}.{}: '{}' may divide two integers, which PostgreSQL truncates (12, not 12.34);"
              + " divide by a decimal (100.0) or CAST the result to DECIMAL(p,s)", file, m.name(), part.getKey(), e.getKey(), division);
        }
      }
    }
  }

  /** The new column whose expression is exactly the old column {@code oldColumn}, or null. */
  private static String columnCopying(Map<String, String> columns, String oldColumn) {
    for (Map.Entry<String, String> e : columns.entrySet()) {
      String[] parts = Identifiers.splitQualified(e.getValue().trim());
      if (parts.length == 1 && parts[0].equalsIgnoreCase(oldColumn)) return e.getKey();
    }
    return null;
  }

  private static String names(Object[] values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(v);
    }
    return sb.toString();
  }

  static String sha256(byte[] content) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(content);
      StringBuilder sb = new StringBuilder();
      for (byte b : d) sb.append(String.format("%02x", b));
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
