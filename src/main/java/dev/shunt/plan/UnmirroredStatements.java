package dev.shunt.plan;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shunt.config.Migration;
import dev.shunt.config.ShuntConfig;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.sql.SqlRedaction;
import dev.shunt.sql.StatementInfo;
import dev.shunt.sql.StatementKind;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import dev.shunt.log.MigrationMdc;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * A statement that names a migrated table but cannot be mirrored passes through
 * to the primary with one WARN per distinct text and a counter, and marks the table as having
 * unmirrored writes; under {@code strict: true} it fails instead.
 */
public final class UnmirroredStatements {
  private static final Logger LOG = LoggerFactory.getLogger(UnmirroredStatements.class);

  private final ShuntMetrics metrics;
  private final Cache<String, Boolean> warned = Caffeine.newBuilder().maximumSize(10_000).build();

  UnmirroredStatements(ShuntMetrics metrics) { this.metrics = metrics; }

  void report(ShuntConfig config, String sql, StatementInfo info, List<Migration> named) throws SQLException {
    // the parser's message may quote a literal of the statement: only with log_values
    String why = info.doubt() != null ? "Shunt may read it differently from the server: " + info.doubt()
        : info.parsed() ? "it holds " + info.statements() + " statements"
        : "the parser rejected it" + (config.logValues() ? " (" + info.parseError() + ")" : "");
    // several statements in one text may write even when the first is a SELECT
    report(config, sql, why, named, mayWrite(sql, info));
  }

  /**
   * Reports a statement naming {@code named} that runs on the primary only, because {@code why};
   * {@code mayWrite} marks the tables as having unmirrored writes. Throws under strict mode.
   */
  @SuppressWarnings("try") // the MDC scope is there for its close()
  public void report(ShuntConfig config, String sql, String why, List<Migration> named, boolean mayWrite) throws SQLException {
    String tables = named.stream().map(m -> m.oldTable().toString()).collect(Collectors.joining(", "));
    String shown = config.logValues() ? sql : SqlRedaction.redact(sql);
    boolean readOnly = !mayWrite;
    if (config.strict()) {
      throw new dev.shunt.plan.Refusal("Shunt (strict) refuses a statement naming migrated table " + tables
          + " that it cannot mirror, because " + why + ": " + shown);
    }
    for (Migration m : named) {
      metrics.migration(m.name()).unparsedStatement(!readOnly);
    }
    if (warned.asMap().putIfAbsent(sql, Boolean.TRUE) == null) {
      try (MigrationMdc.Scope mdc = MigrationMdc.enter(named)) {
        LOG.warn("Shunt cannot mirror a statement naming migrated table {}, because {}; it runs on the primary only{}: {}",
            tables, why, readOnly ? "" : " and the table is marked as having unmirrored writes (run verify)", shown);
      }
    }
  }

  /** False only for a text that cannot write: one SELECT (or, unparsed, one that starts like a read). */
  static boolean mayWrite(String sql, StatementInfo info) {
    // several statements in one text may write even when the first is a SELECT
    return !(info.statements() == 1 && (info.parsed() ? info.kind() == StatementKind.SELECT : looksReadOnly(sql)));
  }

  /** A rejected text that starts with SELECT/SHOW/… cannot have written anything. */
  static boolean looksReadOnly(String sql) {
    String s = sql.stripLeading();
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
    String word = s.substring(0, end);
    return word.equalsIgnoreCase("select") || word.equalsIgnoreCase("show")
        || word.equalsIgnoreCase("describe") || word.equalsIgnoreCase("explain");
  }
}
