package dev.metaopt.cli;

import dev.metaopt.orchestrator.CampaignSession;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.orchestrator.StopRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs a {@code run}/{@code resume} session with Ctrl-C and SIGTERM handled and the live status
 * line on the console, and reports it.
 */
final class Sessions {
  private Sessions() {}

  /**
   * Runs {@code session} for the project in {@code projectDir}: a first signal stops it after
   * the current step, a second abandons the step and halts at once, printing where it stopped.
   * The session gets the stop request and where to send its status line.
   */
  static int run(PrintWriter out, Path projectDir,
      BiFunction<StopRequest, Consumer<String>, SessionOutcome> session) {
    StopRequest stop = new StopRequest();
    try (StopSignals signals = StopSignals.install(stop, signal -> {
      SessionOutcome abandoned = CampaignSession.abandon(projectDir, signal);
      Console.clearStatus();
      Main.halt(SessionReport.print(out, abandoned, projectDir));
    })) {
      SessionOutcome outcome = session.apply(stop, Console::status);
      Console.clearStatus();
      return SessionReport.print(out, outcome, projectDir);
    } finally {
      Console.clearStatus(); // an error is printed next: never after a half-drawn line
    }
  }
}
