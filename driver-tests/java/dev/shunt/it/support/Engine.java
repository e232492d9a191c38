package dev.shunt.it.support;

/** The real databases the driver tests run against. */
public enum Engine {
  MARIADB("SHUNT_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/?user=root", "mariadb:10.11"),
  POSTGRES("SHUNT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "postgres:15");

  final String envVariable;
  final String localUrl;
  final String image;

  Engine(String envVariable, String localUrl, String image) {
    this.envVariable = envVariable;
    this.localUrl = localUrl;
    this.image = image;
  }
}
