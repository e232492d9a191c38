package dev.shunt.sql;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;

/**
 * The one way Shunt hands SQL text to JSqlParser: on the caller's thread, bounded in time. Some
 * texts make the parser backtrack for seconds (nested parentheses around a string it misreads);
 * a watchdog sets the parser's {@code interrupted} flag when the budget of CPU time is spent,
 * and the text counts as unparseable. The budget is {@code -Dshunt.parse.budget.ms} (default
 * {@value #DEFAULT_BUDGET_MS} ms). {@code CCJSqlParserUtil.parse(String)} is not used: it starts
 * a thread per call.
 */
public final class SqlParsing {
  static final long DEFAULT_BUDGET_MS = 50;
  private static final long BUDGET_MS = Long.getLong("shunt.parse.budget.ms", DEFAULT_BUDGET_MS);
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  static {
    // load and initialise the parser's classes now: the first parse of a JVM takes far longer than
    // any later one, and the budget must measure the text, not the class loading
    try {
      newParser("SELECT a FROM b WHERE c = ? AND d IN (1, 2) ORDER BY a", false).Statements();
    } catch (ParseException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private SqlParsing() {}

  /** A text the parser did not finish within the budget. */
  public static final class ParseTimeout extends ParseException {
    private static final long serialVersionUID = 1L;

    ParseTimeout(long ms) { super("parsing took longer than " + ms + " ms (shunt.parse.budget.ms)"); }
  }

  @FunctionalInterface
  private interface Rule<T> {
    T apply(CCJSqlParser parser) throws ParseException;
  }

  /** Every statement of the text, simple mode first, then the slower complex mode. */
  public static Statements statements(String sql) throws ParseException {
    try {
      return bounded(sql, false, CCJSqlParser::Statements);
    } catch (ParseTimeout t) {
      throw t;
    } catch (ParseException first) {
      return bounded(sql, true, CCJSqlParser::Statements);
    }
  }

  /** A fresh AST of a text that holds exactly one statement (complex mode). */
  public static Statement statement(String sql) throws ParseException {
    return bounded(sql, true, CCJSqlParser::Statement);
  }

  private static <T> T bounded(String sql, boolean complex, Rule<T> rule) throws ParseException {
    CCJSqlParser parser = newParser(sql, complex);
    Budget budget = new Budget(parser);
    try {
      T result = rule.apply(parser);
      if (parser.interrupted) throw new ParseTimeout(BUDGET_MS);
      return result;
    } catch (ParseException | RuntimeException e) {
      if (parser.interrupted) throw new ParseTimeout(BUDGET_MS);
      if (e instanceof ParseException) throw (ParseException) e;
      // TokenMgrException and friends: characters the parser's lexer cannot read
      throw new ParseException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } finally {
      budget.end();
    }
  }

  /**
   * The watchdog of one parse. The budget counts the parsing thread's CPU time where the JVM
   * measures it: on a busy machine a parse can wait for a core far longer than it computes, and
   * a benign text must not be condemned (the verdict is cached) because the machine was busy. A
   * wall-clock cap of {@value #WALL_CAP_FACTOR}× the budget still bounds the wait.
   */
  private static final class Budget implements Runnable {
    private final CCJSqlParser parser;
    private final Thread thread = Thread.currentThread();
    private final long startCpu = cpuNanos(thread);
    private final long startWall = System.nanoTime();
    private volatile boolean ended;
    private ScheduledFuture<?> next;

    Budget(CCJSqlParser parser) {
      this.parser = parser;
      schedule(BUDGET_MS);
    }

    private synchronized void schedule(long ms) {
      if (!ended) next = WATCHDOG.schedule(this, Math.max(1, ms), TimeUnit.MILLISECONDS);
    }

    @Override public void run() {
      if (ended) return;
      long wallMs = (System.nanoTime() - startWall) / 1_000_000;
      long cpu = cpuNanos(thread);
      long usedMs = startCpu < 0 || cpu < 0 ? wallMs : (cpu - startCpu) / 1_000_000;
      if (usedMs >= BUDGET_MS || wallMs >= BUDGET_MS * WALL_CAP_FACTOR) {
        parser.interrupted = true;
      } else {
        schedule(BUDGET_MS - usedMs);
      }
    }

    synchronized void end() {
      ended = true;
      if (next != null) next.cancel(false);
    }
  }

  private static final long WALL_CAP_FACTOR = 40;
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** The thread's CPU time in nanoseconds, or -1 where the JVM does not measure it. */
  private static long cpuNanos(Thread t) {
    try {
      return THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(t.getId()) : -1;
    } catch (UnsupportedOperationException e) {
      return -1;
    }
  }

  private static CCJSqlParser newParser(String sql, boolean complex) {
    return CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "shunt-parse-watchdog");
      t.setDaemon(true);
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    // the thread exists only while parses run: parses are rare (each text once) and nothing
    // should outlive the application's last connection
    e.setKeepAliveTime(1, TimeUnit.SECONDS);
    e.allowCoreThreadTimeOut(true);
    return e;
  }
}
