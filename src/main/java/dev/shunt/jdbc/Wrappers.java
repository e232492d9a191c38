package dev.shunt.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * unwrap/isWrapperFor for every wrapper: Shunt's own interfaces answer with the wrapper, any
 * other interface reaches the real driver's object (and so bypasses Shunt, as with any pool).
 */
final class Wrappers {
  private Wrappers() {}

  static <T> T unwrap(Object self, Wrapper delegate, Class<T> iface) throws SQLException {
    if (isShuntType(iface) && iface.isInstance(self)) return iface.cast(self);
    if (iface.isInstance(delegate)) return iface.cast(delegate);
    return delegate.unwrap(iface);
  }

  static boolean isWrapperFor(Object self, Wrapper delegate, Class<?> iface) throws SQLException {
    if (isShuntType(iface) && iface.isInstance(self)) return true;
    return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }

  private static boolean isShuntType(Class<?> iface) {
    return iface.getName().startsWith("dev.shunt.");
  }
}
