package dev.metaopt.preflight;

import dev.metaopt.worker.ExecutableLookup;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Program lookup for preflight checks, against the environment workers will get. */
final class Executables {
  private Executables() {}

  static Optional<Path> find(String program, Path workingDir, Map<String, String> env) {
    return ExecutableLookup.find(program, workingDir, env.get("PATH"));
  }

  /** The first word of a command line (for messages and lookups; never executed from here). */
  static String firstWord(String commandLine) {
    String trimmed = commandLine.strip();
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }
}
