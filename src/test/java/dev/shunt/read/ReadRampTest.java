package dev.shunt.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shunt.config.Migration;
import dev.shunt.config.ToggleFileParser;
import dev.shunt.write.BoundParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** read_percent: a share of keys, each key always on the same side. */
class ReadRampTest {
  private static final String SQL = "SELECT * FROM users WHERE id = ?";

  private static Migration at(int percent) throws Exception {
    String yaml = "version: 1\nmigrations:\n  users:\n    old: { table: users, key: [id] }\n    new: { table: users_v2 }\n"
        + "    columns: { id: id }\n    reverse: { id: id }\n    writes: old-primary\n    reads: new\n    read_percent: " + percent + "\n";
    return new ToggleFileParser(n -> null).parse(Path.of("t.yaml"), yaml.getBytes(StandardCharsets.UTF_8)).migrations().get("users");
  }

  private static BoundParameters key(Object v) {
    BoundParameters p = new BoundParameters();
    p.set(1, v, (ps, i) -> ps.setObject(i, v));
    return p;
  }

  @Test void aKeyStaysOnOneSideWhateverTypeBoundIt() throws Exception {
    Migration m = at(30);
    for (int id = 0; id < 200; id++) {
      boolean first = ReadRouter.inRamp(m, SQL, key(id));
      for (int again = 0; again < 3; again++) assertEquals(first, ReadRouter.inRamp(m, SQL, key(id)));
      assertEquals(first, ReadRouter.inRamp(m, SQL, key((long) id)), "setInt and setLong of one key");
    }
  }

  @Test void theShareOfKeysFollowsThePercent() throws Exception {
    for (int percent : new int[] {1, 30, 70}) {
      Migration m = at(percent);
      int in = 0;
      for (int id = 0; id < 10_000; id++) if (ReadRouter.inRamp(m, SQL, key(id))) in++;
      assertTrue(Math.abs(in / 100.0 - percent) < 3, percent + "% routed " + in + " of 10000");
    }
    assertTrue(ReadRouter.inRamp(at(100), SQL, key(5)));
    assertFalse(ReadRouter.inRamp(at(0), SQL, key(5)));
  }
}
