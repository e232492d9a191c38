package dev.shunt.it;

import static dev.shunt.it.BackfillIT.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.it.BackfillIT.Run;
import dev.shunt.it.support.Engine;
import dev.shunt.it.support.TestDatabase;
import dev.shunt.it.support.TestDatabases;
import org.junit.jupiter.api.Test;

/** The README's first command: the demo walks every phase under load and passes its own final check. */
class DemoIT {
  @Test
  void embeddedDemoPassesItsOwnCheck() {
    Run r = cli("demo", "--seconds-per-phase", "2", "--rows", "3000");
    assertEquals(0, r.code, r.output);
    assertTrue(r.output.contains("demo passed"), r.output);
    assertTrue(r.output.contains("0 lost or wrong"), r.output);
    for (String phase : new String[] {"old", "shadow-write", "shadow-read", "new-primary", "new-only", "done"}) {
      assertTrue(r.output.contains("\n" + phase + " "), "a line for phase " + phase + ":\n" + r.output);
    }
  }

  @Test
  void demoOnMariaDb() {
    try (TestDatabase db = TestDatabases.create(Engine.MARIADB, "demo")) {
      Run r = cli("demo", "--url", db.rawUrl(), "--seconds-per-phase", "2", "--rows", "3000");
      assertEquals(0, r.code, r.output);
      assertTrue(r.output.contains("verify clean"), r.output);
    }
  }

  @Test
  void refusesAShuntUrl() {
    Run r = cli("demo", "--url", "jdbc:shunt:h2:mem:x");
    assertEquals(2, r.code, r.output);
  }
}
