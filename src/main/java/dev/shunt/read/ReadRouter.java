package dev.shunt.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shunt.config.BreakerSettings;
import dev.shunt.config.Migration;
import dev.shunt.config.ReadMode;
import dev.shunt.config.ShuntConfig;
import dev.shunt.metrics.MigrationCounters;
import dev.shunt.metrics.ShuntMetrics;
import dev.shunt.sql.IndexedSql;
import dev.shunt.sql.dialect.Dialect;
import dev.shunt.write.BoundParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import dev.shunt.log.MigrationMdc;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;

/**
 * Serves the application's SELECT on a migrated table by the migration's read mode. The primary is old while writes are old-primary (or off), new once new is primary. Reads of
 * the secondary are guarded: a deadline, a circuit breaker, and on any failure the primary's
 * answer, so a slow or failing secondary never reaches the application.
 */
public final class ReadRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ReadRouter.class);

  private final ShuntMetrics metrics;
  private final Cache<RewriteKey, RoutedSelect> rewrites = Caffeine.newBuilder().maximumSize(10_000).build();
  private final dev.shunt.sql.translate.ColumnTypes columnTypes = new dev.shunt.sql.translate.ColumnTypes();

  public ReadRouter(ShuntMetrics metrics) {
    this.metrics = metrics;
  }

  /** The application's statement as written, on its own connection (the old side). */
  @FunctionalInterface
  public interface AppRead {
    ResultSet run() throws SQLException;
  }

  /** What the application gets: a result set, and the statement of Shunt's that produced it, if any. */
  public static final class Outcome {
    public final ResultSet rows;
    public final PreparedStatement substitute; // open until the application's next execution, or null

    Outcome(ResultSet rows, PreparedStatement substitute) {
      this.rows = rows;
      this.substitute = substitute;
    }
  }

  /** True when reads of {@code m} need routing at all (anything but old-only reads of an old primary). */
  public static boolean routes(Migration m) {
    return m.newIsPrimary() || m.reads() != ReadMode.OLD;
  }

  /**
   * Reads {@code sql} for migration {@code m}. Returns null when the application's own statement
   * should simply run as written.
   */
  public Outcome read(ShuntConfig snapshot, Migration m, String sql, BoundParameters params, ReadSides sides,
      AppRead app, int resultSetType, long maxRows) throws SQLException {
    try {
      return route(snapshot, m, sql, params, sides, app, resultSetType, maxRows);
    } catch (SQLException e) {
      // a MariaDB application handles PostgreSQL's failures by MariaDB's codes (MariaDB's own pass unchanged)
      if (sides.oldDialect() == Dialect.MARIADB && sides.newDialect() == Dialect.POSTGRESQL) {
        throw dev.shunt.sql.translate.PostgresErrors.asMariaDb(e);
      }
      throw e;
    }
  }

  @SuppressWarnings("try") // the MDC scope is there for its close()
  private Outcome route(ShuntConfig snapshot, Migration m, String sql, BoundParameters params, ReadSides sides,
      AppRead app, int resultSetType, long maxRows) throws SQLException {
    MigrationCounters c = metrics.migration(m.name());
    boolean newPrimary = m.newIsPrimary();
    ReadMode mode = m.reads();
    if (!newPrimary && mode == ReadMode.OLD) {
      c.read(ReadMode.OLD);
      return null;
    }
    RoutedSelect routed = rewrite(m, sql, sides);
    if (routed.unroutable() != null || params != null && !params.replayable()
        || params == null && routed.newSide().parameterCount() > 0) {
      if (m.writes() == dev.shunt.config.WriteMode.NEW_ONLY) {
        // the old table is no longer written: its rows are stale, so the read cannot go there either
        throw new dev.shunt.plan.Refusal("Shunt cannot read " + m.oldTable() + " from the new table (migration " + m.name() + ", phase "
            + m.phaseLabel() + "): " + (routed.unroutable() != null ? routed.unroutable() : "its parameters were not recorded")
            + "; the old table is no longer written");
      }
      c.readPrimaryOnly(); // stays on the old side: the only place the application's text can run
      return null;
    }
    if (newPrimary && mode == ReadMode.NEW) {
      c.read(ReadMode.NEW);
      return onNew(routed, params, sides, maxRows, resultSetType);
    }
    if (mode == ReadMode.OLD) { // with new primary: a forced pair, read as configured
      c.read(ReadMode.OLD);
      return null;
    }
    if (routed.locking() || !inRamp(m, sql, params) || mode != ReadMode.COMPARE && sides.secondaryBehind(m)) {
      c.readPrimaryOnly();
      return primary(newPrimary, routed, params, sides, maxRows, resultSetType);
    }
    switch (mode) {
      case COMPARE:
        c.read(ReadMode.COMPARE);
        compare(snapshot, m, routed, params, sides, c);
        return primary(newPrimary, routed, params, sides, maxRows, resultSetType);
      case NEW: // new is the secondary here: read it, fall back to old
      case FALLBACK:
      case MERGE:
        break;
      default:
        throw new IllegalStateException("read mode " + mode);
    }
    if (mode == ReadMode.MERGE && routed.keyed() == null) {
      if (LOG.isDebugEnabled()) {
        try (MigrationMdc.Scope mdc = MigrationMdc.enter(m)) {
          LOG.debug("Shunt reads {} from the primary only: the query cannot be merged row by row ({})", m.name(), routed.unkeyed());
        }
      }
      c.readPrimaryOnly();
      return primary(newPrimary, routed, params, sides, maxRows, resultSetType);
    }
    ReadBreaker breaker = ReadBreaker.of(m.name(), c);
    BreakerSettings bs = m.breaker();
    if (mode == ReadMode.FALLBACK) {
      if (breaker.isOpen(bs)) {
        c.readPrimaryOnly();
        return primary(newPrimary, routed, params, sides, maxRows, resultSetType);
      }
      c.read(mode);
      Rows p = primaryRows(newPrimary, routed, params, sides, app);
      if (!p.rows.isEmpty() || !breaker.allow(bs)) return new Outcome(p.toResultSet(maxRows, p.rows, p.columns(), resultSetType), null);
      IndexedSql other = newPrimary ? routed.oldSide() : routed.newSide();
      Rows s = secondary(newPrimary, other, routed, params, sides, breaker, bs, c, m);
      return new Outcome(p.toResultSet(maxRows, s == null ? p.rows : RowMerge.coerced(p, s), p.columns(), resultSetType), null);
    }
    if (!breaker.allow(bs)) {
      c.readPrimaryOnly();
      return primary(newPrimary, routed, params, sides, maxRows, resultSetType);
    }
    c.read(mode);
    if (mode == ReadMode.NEW) {
      Rows r = secondary(newPrimary, routed.newSide(), routed, params, sides, breaker, bs, c, m);
      if (r == null) return new Outcome(app.run(), null);
      return new Outcome(r.toResultSet(maxRows, r.rows, r.columns(), resultSetType), null);
    }
    // MERGE
    RoutedSelect.Keyed k = routed.keyed();
    long limit = k.fetchLimit(params);
    Rows p = SideReader.rows(newPrimary ? sides.newConnection() : sides.oldConnection(),
        newPrimary ? sides.newDialect() : sides.oldDialect(), k.side(newPrimary, limit), params, 0);
    Rows s = secondary(newPrimary, k.side(!newPrimary, limit), routed, params, sides, breaker, bs, c, m);
    int visible = p.columns() - k.hidden;
    List<Object[]> merged = s == null ? new java.util.ArrayList<>(p.rows) : merged(m, p, s, k, visible, newPrimary, sides, c);
    // NULLs sort where the application's engine puts them (the new side's text was translated to match)
    List<Object[]> window = RowMerge.window(merged, visible, k, sides.oldDialect() != Dialect.POSTGRESQL, params);
    return new Outcome(p.toResultSet(maxRows, window, visible, resultSetType), null);
  }

  /**
   * Merges both sides' rows, looking up by key on the other side every key only one side
   * returned (its row there may win and lie outside the filter). A failed look-up on the
   * secondary leaves the primary's rows alone.
   */
  private List<Object[]> merged(Migration m, Rows p, Rows s, RoutedSelect.Keyed k, int visible, boolean newPrimary,
      ReadSides sides, MigrationCounters c) throws SQLException {
    List<Object[]> secondaryRows = RowMerge.coerced(p, s);
    int[] key = RowMerge.keyColumns(visible, k);
    List<Object[]> secondaryOnly = RowMerge.without(secondaryRows, p.rows, key);
    List<Object[]> primaryOnly = k.versionHidden < 0 ? List.of() : RowMerge.without(p.rows, secondaryRows, key);
    java.util.Map<List<Object>, Object> onPrimary = probe(m, secondaryOnly, key, newPrimary, sides, false);
    java.util.Map<List<Object>, Object> onSecondary;
    try {
      onSecondary = probe(m, primaryOnly, key, !newPrimary, sides, true);
    } catch (SQLException | RuntimeException e) {
      c.secondaryReadFailure();
      return new java.util.ArrayList<>(p.rows);
    }
    return RowMerge.merge(p, secondaryRows, k, onPrimary, onSecondary);
  }

  /** Looks {@code rows}' keys up on one side: key → version (TRUE without a version column). */
  private java.util.Map<List<Object>, Object> probe(Migration m, List<Object[]> rows, int[] key, boolean onNew,
      ReadSides sides, boolean secondary) throws SQLException {
    java.util.Map<List<Object>, Object> found = new java.util.HashMap<>();
    if (rows.isEmpty()) return found;
    int n = Integer.highestOneBit(rows.size() - 1) << 1; // padded to a power of two: few distinct texts
    if (n < rows.size()) n = Math.max(1, rows.size());
    Dialect od = sides.oldDialect();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (String col : m.oldKey()) sql.append(od.quote(col)).append(", ");
    sql.append(m.versionColumn() == null ? od.quote(m.oldKey().get(0)) : od.quote(m.versionColumn()));
    sql.append(" FROM ").append(od.quote(m.oldTable())).append(" WHERE ");
    dev.shunt.write.BoundParameters values = new dev.shunt.write.BoundParameters();
    int p = 0;
    for (int r = 0; r < n; r++) {
      Object[] row = rows.get(Math.min(r, rows.size() - 1));
      sql.append(r == 0 ? "(" : " OR (");
      for (int i = 0; i < key.length; i++) {
        if (i > 0) sql.append(" AND ");
        sql.append(od.quote(m.oldKey().get(i))).append(" = ?");
        Object v = row[key[i]];
        values.set(++p, v, (ps, j) -> ps.setObject(j, v));
      }
      sql.append(')');
    }
    RoutedSelect probe = rewrite(m, sql.toString(), sides);
    if (probe.unroutable() != null) throw new SQLException("cannot look keys up on the new side: " + probe.unroutable());
    IndexedSql text = onNew ? probe.newSide() : probe.oldSide();
    Connection conn = onNew ? sides.newConnection() : sides.oldConnection();
    Dialect d = onNew ? sides.newDialect() : od;
    long timeout = secondary ? m.breaker().timeoutMs() : 0;
    Rows r = secondary ? SideReader.guarded(conn, d, conn == sides.oldConnection() && sides.inTransaction(), text, values, timeout)
        : SideReader.rows(conn, d, text, values, 0);
    int[] probeKey = new int[key.length];
    for (int i = 0; i < key.length; i++) probeKey[i] = i;
    for (Object[] row : r.rows) {
      found.put(Values.key(row, probeKey), m.versionColumn() == null ? Boolean.TRUE : row[key.length]);
    }
    return found;
  }

  /**
   * True when this read is in the {@code read_percent} share. Sticky per key: the same SQL text
   * with the same bound values always lands on the same side (a user does not see a row flip
   * between old and new on every read), and different keys spread over the share.
   */
  static boolean inRamp(Migration m, String sql, BoundParameters params) {
    int percent = m.readPercent();
    if (percent >= 100) return true;
    if (percent <= 0) return false;
    int h = sql.hashCode() * 31 + (params == null ? 0 : params.valueHash());
    h ^= h >>> 16;
    h *= 0x45d9f3b; // spread sequential keys over the buckets
    h ^= h >>> 16;
    return Math.floorMod(h, 100) < percent;
  }


  /** The primary's answer as a live result set. */
  private Outcome primary(boolean newPrimary, RoutedSelect routed, BoundParameters params, ReadSides sides,
      long maxRows, int resultSetType) throws SQLException {
    return newPrimary ? onNew(routed, params, sides, maxRows, resultSetType) : null;
  }

  /** The rewritten SELECT on the new table, its live result handed on. */
  private Outcome onNew(RoutedSelect routed, BoundParameters params, ReadSides sides, long maxRows, int resultSetType)
      throws SQLException {
    // the scroll type the application asked for (updatable results are not routed)
    PreparedStatement ps = SideReader.prepare(sides.newConnection(), sides.newDialect(), routed.newSide(), params, 0, resultSetType);
    try {
      if (maxRows > 0) ps.setMaxRows((int) Math.min(Integer.MAX_VALUE, maxRows)); // PostgreSQL's driver lacks the long setter
      return new Outcome(ps.executeQuery(), ps);
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  private Rows primaryRows(boolean newPrimary, RoutedSelect routed, BoundParameters params, ReadSides sides, AppRead app)
      throws SQLException {
    if (!newPrimary) return Rows.read(app.run());
    return SideReader.rows(sides.newConnection(), sides.newDialect(), routed.newSide(), params, 0);
  }

  /** Reads the secondary under the breaker's deadline; null (counted, recorded) when it failed or was slow. */
  @SuppressWarnings("try") // the MDC scope is there for its close()
  private Rows secondary(boolean newPrimary, IndexedSql sql, RoutedSelect routed, BoundParameters params,
      ReadSides sides, ReadBreaker breaker, BreakerSettings bs, MigrationCounters c, Migration m) {
    long start = System.nanoTime();
    try {
      Rows r;
      if (newPrimary) {
        r = SideReader.guarded(sides.oldConnection(), sides.oldDialect(), sides.inTransaction(), sql, params, bs.timeoutMs());
      } else {
        Connection nc = sides.newConnection();
        boolean onAppConnection = nc == sides.oldConnection();
        r = SideReader.guarded(nc, sides.newDialect(), onAppConnection && sides.inTransaction(), sql, params, bs.timeoutMs());
      }
      boolean slow = (System.nanoTime() - start) / 1_000_000 > bs.timeoutMs();
      breaker.record(bs, !slow);
      if (slow) c.secondaryReadFailure();
      return r;
    } catch (SQLException | RuntimeException e) {
      breaker.record(bs, false);
      c.secondaryReadFailure();
      if (LOG.isDebugEnabled()) {
        try (MigrationMdc.Scope mdc = MigrationMdc.enter(m)) {
          LOG.debug("Shunt's read of the secondary for {} failed; the primary answers: {}", m.name(), e.getMessage());
        }
      }
      return null;
    }
  }

  private void compare(ShuntConfig snapshot, Migration m, RoutedSelect routed, BoundParameters params, ReadSides sides,
      MigrationCounters c) throws SQLException {
    double sample = m.compare().sample();
    if (sample <= 0 || sample < 1 && ThreadLocalRandom.current().nextDouble() >= sample) return;
    if (!CompareReads.hasRoom()) {
      c.compareSample();
      c.droppedCompare();
      c.compareDone();
      return;
    }
    ReadBreaker breaker = ReadBreaker.of(m.name(), c);
    if (!breaker.allow(m.breaker())) return;
    CompareReads.Task task = new CompareReads.Task(m, routed, params == null ? null : params.copy(),
        sides.compareSource(), snapshot.logValues(), breaker, c);
    CompareReads.submit(task);
  }

  @SuppressWarnings("try") // the MDC scope is there for its close()
  private RoutedSelect rewrite(Migration m, String sql, ReadSides sides) throws SQLException {
    Dialect nd = sides.newDialect();
    boolean same = sides.sameDatabase();
    RewriteKey key = new RewriteKey(sql, m, nd, same);
    RoutedSelect r = rewrites.getIfPresent(key);
    if (r == null) {
      java.util.Map<String, dev.shunt.sql.translate.ColumnType> types = sides.oldDialect() == Dialect.MARIADB && nd == Dialect.POSTGRESQL
          ? columnTypes.forPostgres(sides.oldConnection(), sides.newConnection(), m) : null;
      r = SelectRewriter.rewrite(sql, m, sides.oldDialect(), nd, same, types);
      if (r.unroutable() != null) {
        try (MigrationMdc.Scope mdc = MigrationMdc.enter(m)) {
          LOG.debug("Shunt reads {} from the old table only: {}", m.name(), r.unroutable());
        }
      }
      rewrites.put(key, r);
    }
    return r;
  }

  /** Cache key: the text, the migration of one snapshot (by identity) and where the new side lives. */
  private static final class RewriteKey {
    final String sql;
    final Migration m;
    final Dialect d;
    final boolean same;

    RewriteKey(String sql, Migration m, Dialect d, boolean same) {
      this.sql = sql;
      this.m = m;
      this.d = d;
      this.same = same;
    }

    @Override public boolean equals(Object o) {
      if (!(o instanceof RewriteKey)) return false;
      RewriteKey k = (RewriteKey) o;
      return k.m == m && k.d == d && k.same == same && k.sql.equals(sql);
    }

    @Override public int hashCode() { return Objects.hash(sql, System.identityHashCode(m), d, same); }
  }
}
