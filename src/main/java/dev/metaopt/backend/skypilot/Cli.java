package dev.metaopt.backend.skypilot;

import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code sky} and {@code wandb} command-line tools: argv only, a bounded time, the
 * process tree killed on expiry. Their output (both streams: {@code wandb} reports on stderr) is
 * returned for parsing and appended to {@code logs/skypilot.log}.
 */
final class Cli {
  /** What a finished command printed. */
  record Result(int exitCode, String output, boolean timedOut) {
    boolean ok() {
      return exitCode == 0 && !timedOut;
    }
  }

  private final Path workingDir;
  private final Map<String, String> environment;
  private final Path log;

  Cli(Path workingDir, Map<String, String> environment, Path log) {
    this.workingDir = workingDir;
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  Result run(Duration timeout, List<String> argv) {
    try {
      Files.createDirectories(log.getParent());
      Path stderr = Files.createTempFile(log.getParent(), ".cli", ".err");
      try {
        ProcessResult result = ProcessRunner.run(new ProcessSpec(argv, workingDir, environment,
            "", stderr, timeout));
        String output = result.stdout() + Files.readString(stderr);
        Files.writeString(log, "$ " + String.join(" ", argv) + "\n" + output + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new Result(result.exitCode(), output, result.timedOut());
      } finally {
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      return new Result(127, "cannot run " + argv.get(0) + ": " + e.getMessage(), false);
    }
  }
}
