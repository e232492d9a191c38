package dev.shunt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.support.DriverManagerProbe;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application-server case: Shunt sits in one class loader, the real driver
 * only in the thread context class loader. DriverManager cannot offer that driver to Shunt; Shunt
 * must find it through the context loader's service entries.
 */
class DriverLookupIT {
  private static final String SHUNT_DRIVER = "dev.shunt.jdbc.ShuntDriver";

  private static TestDatabase db;
  private static Path mariadbJar;
  private static List<URL> withoutMariadb;

  @BeforeAll
  static void setUp() throws Exception {
    db = TestDatabases.create(Engine.MARIADB, "lookup");
    List<Path> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isBlank()) classPath.add(Path.of(entry).toAbsolutePath());
    }
    mariadbJar = classPath.stream()
        .filter(p -> p.getFileName().toString().startsWith("mariadb-java-client"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mariadb-java-client jar on the test class path: " + classPath));
    Path mainClasses = Path.of("target", "classes").toAbsolutePath();
    assertTrue(Files.isRegularFile(mainClasses.resolve("dev/shunt/jdbc/ShuntDriver.class")), "compiled driver in " + mainClasses);
    withoutMariadb = new ArrayList<>();
    withoutMariadb.add(mainClasses.toUri().toURL());
    for (Path p : classPath) {
      if (!p.equals(mariadbJar)) withoutMariadb.add(p.toUri().toURL());
    }
  }

  @AfterAll
  static void tearDown() {
    if (db != null) db.close();
  }

  /** Shunt and every other jar but MariaDB's; parent = platform, so nothing leaks in from the test's loader. */
  private static URLClassLoader isolated() {
    return new URLClassLoader("shunt-isolated", withoutMariadb.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  /** Only MariaDB's jar, as an application's own loader would hold it. */
  private static URLClassLoader mariadbOnly() throws MalformedURLException {
    return new URLClassLoader("mariadb-only", new URL[] {mariadbJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  private static Driver shuntDriverFrom(ClassLoader loader) throws ReflectiveOperationException {
    Class<?> c = Class.forName(SHUNT_DRIVER, true, loader);
    assertSame(loader, c.getClassLoader(), "ShuntDriver must come from the isolated loader itself");
    return (Driver) c.getConstructor().newInstance();
  }

  /** What DriverManager.getDriver answers when asked by a class of {@code loader}. */
  private static String driverManagerAsSeenFrom(ClassLoader loader, String url) throws ReflectiveOperationException {
    Class<?> probe = Class.forName(DriverManagerProbe.class.getName(), true, loader);
    assertSame(loader, probe.getClassLoader(), "the probe must run as a class of " + loader.getName());
    return (String) probe.getMethod("driverFor", String.class).invoke(null, url);
  }

  @Test
  void realDriverIsFoundThroughTheContextClassLoader() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    try (URLClassLoader shuntLoader = isolated(); URLClassLoader vendorLoader = mariadbOnly()) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName("org.mariadb.jdbc.Driver", false, shuntLoader),
          "the isolated loader must not see MariaDB's driver");
      Driver shunt = shuntDriverFrom(shuntLoader);
      thread.setContextClassLoader(vendorLoader);

      String seen = driverManagerAsSeenFrom(shuntLoader, db.rawUrl());
      assertTrue(seen.startsWith("none: 08001"), "DriverManager must not offer MariaDB's driver to the isolated loader, but said: " + seen);

      try (Connection c = shunt.connect(db.shuntUrl(), new Properties())) {
        assertNotNull(c, "ShuntDriver.connect must accept its own URL");
        assertTrue(c.getClass().getName().startsWith("dev.shunt."), c.getClass().getName());
        assertSame(shuntLoader, c.getClass().getClassLoader());
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
          assertTrue(rs.next());
          assertEquals(1, rs.getInt(1));
        }
        Connection real = c.unwrap(Connection.class);
        assertTrue(real.getClass().getName().startsWith("org.mariadb.jdbc."), real.getClass().getName());
        assertSame(vendorLoader, real.getClass().getClassLoader(), "the real connection comes from the context loader's driver");
      }
    } finally {
      thread.setContextClassLoader(saved);
    }
  }

  @Test
  void withoutTheDriverInAnyVisibleLoaderConnectFailsClearly() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader saved = thread.getContextClassLoader();
    try (URLClassLoader shuntLoader = isolated()) {
      Driver shunt = shuntDriverFrom(shuntLoader);
      thread.setContextClassLoader(shuntLoader); // no MariaDB anywhere Shunt may look
      SQLException e = assertThrows(SQLException.class, () -> shunt.connect(db.shuntUrl(), new Properties()));
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("jdbc:mariadb:"), e.getMessage());
      assertTrue(!e.getMessage().contains(db.name()), "the message must not print the URL's database or credentials: " + e.getMessage());
    } finally {
      thread.setContextClassLoader(saved);
    }
  }
}
