package dev.metaopt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Package imports point one way: a package may use only packages on a lower layer. Both
 * {@code import} lines and fully qualified names in code count. A new package must be placed in
 * {@link #LAYERS} before it compiles into a green build, which is where its place gets decided.
 */
class ArchitectureTest {
  /** Lowest layer first. Packages on the same layer must not use each other. */
  static final List<List<String>> LAYERS = List.of(
      List.of("", "json"),
      List.of("io", "schema", "stats"),
      List.of("protocol"),
      List.of("campaign"),
      List.of("state"),
      List.of("machine"),
      List.of("worker"),
      List.of("builtin", "llm", "backend"),
      List.of("backend.local", "backend.skypilot"),
      List.of("results"),
      List.of("dispatch", "export"),
      List.of("preflight"),
      List.of("agent"),
      List.of("report"),
      List.of("orchestrator"),
      List.of("validation"),
      List.of("cli"));

  private static final Path MAIN = Path.of("src/main/java/dev/metaopt");
  // A reference to one of our types: dev.metaopt.<lower-case package parts>.<Type>
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.metaopt((?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void everyImportPointsToALowerLayer() throws IOException {
    Map<String, Integer> layer = layerOfPackage();
    List<String> upward = new ArrayList<>();
    List<String> unplaced = new ArrayList<>();
    for (Path file : sources()) {
      String from = packageOf(file);
      if (!layer.containsKey(from)) {
        unplaced.add(from + " (" + file + ")");
        continue;
      }
      Matcher reference = REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (reference.find()) {
        String to = reference.group(1).isEmpty() ? "" : reference.group(1).substring(1);
        if (to.equals(from)) {
          continue;
        }
        if (!layer.containsKey(to) || layer.get(to) >= layer.get(from)) {
          upward.add(MAIN.relativize(file) + " uses dev.metaopt." + to);
        }
      }
    }
    assertThat(unplaced).as("packages missing from ArchitectureTest.LAYERS").isEmpty();
    assertThat(upward).as("imports that do not point to a lower layer").isEmpty();
  }

  @Test
  void theGuardSeesAnUpwardImport() {
    // given a low-layer class importing the CLI
    String source = "package dev.metaopt.io;\nimport dev.metaopt.cli.Main;\n";
    // when its references are read
    Matcher reference = REFERENCE.matcher(source);
    // then the CLI package is found as the target
    assertThat(reference.find()).isTrue();
    assertThat(reference.group(1)).isEqualTo(".cli");
    assertThat(layerOfPackage().get("cli")).isGreaterThan(layerOfPackage().get("io"));
  }

  private static Map<String, Integer> layerOfPackage() {
    Map<String, Integer> layer = new TreeMap<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      for (String pkg : LAYERS.get(i)) {
        layer.put(pkg, i);
      }
    }
    return layer;
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static String packageOf(Path file) {
    Path dir = MAIN.relativize(file).getParent();
    return dir == null ? "" : dir.toString().replace(file.getFileSystem().getSeparator(), ".");
  }
}
