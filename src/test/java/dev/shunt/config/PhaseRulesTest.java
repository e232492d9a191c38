package dev.shunt.config;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PhaseRulesTest {
  private final ToggleFileParser parser = new ToggleFileParser(n -> null);

  private Migration at(String phase) throws ConfigException {
    String yaml = "version: 1\nmigrations:\n  m:\n    old: { table: t, key: [id] }\n    new: { table: t2 }\n"
        + "    columns: { id: id }\n    reverse: { id: id }\n    phase: " + phase + "\n    force: true\n";
    return parser.parse(Path.of("f.yaml"), yaml.getBytes(StandardCharsets.UTF_8)).migrations().get("m");
  }

  @Test void oneStepEitherWayIsSafe() throws Exception {
    Phase[] p = Phase.values();
    for (int i = 0; i + 1 < p.length; i++) {
      assertNull(PhaseRules.unsafeMove(at(p[i].wireName()), at(p[i + 1].wireName())), p[i] + " -> " + p[i + 1]);
      if (p[i] != Phase.NEW_PRIMARY) {
        assertNull(PhaseRules.unsafeMove(at(p[i + 1].wireName()), at(p[i].wireName())), p[i + 1] + " -> " + p[i]);
      }
    }
  }

  @Test void newOnlyBackToNewPrimaryNeedsRepair() throws Exception {
    assertNotNull(PhaseRules.unsafeMove(at("new-only"), at("new-primary")));
  }

  @Test void skippingIsUnsafe() throws Exception {
    assertNotNull(PhaseRules.unsafeMove(at("old"), at("shadow-read")));
    assertNotNull(PhaseRules.unsafeMove(at("shadow-write"), at("new-only")));
    assertNotNull(PhaseRules.unsafeMove(at("done"), at("shadow-read")));
  }

  @Test void unsafePairs() {
    assertNotNull(PhaseRules.unsafePair(WriteMode.NEW_ONLY, ReadMode.MERGE));
    assertNotNull(PhaseRules.unsafePair(WriteMode.NEW_ONLY, ReadMode.OLD));
    assertNotNull(PhaseRules.unsafePair(WriteMode.OFF, ReadMode.NEW));
    for (Phase p : Phase.values()) assertNull(PhaseRules.unsafePair(p.writes(), p.reads()), p.wireName());
  }
}
