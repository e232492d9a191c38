package dev.shunt.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shunt.sql.dialect.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
  @Test
  void singleColumnRangesArePlainComparisons() {
    KeyOrder k = new KeyOrder(List.of("id"), Dialect.MARIADB);
    assertEquals("(`id` > ?)", k.after(null).replace("((", "(").replace("))", ")"));
    assertEquals("((o.`id` <= ?))", k.atOrBefore("o"));
  }

  @Test
  void compositeKeysExpandToIndexFriendlyDisjunctions() {
    KeyOrder k = new KeyOrder(List.of("tenant", "id"), Dialect.POSTGRESQL);
    assertEquals("((\"tenant\" > ?) OR (\"tenant\" = ? AND \"id\" > ?))", k.after(null));
    assertEquals("((\"tenant\" < ?) OR (\"tenant\" = ? AND \"id\" <= ?))", k.atOrBefore(null));
    assertEquals("\"tenant\", \"id\"", k.list(null));
  }
}
