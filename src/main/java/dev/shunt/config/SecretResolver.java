package dev.shunt.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code ${env:NAME}} and {@code ${file:PATH}}. Errors name the reference, never the value. */
final class SecretResolver {
  private static final Pattern REF = Pattern.compile("\\$\\{([a-z]*):?([^}]*)}");

  private final UnaryOperator<String> env;
  private final Path baseDir;

  SecretResolver(UnaryOperator<String> env, Path baseDir) {
    this.env = env;
    this.baseDir = baseDir;
  }

  /** Returns the expanded value; throws with a message suitable for a ConfigException. */
  String resolve(String raw) throws IllegalArgumentException {
    if (raw == null || raw.indexOf("${") < 0) return raw;
    Matcher m = REF.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String ref = m.group(2).trim();
      if (!(kind.equals("env") || kind.equals("file")) || ref.isEmpty()) {
        throw new IllegalArgumentException("unknown reference " + m.group() + "; only ${env:NAME} and ${file:PATH} are supported");
      }
      String value;
      if (kind.equals("env")) {
        value = env.apply(ref);
        if (value == null) throw new IllegalArgumentException("environment variable " + ref + " (from ${env:" + ref + "}) is not set");
      } else {
        Path p = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
        try {
          value = stripTrailingNewline(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read secret file " + p + " (from ${file:" + ref + "}): " + e.getClass().getSimpleName());
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String stripTrailingNewline(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
    return s.substring(0, end);
  }
}
