package dev.shunt.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a separate JVM (the packaged jars, a Java agent, a class path of our choosing) and
 * waits for it with a deadline; its standard output and error are captured together.
 */
public final class ChildJvm {
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<Path> classPath = new ArrayList<>();
  private String mainClass;
  private final List<String> args = new ArrayList<>();

  public static ChildJvm create() { return new ChildJvm(); }

  /** target/, where Maven's package phase left the jars (the driver tests run in verify, after it). */
  public static Path target() { return Path.of("target").toAbsolutePath(); }

  public static Path targetJar(String name) {
    Path jar = target().resolve(name);
    if (!Files.isRegularFile(jar)) throw new AssertionError(jar + " is missing: run the driver tests through `mvn verify`");
    return jar;
  }

  /** The single jar in target/{dir} whose name starts with {@code prefix} (copied there by maven-dependency-plugin). */
  public static Path lib(String dir, String prefix) {
    try (var files = Files.list(target().resolve(dir))) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
          .orElseThrow(() -> new AssertionError("no " + prefix + "*.jar in target/" + dir + ": run through `mvn verify`"));
    } catch (IOException e) {
      throw new AssertionError("target/" + dir + " is missing: run the driver tests through `mvn verify`", e);
    }
  }

  /** The compiled test classes, where the child programs live. */
  public static Path testClasses() { return target().resolve("test-classes"); }

  public ChildJvm jvmArg(String a) { jvmArgs.add(a); return this; }
  public ChildJvm classPath(Path p) { classPath.add(p); return this; }
  public ChildJvm main(Class<?> type, String... arguments) {
    mainClass = type.getName();
    args.addAll(List.of(arguments));
    return this;
  }

  public Result run(int timeoutSeconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    if (!classPath.isEmpty()) {
      cmd.add("-cp");
      StringBuilder cp = new StringBuilder();
      for (Path p : classPath) cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(p);
      cmd.add(cp.toString());
    }
    cmd.add(mainClass);
    cmd.addAll(args);
    Path log = Files.createTempFile("shunt-child", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("SHUNT_CONFIG");
    pb.environment().remove("CLASSPATH");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    if (!done) throw new AssertionError("child JVM did not finish within " + timeoutSeconds + " s: " + cmd + "\n" + out);
    return new Result(p.exitValue(), out, String.join(" ", cmd));
  }

  public static final class Result {
    public final int code;
    public final String output;
    public final String command;

    Result(int code, String output, String command) {
      this.code = code;
      this.output = output;
      this.command = command;
    }

    /** The value printed by the child as {@code key=value} on a line of its own, or null. */
    public String value(String key) {
      for (String line : output.split("\\R")) {
        if (line.startsWith(key + "=")) return line.substring(key.length() + 1);
      }
      return null;
    }

    @Override public String toString() { return "exit " + code + " of " + command + "\n" + output; }
  }
}
