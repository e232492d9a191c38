package dev.shunt.agent;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.shunt.jdbc.AgentConnections;
import dev.shunt.log.Logger;
import dev.shunt.log.LoggerFactory;
import java.lang.instrument.Instrumentation;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * {@code -javaagent:shunt-driver.jar=config=/etc/shunt/shunt.yaml}: connections that the real
 * drivers open ({@code DriverManager.getConnection}, {@code Driver.connect}, and so every pool or
 * data source built on them) go through Shunt with no URL change. The agent subclasses nothing:
 * it rewrites the returns of the drivers' own {@code connect(String, Properties)} (see
 * {@link ConnectReturnVisitor}) and adds advice to MariaDB's data sources, which bypass it, so
 * that the returned connection is wrapped in Shunt's.
 *
 * <p>Options, comma-separated: {@code config=PATH} (else system property {@code shunt.config},
 * else {@code SHUNT_CONFIG}); {@code drivers=PREFIX;PREFIX} replaces the package prefixes of the
 * drivers to instrument (default {@code org.mariadb.jdbc.;org.postgresql.;org.h2.}).
 */
public final class ShuntAgent {
  static final List<String> DEFAULT_DRIVER_PACKAGES = List.of("org.mariadb.jdbc.", "org.postgresql.", "org.h2.");
  private static final Logger LOG = LoggerFactory.getLogger(ShuntAgent.class);
  private static volatile boolean installed;

  private ShuntAgent() {}

  public static void premain(String args, Instrumentation inst) { install(args, inst); }

  public static void agentmain(String args, Instrumentation inst) { install(args, inst); }

  static synchronized void install(String args, Instrumentation inst) {
    if (installed) return;
    Map<String, String> options = parse(args);
    String config = options.get("config");
    List<String> packages = options.containsKey("drivers")
        ? Arrays.asList(options.get("drivers").split(";")) : DEFAULT_DRIVER_PACKAGES;
    AgentConnections.install(config);

    ElementMatcher.Junction<TypeDescription> inPackages = null;
    for (String p : packages) {
      if (p.isBlank()) continue;
      ElementMatcher.Junction<TypeDescription> m = nameStartsWith(p.trim());
      inPackages = inPackages == null ? m : inPackages.or(m);
    }
    if (inPackages == null) throw new IllegalArgumentException("Shunt agent: drivers= names no package");

    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(new AgentBuilder.Listener.Adapter() {
          @Override public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            LOG.warn("Shunt agent could not instrument {}: {}", typeName, String.valueOf(error));
          }

          @Override public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
              net.bytebuddy.dynamic.DynamicType dynamicType) {
            LOG.debug("Shunt agent instrumented {}", type.getName());
          }
        })
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        // nothing needs injecting: the advice is inlined and the return rewrite calls Shunt directly
        .with(AgentBuilder.InjectionStrategy.Disabled.INSTANCE)
        .ignore(nameStartsWith("dev.shunt.").or(nameStartsWith("net.bytebuddy.")))
        .type(inPackages.and(not(isInterface())).and(isSubTypeOf(java.sql.Driver.class)))
        .transform((builder, type, loader, module, domain) -> builder.visit(new ConnectReturnVisitor()))
        .type(inPackages.and(not(isInterface())).and(isSubTypeOf(DataSource.class))
            .and(named("org.mariadb.jdbc.MariaDbDataSource").or(named("org.mariadb.jdbc.MariaDbPoolDataSource"))))
        .transform((builder, type, loader, module, domain) -> builder.visit(Advice.to(DataSourceConnectAdvice.class)
            .on(named("getConnection").and(not(isAbstract())).and(returns(Connection.class))
                .and(takesArguments(0).or(takesArguments(String.class, String.class))))))
        .installOn(inst);
    installed = true;
    LOG.info("Shunt agent installed: connections of {} go through Shunt ({})", packages,
        config == null ? "toggle file from shunt.config / SHUNT_CONFIG" : "toggle file " + config);
  }

  /** {@code config=/a/b.yaml,drivers=org.mariadb.jdbc.} → a map; a bare path means {@code config=}. */
  static Map<String, String> parse(String args) {
    Map<String, String> out = new LinkedHashMap<>();
    if (args == null || args.isBlank()) return out;
    List<String> parts = new ArrayList<>(Arrays.asList(args.split(",")));
    for (String part : parts) {
      String p = part.trim();
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      if (eq < 0) {
        out.put("config", p);
        continue;
      }
      String key = p.substring(0, eq).trim();
      if (!key.equals("config") && !key.equals("drivers")) {
        throw new IllegalArgumentException("Shunt agent: unknown option '" + key + "' (known: config, drivers)");
      }
      out.put(key, p.substring(eq + 1).trim());
    }
    return out;
  }
}
