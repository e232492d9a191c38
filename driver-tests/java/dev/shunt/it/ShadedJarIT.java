package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.child.ShadedJarApp;
import dev.shunt.it.support.ChildJvm;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.MirrorSchema;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars: shunt-driver.jar carries only Shunt and its relocated libraries, and works in
 * a separate JVM whose class path also holds other versions of JSqlParser, Caffeine, SnakeYAML
 * and Byte Buddy, with and without SLF4J.
 */
class ShadedJarIT {
  @TempDir Path dir;

  @Test
  void driverJarHoldsOnlyShuntAndItsRelocatedLibraries() throws Exception {
    try (JarFile jar = new JarFile(ChildJvm.targetJar("shunt-driver.jar").toFile())) {
      List<String> classes = classes(jar);
      List<String> foreign = new ArrayList<>();
      for (String c : classes) if (!c.startsWith("dev/shunt/")) foreign.add(c);
      assertEquals(List.of(), foreign.subList(0, Math.min(10, foreign.size())), "classes outside dev/shunt/");
      for (String lib : new String[] {"net/bytebuddy/", "net/sf/jsqlparser/", "com/github/benmanes/caffeine/", "org/yaml/snakeyaml/"}) {
        assertTrue(classes.stream().anyMatch(c -> c.startsWith("dev/shunt/shaded/" + lib)), lib + " relocated into the jar");
      }
      assertFalse(classes.stream().anyMatch(c -> c.startsWith("dev/shunt/cli/") || c.startsWith("dev/shunt/shaded/picocli/")),
          "no command line in the application's jar");
      assertTrue(classes.contains("dev/shunt/jdbc/ShuntDriver.class"));
      assertTrue(classes.contains("dev/shunt/agent/ShuntAgent.class"));
      assertFalse(jar.stream().anyMatch(e -> e.getName().startsWith("META-INF/versions/")), "no unrelocated versioned classes");
      Manifest m = jar.getManifest();
      assertEquals("dev.shunt", m.getMainAttributes().getValue("Automatic-Module-Name"));
      assertEquals("dev.shunt.agent.ShuntAgent", m.getMainAttributes().getValue("Premain-Class"));
      assertEquals("dev.shunt.jdbc.ShuntDriver", new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes()).trim());
    }
    try (JarFile jar = new JarFile(ChildJvm.targetJar("shunt.jar").toFile())) {
      List<String> classes = classes(jar);
      assertEquals("dev.shunt.cli.ShuntCli", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertEquals("dev.shunt", jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
      for (String driver : new String[] {"org/mariadb/jdbc/Driver.class", "org/postgresql/Driver.class", "org/h2/Driver.class"}) {
        assertTrue(classes.contains(driver), "the operator's jar carries " + driver);
      }
      assertTrue(classes.stream().anyMatch(c -> c.startsWith("dev/shunt/shaded/picocli/")));
      assertFalse(classes.stream().anyMatch(c -> c.startsWith("net/sf/jsqlparser/") || c.startsWith("picocli/")
          || c.startsWith("com/github/benmanes/") || c.startsWith("org/yaml/") || c.startsWith("net/bytebuddy/")), "relocated");
    }
  }

  @Test
  void mirrorsNextToOtherVersionsOfItsLibrariesLoggingThroughJavaUtilLogging() throws Exception {
    ChildJvm.Result r = runApp(false, false, "-Dshunt.it=1");
    assertTrue(r.output.contains("INFO: Shunt loaded"), "without SLF4J, Shunt logs through java.util.logging:\n" + r);
    assertFalse(r.output.contains("SLF4J"), "SLF4J is not there, so nothing of it may speak:\n" + r);
  }

  @Test
  void withSlf4jButNoProviderShuntFallsBackToJavaUtilLoggingQuietly() throws Exception {
    // MariaDB's driver would wake SLF4J up itself (and SLF4J would warn); keep it out of this check
    ChildJvm.Result r = runApp(true, false, "-Dmariadb.logging.disable=true");
    assertTrue(r.output.contains("INFO: Shunt loaded"), "SLF4J without a provider: java.util.logging\n" + r);
    assertFalse(r.output.contains("SLF4J(W)") || r.output.contains("No SLF4J providers"), "SLF4J's no-provider warning must not appear:\n" + r);
  }

  @Test
  void withAnSlf4jProviderShuntLogsThroughSlf4j() throws Exception {
    ChildJvm.Result r = runApp(true, true, "-Dshunt.it=1");
    assertTrue(r.output.contains("INFO dev.shunt.config.ConfigHandle - Shunt loaded"), "slf4j-simple's format:\n" + r);
    assertFalse(r.output.contains("INFO: Shunt loaded"), "not java.util.logging as well:\n" + r);
  }

  private ChildJvm.Result runApp(boolean slf4jApi, boolean slf4jProvider, String jvmArg) throws Exception {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "shaded")) {
      MirrorSchema.create(db);
      Path toggle = MirrorSchema.toggleFile(dir, "shadow-write", "");
      ChildJvm child = ChildJvm.create().jvmArg(jvmArg)
          // the application's own, older libraries come first on the class path
          .classPath(ChildJvm.lib("conflicting-libs", "jsqlparser-"))
          .classPath(ChildJvm.lib("conflicting-libs", "caffeine-"))
          .classPath(ChildJvm.lib("conflicting-libs", "snakeyaml-"))
          .classPath(ChildJvm.lib("conflicting-libs", "byte-buddy-"))
          .classPath(ChildJvm.targetJar("shunt-driver.jar"))
          .classPath(ChildJvm.lib("runtime-libs", "mariadb-java-client-"))
          .classPath(ChildJvm.testClasses());
      if (slf4jApi) child.classPath(ChildJvm.lib("runtime-libs", "slf4j-api-"));
      if (slf4jProvider) child.classPath(ChildJvm.lib("runtime-libs", "slf4j-simple-"));
      ChildJvm.Result r = child.main(ShadedJarApp.class, db.shuntUrl(), toggle.toString()).run(120);
      assertEquals(0, r.code, r.toString());
      assertEquals("true", r.value("done"), r.toString());
      assertTrue(r.value("jsqlparser").contains("jsqlparser-4.5.jar"), r.toString());
      assertTrue(r.value("caffeine").contains("caffeine-2.9.3.jar"), r.toString());
      assertTrue(r.value("snakeyaml").contains("snakeyaml-1.33.jar"), r.toString());
      assertTrue(r.value("bytebuddy").contains("byte-buddy-1.12.19.jar"), r.toString());
      assertEquals("dev.shunt.jdbc.ConnectionWrapper", r.value("shunt"), r.toString());
      List<String> mirrored = MirrorSchema.actualNew(db);
      assertEquals(4, mirrored.size(), "four rows left, all mirrored: " + mirrored);
      assertEquals(MirrorSchema.expectedNew(db), mirrored, "users_v2 holds the transformed users rows");
      assertTrue(mirrored.contains("2|user2|user2@example.com|1020"), mirrored.toString());
      return r;
    }
  }

  private static List<String> classes(JarFile jar) {
    List<String> out = new ArrayList<>();
    for (JarEntry e : Collections.list(jar.entries())) {
      if (e.getName().endsWith(".class")) out.add(e.getName());
    }
    return out;
  }
}
