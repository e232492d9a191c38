package dev.shunt.jdbc;

/** Who asked the driver for generated keys when a statement was prepared. */
enum KeyRequest {
  /** Nobody: the driver will not return keys. */
  NONE,
  /** Shunt only, to mirror an insert; the application must not see them. */
  SHUNT,
  /** The application (Shunt reads them too). */
  APP
}
