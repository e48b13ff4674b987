package dev.metaopt.cli;

import dev.metaopt.io.ProjectLayout;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.report.Human;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Prints the one-line result of a run/resume session on stdout and returns its exit code; its
 * {@code .ml-metaopt} paths are made absolute, so it can be followed from any directory.
 */
final class SessionReport {
  private SessionReport() {}

  static int print(PrintWriter out, SessionOutcome outcome, Path projectDir) {
    String state = outcome.machineState() == null ? "no state" : outcome.machineState().name();
    out.println(state + ": "
        + Human.absolutePaths(outcome.message(), new ProjectLayout(projectDir)));
    out.flush();
    return outcome.exitCode().code();
  }
}
