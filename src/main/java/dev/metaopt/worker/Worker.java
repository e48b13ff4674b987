package dev.metaopt.worker;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One worker of a lane: takes the task as JSON text and answers with its stdout. The external
 * implementation runs a command; the in-process one calls built-in code. Both go through the
 * same parsing and schema validation in the dispatcher.
 */
public interface Worker {
  /** How the worker is named in messages, e.g. {@code built-in ideation} or its argv. */
  String describe();

  /** Runs once on {@code taskJson}; stderr (or diagnostics) go to {@code stderrLog}. */
  Output run(String taskJson, Path stderrLog, Duration timeout);

  /**
   * What one run produced.
   *
   * @param stdout the answer text (bounded)
   * @param exitCode the exit status (0 for in-process success)
   * @param timedOut the timeout expired and the process tree was killed
   * @param failure why the worker could not run at all (e.g. command not found), or null
   */
  record Output(String stdout, int exitCode, boolean timedOut, String failure) {
    public static Output couldNotRun(String failure) {
      return new Output("", -1, false, failure);
    }
  }
}
