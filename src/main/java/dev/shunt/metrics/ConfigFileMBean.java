package dev.shunt.metrics;

/** One toggle file of this process, as JMX shows it: ObjectName {@code dev.shunt:type=Config,file="<path>"}. */
public interface ConfigFileMBean {
  String getFile();
  /** The {@code version:} of the snapshot in force. */
  long getVersion();
  String getContentHash();
  /** The error of the last rejected reload (with line and column), or null while the file's content is in force. */
  String getLastError();
  /** When the last rejected reload was first seen (ISO-8601), or null. */
  String getLastErrorAt();
  /** Open connections using this file. */
  int getUsers();
  String[] getMigrations();
}
