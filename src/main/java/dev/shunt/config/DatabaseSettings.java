package dev.shunt.config;

/** The {@code old:} or {@code new:} section: where the CLI connects. The password never prints. */
public final class DatabaseSettings {
  private final String url;
  private final String user;
  private final String password;

  public DatabaseSettings(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public String url() { return url; }
  public String user() { return user; }
  public String password() { return password; }

  @Override public String toString() {
    return "DatabaseSettings{url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "****") + "}";
  }
}
