package dev.metaopt.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One external process to run: an argv list (never a shell string), its working directory, the
 * exact environment it gets, what to feed it on stdin, where its stderr goes and how long it may
 * take.
 *
 * @param command argv, first element the program
 * @param directory working directory
 * @param environment the complete environment of the child (nothing is inherited implicitly)
 * @param stdin bytes written to the child's stdin, then closed (empty for none)
 * @param stderrLog file receiving stderr (appended), or null to discard it
 * @param timeout hard limit; on expiry the process and all its descendants are killed
 */
public record ProcessSpec(
    List<String> command,
    Path directory,
    Map<String, String> environment,
    String stdin,
    Path stderrLog,
    Duration timeout) {
  public ProcessSpec {
    command = List.copyOf(Objects.requireNonNull(command, "command"));
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    Objects.requireNonNull(directory, "directory");
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    stdin = stdin == null ? "" : stdin;
    Objects.requireNonNull(timeout, "timeout");
  }
}
