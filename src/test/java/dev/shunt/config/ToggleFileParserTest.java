package dev.shunt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToggleFileParserTest {
  static final String VALID = String.join("\n",
      "version: 1",
      "old:",
      "  url: jdbc:mariadb://127.0.0.1:3306/app",
      "  user: app",
      "  password: ${env:OLD_DB_PASSWORD}",
      "reload_ms: 250",
      "strict: true",
      "migrations:",
      "  users:",
      "    old: { table: users, key: [id] }",
      "    new: { table: users_v2 }",
      "    columns:",
      "      id: id",
      "      display_name: full_name",
      "      email: LOWER(email)",
      "    reverse:",
      "      id: id",
      "      full_name: display_name",
      "      email: email",
      "    phase: shadow-read",
      "    read_percent: 25",
      "    compare: { sample: 0.5, confirm_ms: 100 }",
      "    version_column: updated_at",
      "    on_secondary_failure: fail",
      "");

  private final ToggleFileParser parser = new ToggleFileParser(name -> name.equals("OLD_DB_PASSWORD") ? "s3cret" : null);
  private final Path file = Path.of("shunt.yaml");

  ShuntConfig parse(String yaml) throws ConfigException {
    return parser.parse(file, yaml.getBytes(StandardCharsets.UTF_8));
  }

  ConfigException error(String yaml) {
    return assertThrows(ConfigException.class, () -> parse(yaml));
  }

  @Test void readsEveryKeyOfTheContract() throws Exception {
    ShuntConfig c = parse(VALID);
    assertEquals(1, c.version());
    assertEquals(250, c.reloadMs());
    assertTrue(c.strict());
    assertFalse(c.logValues());
    assertEquals("s3cret", c.oldDatabase().password());
    assertFalse(c.oldDatabase().toString().contains("s3cret"), "the password never prints");
    assertNull(c.newDatabase());
    Migration m = c.migrations().get("users");
    assertEquals("users", m.oldTable().name());
    assertEquals("users_v2", m.newTable().name());
    assertEquals(List.of("id"), m.oldKey());
    assertEquals(List.of("id"), m.newKey(), "new key derived from the column copying old id");
    assertEquals(Map.of("id", "id", "display_name", "full_name", "email", "LOWER(email)"), m.columns());
    assertEquals(Phase.SHADOW_READ, m.phase());
    assertEquals(WriteMode.OLD_PRIMARY, m.writes());
    assertEquals(ReadMode.COMPARE, m.reads());
    assertEquals(25, m.readPercent());
    assertEquals(0.5, m.compare().sample());
    assertEquals(100, m.compare().confirmMs());
    assertEquals("updated_at", m.versionColumn());
    assertEquals(SecondaryFailurePolicy.FAIL, m.onSecondaryFailure());
    assertTrue(c.hasActiveMigrations());
    assertEquals(64, c.contentHash().length());
  }

  @Test void phaseOldIsNotActive() throws Exception {
    ShuntConfig c = parse(VALID.replace("phase: shadow-read", "phase: old"));
    assertFalse(c.hasActiveMigrations());
    assertTrue(c.scanner().isEmpty());
  }

  @Test void writesAndReadsInsteadOfPhase() throws Exception {
    Migration m = parse(VALID.replace("    phase: shadow-read", "    writes: old-primary\n    reads: fallback")).migrations().get("users");
    assertNull(m.phase());
    assertEquals(ReadMode.FALLBACK, m.reads());
    assertEquals("old-primary/fallback", m.phaseLabel());
  }

  @Test void unknownKeyNamesLineAndColumn() {
    ConfigException e = error(VALID.replace("    read_percent: 25", "    read_percnt: 25"));
    assertEquals(21, e.line());
    assertEquals(5, e.column());
    assertTrue(e.getMessage().startsWith("shunt.yaml:21:5: unknown key 'read_percnt'"), e.getMessage());
  }

  @Test void unknownTopLevelKey() {
    ConfigException e = error(VALID + "extra: 1\n");
    assertEquals(25, e.line());
    assertEquals(1, e.column());
  }

  @Test void unknownPhaseListsTheValidOnes() {
    ConfigException e = error(VALID.replace("phase: shadow-read", "phase: shadow-reads"));
    assertEquals(20, e.line());
    assertEquals(12, e.column());
    assertTrue(e.getMessage().contains("unknown phase 'shadow-reads'"), e.getMessage());
    assertTrue(e.getMessage().contains("old, shadow-write, shadow-read, new-primary, new-only, done"), e.getMessage());
  }

  @Test void yamlSyntaxErrorHasPosition() {
    ConfigException e = error("version: 1\nmigrations:\n  users: [unclosed\n");
    assertTrue(e.line() >= 3, e.getMessage());
    assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
  }

  @Test void missingVersionAndWrongVersion() {
    assertTrue(error("strict: true\n").getMessage().contains("missing key 'version'"));
    assertTrue(error("version: 2\n").getMessage().contains("between 1 and 1"));
    assertTrue(error("").getMessage().contains("empty"));
  }

  @Test void expressionsMustBeOneScalarExpression() {
    assertTrue(error(VALID.replace("LOWER(email)", "LOWER(email); DROP TABLE users")).getMessage().contains("';'"));
    assertTrue(error(VALID.replace("LOWER(email)", "LOWER(email) -- hi")).getMessage().contains("comment"));
    assertTrue(error(VALID.replace("LOWER(email)", "(SELECT max(x) FROM t)")).getMessage().contains("subquery"));
    assertTrue(error(VALID.replace("LOWER(email)", "LOWER(email) email2 ,")).getMessage().contains("not one SQL expression"));
    ConfigException e = error(VALID.replace("LOWER(email)", "SELECT 1"));
    assertEquals(15, e.line());
    assertEquals(14, e.column());
  }

  @Test void semicolonInsideAStringIsFine() throws Exception {
    parse(VALID.replace("LOWER(email)", "CONCAT(email, ';')"));
  }

  @Test void unsafePairNeedsForce() throws Exception {
    String unsafe = VALID.replace("    phase: shadow-read", "    writes: new-only\n    reads: merge");
    assertTrue(error(unsafe).getMessage().contains("force: true"));
    parse(unsafe + "    force: true\n");
  }

  @Test void reverseRequiredWhenReadsUseNew() {
    String noReverse = VALID.replace("    reverse:\n      id: id\n      full_name: display_name\n      email: email\n", "");
    assertTrue(error(noReverse).getMessage().contains("'reverse' is required"));
  }

  @Test void newKeyCannotBeDerivedWithoutACopyOfTheOldKey() {
    ConfigException e = error(VALID.replace("      id: id\n      display_name", "      uid: id + 0\n      display_name"));
    assertTrue(e.getMessage().contains("cannot derive new.key"), e.getMessage());
  }

  @Test void secretsResolveFromFilesAndMissingOnesAreNamedNotShown(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("pw");
    Files.writeString(secret, "from-file\n");
    String yaml = VALID.replace("${env:OLD_DB_PASSWORD}", "${file:" + secret + "}");
    assertEquals("from-file", parse(yaml).oldDatabase().password());
    ConfigException e = error(VALID.replace("OLD_DB_PASSWORD", "NOT_SET_ANYWHERE"));
    assertTrue(e.getMessage().contains("NOT_SET_ANYWHERE"), e.getMessage());
    assertTrue(error(VALID.replace("${env:OLD_DB_PASSWORD}", "${vault:x}")).getMessage().contains("unknown reference"));
  }

  @Test void badValuesAreNamed() {
    assertTrue(error(VALID.replace("read_percent: 25", "read_percent: 150")).getMessage().contains("between 0 and 100"));
    assertTrue(error(VALID.replace("strict: true", "strict: yes please")).getMessage().contains("true or false"));
    assertTrue(error(VALID.replace("on_secondary_failure: fail", "on_secondary_failure: retry")).getMessage().contains("queue or fail"));
    assertTrue(error(VALID.replace("  users:", "  Users!:")).getMessage().contains("[a-z0-9_-]+"));
    assertTrue(error(VALID.replace("table: users,", "table: \"users; drop\",")).getMessage().contains("not a plain table name"));
    assertTrue(error(VALID.replace("reload_ms: 250", "reload_ms: 1")).getMessage().contains("reload_ms"));
  }

  @Test void twoMigrationsOnOneTableAreRejected() {
    String twice = VALID + "  users2:\n    old: { table: users, key: [id] }\n    new: { table: u3 }\n    columns: { id: id }\n    phase: old\n";
    assertTrue(error(twice).getMessage().contains("both migrate table users"));
  }

  @Test void phaseMovesAreCheckedAgainstThePreviousSnapshot() throws Exception {
    ShuntConfig shadowWrite = parse(VALID.replace("phase: shadow-read", "phase: shadow-write"));
    byte[] newPrimary = VALID.replace("phase: shadow-read", "phase: new-primary").getBytes(StandardCharsets.UTF_8);
    ConfigException e = assertThrows(ConfigException.class, () -> parser.parse(file, newPrimary, shadowWrite));
    assertTrue(e.getMessage().contains("skips a phase"), e.getMessage());
    assertEquals(20, e.line());
    ShuntConfig next = parser.parse(file, VALID.getBytes(StandardCharsets.UTF_8), shadowWrite);
    assertEquals(2, next.version());
    String forced = VALID.replace("phase: shadow-read", "phase: new-primary") + "    force: true\n";
    parser.parse(file, forced.getBytes(StandardCharsets.UTF_8), shadowWrite);
  }

  @Test void removingAMigrationThatIsMirroredIsRejected() throws Exception {
    ShuntConfig before = parse(VALID);
    byte[] none = "version: 1\n".getBytes(StandardCharsets.UTF_8);
    assertTrue(assertThrows(ConfigException.class, () -> parser.parse(file, none, before)).getMessage().contains("was removed"));
    ShuntConfig old = parse(VALID.replace("phase: shadow-read", "phase: old"));
    parser.parse(file, none, old);
  }

  @Test void theBackfillSectionPausesAndCapsRunningBackfills() throws ConfigException {
    assertEquals("running", parse(VALID).backfill().toString());
    ShuntConfig paused = parse(VALID.replace("migrations:", "backfill: { pause: true, max_rows_per_s: 500 }\nmigrations:"));
    assertTrue(paused.backfill().pause());
    assertEquals(500, paused.backfill().maxRowsPerSecond());
    ConfigException bad = assertThrows(ConfigException.class,
        () -> parse(VALID.replace("migrations:", "backfill: { max_rows_per_s: -1 }\nmigrations:")));
    assertTrue(bad.getMessage().contains("max_rows_per_s"), bad.getMessage());
    assertThrows(ConfigException.class, () -> parse(VALID.replace("migrations:", "backfill: { pace: 1 }\nmigrations:")));
  }
}
