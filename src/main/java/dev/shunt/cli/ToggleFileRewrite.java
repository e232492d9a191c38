package dev.shunt.cli;

import dev.shunt.config.Phase;
import java.io.IOException;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Changes one migration's phase in a toggle file as a text edit, so every comment, blank line and
 * the order and quoting of everything else stay exactly as the operator wrote them. SnakeYAML's
 * node marks say where the {@code phase:} value (or the {@code writes:}/{@code reads:} pair) sits.
 */
final class ToggleFileRewrite {
  /** What to do with the migration's {@code force:} key. */
  enum Force { SET, REMOVE, KEEP }

  private ToggleFileRewrite() {}

  /**
   * {@code text} with migration {@code name} in phase {@code target}: its {@code phase:} value
   * replaced, or its {@code writes:} line replaced by a {@code phase:} line and its {@code reads:}
   * line removed. {@link Force#SET} sets or adds {@code force: true}; {@link Force#REMOVE} removes
   * a {@code force:} key. Throws a usage error when the file's layout cannot be edited safely.
   */
  static String setPhase(String text, String name, Phase target, Force force) {
    MappingNode migration = migrationNode(text, name);
    NodeTuple phase = tuple(migration, "phase");
    NodeTuple writes = tuple(migration, "writes");
    NodeTuple reads = tuple(migration, "reads");
    NodeTuple forceTuple = tuple(migration, "force");
    boolean block = migration.getFlowStyle() == org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK;
    List<Edit> edits = new ArrayList<>();
    NodeTuple anchor; // the tuple that ends up holding the phase; force: goes after it
    int anchorEnd;
    if (phase != null) {
      Node v = phase.getValueNode();
      edits.add(new Edit(offset(text, v.getStartMark()), offset(text, v.getEndMark()), target.wireName()));
      anchor = phase;
      anchorEnd = offset(text, v.getEndMark());
    } else if (writes != null && reads != null) {
      int start = offset(text, writes.getKeyNode().getStartMark());
      int end = offset(text, writes.getValueNode().getEndMark());
      edits.add(new Edit(start, end, "phase: " + target.wireName()));
      edits.add(removal(text, reads, block));
      anchor = writes;
      anchorEnd = end;
    } else {
      throw CliException.usage("migration '" + name + "' has neither 'phase' nor both 'writes' and 'reads'");
    }
    if (force == Force.SET) {
      if (forceTuple != null) {
        Node v = forceTuple.getValueNode();
        edits.add(new Edit(offset(text, v.getStartMark()), offset(text, v.getEndMark()), "true"));
      } else if (block) {
        int lineEnd = text.indexOf('\n', anchorEnd);
        int column = anchor.getKeyNode().getStartMark().getColumn();
        String line = " ".repeat(column) + "force: true";
        if (lineEnd < 0) edits.add(new Edit(text.length(), text.length(), lineSeparator(text) + line));
        else edits.add(new Edit(lineEnd + 1, lineEnd + 1, line + lineSeparator(text)));
      } else {
        edits.add(new Edit(anchorEnd, anchorEnd, ", force: true"));
      }
    } else if (force == Force.REMOVE && forceTuple != null) {
      edits.add(removal(text, forceTuple, block));
    }
    edits.sort(Comparator.comparingInt((Edit e) -> e.start).reversed());
    StringBuilder out = new StringBuilder(text);
    int limit = Integer.MAX_VALUE;
    for (Edit e : edits) {
      if (e.end > limit) throw CliException.usage("cannot edit migration '" + name + "' safely; set its phase by hand");
      out.replace(e.start, e.end, e.replacement);
      limit = e.start;
    }
    return out.toString();
  }

  /** The migration's mapping node; a usage error when the file has no such migration. */
  private static MappingNode migrationNode(String text, String name) {
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
    } catch (YAMLException e) {
      throw CliException.usage("the toggle file is not valid YAML: " + e.getMessage());
    }
    NodeTuple migrations = root instanceof MappingNode ? tuple((MappingNode) root, "migrations") : null;
    if (migrations == null || !(migrations.getValueNode() instanceof MappingNode)) {
      throw CliException.usage("the toggle file has no 'migrations' mapping");
    }
    NodeTuple m = tuple((MappingNode) migrations.getValueNode(), name);
    if (m == null || !(m.getValueNode() instanceof MappingNode)) {
      throw CliException.usage("the toggle file has no migration named '" + name + "'");
    }
    return (MappingNode) m.getValueNode();
  }

  private static NodeTuple tuple(MappingNode m, String key) {
    for (NodeTuple t : m.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode && key.equals(((ScalarNode) t.getKeyNode()).getValue())) return t;
    }
    return null;
  }

  /**
   * Removes a {@code key: value} entry: in block style its whole line (with a comment on that line,
   * which described it), in flow style the entry and one comma next to it.
   */
  private static Edit removal(String text, NodeTuple t, boolean block) {
    int start = offset(text, t.getKeyNode().getStartMark());
    int end = offset(text, t.getValueNode().getEndMark());
    if (block) {
      int lineStart = text.lastIndexOf('\n', start - 1) + 1;
      if (!text.substring(lineStart, start).isBlank()) {
        throw CliException.usage("cannot remove '" + ((ScalarNode) t.getKeyNode()).getValue()
            + "': it shares its line with another key; set the phase by hand");
      }
      int lineEnd = text.indexOf('\n', end);
      return new Edit(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1, "");
    }
    int before = start - 1;
    while (before >= 0 && Character.isWhitespace(text.charAt(before))) before--;
    if (before >= 0 && text.charAt(before) == ',') return new Edit(before, end, "");
    int after = end;
    while (after < text.length() && Character.isWhitespace(text.charAt(after))) after++;
    if (after < text.length() && text.charAt(after) == ',') {
      after++;
      while (after < text.length() && text.charAt(after) == ' ') after++;
    }
    return new Edit(start, after, "");
  }

  /** A mark's position as a {@code String} index (SnakeYAML counts code points). */
  private static int offset(String text, Mark mark) {
    return text.offsetByCodePoints(0, mark.getIndex());
  }

  private static String lineSeparator(String text) {
    return text.contains("\r\n") ? "\r\n" : "\n";
  }

  private static final class Edit {
    final int start;
    final int end;
    final String replacement;

    Edit(int start, int end, String replacement) {
      this.start = start;
      this.end = end;
      this.replacement = replacement;
    }
  }

  // ---- writing the file ----

  /**
   * The file to replace: {@code file} itself, or, when it is a symlink (a Kubernetes ConfigMap
   * mount is two: {@code shunt.yaml -> ..data/shunt.yaml}, {@code ..data -> ..2024_…}), the real
   * file at the end of the chain. Replacing the link itself would turn it into a plain file and
   * cut it off from later ConfigMap updates.
   */
  static Path realTarget(Path file) throws IOException {
    return Files.isSymbolicLink(file) ? file.toRealPath() : file;
  }

  /**
   * Replaces {@code target} with {@code content} atomically: a temporary file in the same
   * directory, written and forced to disk, with the target's permissions, renamed over it. A
   * reader (the driver's reload thread) sees the whole old file or the whole new one. Refuses when
   * the file no longer holds {@code expected}: someone else changed it since it was validated.
   */
  static void replaceAtomically(Path target, byte[] expected, byte[] content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".shunt-tmp");
    boolean moved = false;
    try {
      Files.write(tmp, content);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      copyPermissions(target, tmp);
      if (!Arrays.equals(Files.readAllBytes(target), expected)) {
        throw CliException.failed(target + " changed while the move was being checked; nothing written, run the command again");
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot rename atomically; nothing written", e);
      }
      moved = true;
    } finally {
      if (!moved) Files.deleteIfExists(tmp);
    }
  }

  private static void copyPermissions(Path from, Path to) {
    PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) return;
    try {
      PosixFileAttributes a = view.readAttributes();
      Files.setPosixFilePermissions(to, a.permissions());
      PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
      try {
        target.setGroup(a.group());
        target.setOwner(a.owner());
      } catch (IOException | SecurityException notOwner) {
        // only root may give a file away; the permissions are what readers need
      }
    } catch (IOException | UnsupportedOperationException e) {
      // keep the temporary file's defaults
    }
  }
}
