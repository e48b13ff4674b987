package dev.metaopt.worker;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A worker that is an external command: argv only (no shell ever sees a value), the task on
 * stdin, a minimal environment, killed with its whole process tree on timeout.
 */
public final class ProcessWorker implements Worker {
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path directory;

  public ProcessWorker(List<String> command, Map<String, String> environment, Path directory) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.directory = directory;
  }

  @Override
  public String describe() {
    return String.join(" ", command);
  }

  @Override
  public Output run(String taskJson, Path stderrLog, Duration timeout) {
    try {
      ProcessResult result = ProcessRunner.run(
          new ProcessSpec(command, directory, environment, taskJson, stderrLog, timeout));
      if (result.stdoutTruncated()) {
        return new Output("", result.exitCode(), false, "stdout exceeded "
            + ProcessRunner.MAX_STDOUT_BYTES / (1024 * 1024) + " MiB");
      }
      return new Output(result.stdout(), result.exitCode(), result.timedOut(), null);
    } catch (IOException e) {
      return Output.couldNotRun("cannot start '" + command.get(0) + "': " + e.getMessage());
    }
  }
}
