package dev.shunt.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstancesTest {
  @Test void phasesRoundTripInFileOrder() {
    Map<String, String> phases = new LinkedHashMap<>();
    phases.put("users", "shadow-write");
    phases.put("orders", "old-primary/compare");
    String text = Instances.encode(phases);
    assertEquals("users=shadow-write,orders=old-primary/compare", text);
    assertEquals(phases, Instances.decode(text));
    assertTrue(Instances.decode("").isEmpty());
    assertTrue(Instances.decode(null).isEmpty());
  }

  @Test void liveMeansSeenWithinAMinute() {
    Instance i = new Instance("id", "h", 1, "f", 1, "hash", Map.of(), Map.of(), null, 0, 1_000, Map.of());
    assertTrue(i.live(1_000 + Instances.STALE_AFTER_MS));
    assertFalse(i.live(1_001 + Instances.STALE_AFTER_MS));
  }
}
