package dev.metaopt.backend.local;

import dev.metaopt.io.ProgramOutput;
import dev.metaopt.worker.MinimalEnvironment;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code project.setup_command} on the local backend: the user's own command that prepares this
 * machine for the trials (a build, an install), trusted like the smoke test and run the same way
 * ({@code /bin/sh -c} in the project directory, the minimal child environment), once per sweep
 * before its first trial. Its output goes to {@code setup.stdout.log} and
 * {@code setup.stderr.log} in the sweep's directory.
 */
final class SweepSetup {
  /** A setup that has not finished by then is killed, with its process tree, and fails. */
  static final Duration LIMIT = Duration.ofMinutes(30);

  private SweepSetup() {}

  /** Runs {@code command}; empty when it exited 0 in time, else why it failed. */
  static Optional<String> run(String command, Path projectDir, Map<String, String> environment,
      Path sweepDir) {
    return run(command, projectDir, environment, sweepDir, LIMIT);
  }

  static Optional<String> run(String command, Path projectDir, Map<String, String> environment,
      Path sweepDir, Duration limit) {
    Path stdout = sweepDir.resolve("setup.stdout.log");
    Path stderr = sweepDir.resolve("setup.stderr.log");
    try {
      Files.createDirectories(sweepDir);
      Files.deleteIfExists(stderr);
      ProcessResult run = ProcessRunner.run(new ProcessSpec(List.of("/bin/sh", "-c", command),
          projectDir, MinimalEnvironment.from(environment), "", stderr, limit));
      Files.writeString(stdout, run.stdout());
      String where = " (output: " + sweepDir.resolve("setup.*.log") + ")";
      if (run.timedOut()) {
        return Optional.of("project.setup_command did not finish within " + describe(limit)
            + " and was killed" + where);
      }
      if (run.exitCode() != 0) {
        String last = lastLine(ProgramOutput.read(stderr))
            .or(() -> lastLine(run.stdout())).orElse("(no output)");
        return Optional.of("project.setup_command exited " + run.exitCode() + ": " + last
            + where);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("project.setup_command could not be run: " + e.getMessage());
    }
  }

  private static String describe(Duration limit) {
    return limit.toSeconds() % 60 == 0 ? limit.toMinutes() + " minutes"
        : limit.toMillis() / 1000.0 + " s";
  }

  private static Optional<String> lastLine(String output) {
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1).strip());
  }
}
