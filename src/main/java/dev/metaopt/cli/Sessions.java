package dev.metaopt.cli;

import dev.metaopt.orchestrator.CampaignSession;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.orchestrator.StopRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;

/** Runs a {@code run}/{@code resume} session with Ctrl-C and SIGTERM handled, and reports it. */
final class Sessions {
  private Sessions() {}

  /**
   * Runs {@code session} for the project in {@code projectDir}: a first signal stops it after
   * the current step, a second abandons the step and halts at once, printing where it stopped.
   */
  static int run(PrintWriter out, Path projectDir,
      Function<StopRequest, SessionOutcome> session) {
    StopRequest stop = new StopRequest();
    try (StopSignals signals = StopSignals.install(stop, signal -> {
      SessionOutcome abandoned = CampaignSession.abandon(projectDir, signal);
      Main.halt(SessionReport.print(out, abandoned));
    })) {
      return SessionReport.print(out, session.apply(stop));
    }
  }
}
