package dev.shunt.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the real driver for a URL. {@link DriverManager} only offers drivers visible from
 * Shunt's own class loader; in an application server the real driver often sits in the
 * application's loader instead, so the context class loader's service entries are tried next.
 */
final class RealDriverLocator {
  /** Weak keys: an application server's undeployed application loaders must stay collectable. */
  private final Cache<ClassLoader, List<Driver>> found = Caffeine.newBuilder().weakKeys().build();

  Driver find(String realUrl) throws SQLException {
    SQLException notFound;
    try {
      Driver d = DriverManager.getDriver(realUrl);
      if (!(d instanceof ShuntDriver)) return d;
      notFound = new SQLException("only Shunt accepts " + scheme(realUrl)
          + (realUrl.startsWith("jdbc:shunt:") ? " (the URL has the jdbc:shunt: prefix twice)" : ""));
    } catch (SQLException e) {
      notFound = e;
    }
    ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), RealDriverLocator.class.getClassLoader()};
    for (ClassLoader loader : loaders) {
      if (loader == null) continue;
      for (Driver d : drivers(loader)) {
        if (!(d instanceof ShuntDriver) && d.acceptsURL(realUrl)) return d;
      }
    }
    throw new SQLException("No JDBC driver accepts the real URL behind jdbc:shunt: (" + scheme(realUrl)
        + "…); put the database's driver jar on the classpath", "08001", notFound);
  }

  private List<Driver> drivers(ClassLoader loader) {
    return found.get(loader, l -> {
      List<Driver> list = new ArrayList<>();
      Iterator<Driver> it = ServiceLoader.load(Driver.class, l).iterator();
      while (true) {
        try {
          if (!it.hasNext()) break;
          list.add(it.next());
        } catch (ServiceConfigurationError broken) {
          // one broken service entry must not hide the others
        }
      }
      return list;
    });
  }

  /** {@code jdbc:mariadb:} of a URL: enough to name it without printing hosts or credentials. */
  static String scheme(String url) {
    int second = url.indexOf(':', 5);
    return second < 0 ? url : url.substring(0, second + 1);
  }
}
