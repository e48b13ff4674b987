package dev.metaopt.cli;

import dev.metaopt.orchestrator.SessionOutcome;
import java.io.PrintWriter;

/** Prints the one-line result of a run/resume session on stdout and returns its exit code. */
final class SessionReport {
  private SessionReport() {}

  static int print(PrintWriter out, SessionOutcome outcome) {
    String state = outcome.machineState() == null ? "no state" : outcome.machineState().name();
    out.println(state + ": " + outcome.message());
    out.flush();
    return outcome.exitCode().code();
  }
}
