package dev.shunt.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShuntAgentTest {
  @Test void options() {
    assertEquals(Map.of(), ShuntAgent.parse(null));
    assertEquals(Map.of("config", "/etc/shunt/shunt.yaml"), ShuntAgent.parse("config=/etc/shunt/shunt.yaml"));
    assertEquals(Map.of("config", "/etc/shunt/shunt.yaml"), ShuntAgent.parse("/etc/shunt/shunt.yaml"), "a bare path is the config");
    assertEquals(Map.of("config", "/a.yaml", "drivers", "org.mariadb.jdbc.;com.mysql."),
        ShuntAgent.parse("config=/a.yaml,drivers=org.mariadb.jdbc.;com.mysql."));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShuntAgent.parse("confg=/a.yaml"));
    assertEquals("Shunt agent: unknown option 'confg' (known: config, drivers)", e.getMessage());
  }
}
