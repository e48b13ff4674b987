package dev.metaopt.preflight;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds programs the way {@code execvp} does: a path with a slash as given, else on PATH. */
final class Executables {
  private Executables() {}

  static Optional<Path> find(String program, Path workingDir, Map<String, String> env) {
    if (program.contains("/")) {
      Path path = workingDir.resolve(program);
      return Files.isExecutable(path) && !Files.isDirectory(path) ? Optional.of(path)
          : Optional.empty();
    }
    String searchPath = env.getOrDefault("PATH", "");
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The first word of a command line (for messages and lookups; never executed from here). */
  static String firstWord(String commandLine) {
    String trimmed = commandLine.strip();
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }
}
