package dev.shunt.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shunt.sql.dialect.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerivedRowsTest {
  private static final List<String> COLUMNS = List.of("id", "name");

  @Test
  void selectUnionOnMariaDbAndPostgres() {
    assertEquals("(SELECT ? AS `id`, ? AS `name` UNION ALL SELECT ?, ?) s", Dialect.MARIADB.derivedParameterRows(COLUMNS, 2, "s"));
    assertEquals("(SELECT ? AS \"id\", ? AS \"name\") s", Dialect.POSTGRESQL.derivedParameterRows(COLUMNS, 1, "s"));
  }

  /** H2 cannot type a bare parameter in a select list: VALUES, typed by a table when there is one. */
  @Test
  void valuesOnH2() {
    assertEquals("(VALUES (?, ?), (?, ?)) s(\"ID\", \"NAME\")", Dialect.H2.derivedParameterRows(COLUMNS, 2, "s"));
    assertEquals("(SELECT \"ID\", \"NAME\" FROM \"USERS\" WHERE 1 = 0 UNION ALL VALUES (?, 'x')) s",
        Dialect.H2.derivedRows(COLUMNS, List.of(List.of("?", "'x'")), "s", "\"USERS\""));
  }
}
