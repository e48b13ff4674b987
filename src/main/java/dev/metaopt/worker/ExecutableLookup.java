package dev.metaopt.worker;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a program the way {@code execvp} does: a name containing a slash is a path (relative to
 * the working directory), any other name is searched on the given {@code PATH}. Java would search
 * the orchestrator's own PATH; a child's environment must decide what it runs.
 */
public final class ExecutableLookup {
  private ExecutableLookup() {}

  public static Optional<Path> find(String program, Path workingDir, String searchPath) {
    if (program.contains("/")) {
      Path path = workingDir.resolve(program);
      return isProgram(path) ? Optional.of(path) : Optional.empty();
    }
    for (String dir : (searchPath == null ? "" : searchPath).split(File.pathSeparator)) {
      if (!dir.isEmpty() && isProgram(Path.of(dir, program))) {
        return Optional.of(Path.of(dir, program));
      }
    }
    return Optional.empty();
  }

  private static boolean isProgram(Path path) {
    return Files.isExecutable(path) && !Files.isDirectory(path);
  }
}
