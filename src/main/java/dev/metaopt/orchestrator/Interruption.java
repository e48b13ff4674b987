package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.report.Human;
import dev.metaopt.report.SweepProgress;
import dev.metaopt.state.MachineState;
import java.time.Instant;
import java.util.Optional;

/**
 * What a session says when a signal stopped it between two steps: where it stopped, what is
 * still running (trials keep running while metaopt is down) and the exact command that goes on.
 */
final class Interruption {
  private Interruption() {}

  static SessionOutcome outcome(ProjectLayout layout, ObjectNode state, MachineState at,
      String signal, int steps, Instant now) {
    StringBuilder message = new StringBuilder("interrupted by ").append(signal)
        .append(" during iteration ").append(state.path("current_iteration").asInt())
        .append("; the state is saved");
    Optional<SweepProgress> sweep = SweepProgress.of(layout, state, now);
    if (sweep.isPresent() && sweep.get().running() > 0) {
      message.append("\n").append(sweep.get().running()).append(" trial(s) of sweep ")
          .append(sweep.get().sweepId()).append(" still running (resume collects them): ")
          .append(String.join(", ", sweep.get().runningRuns()));
    }
    message.append("\nresume with: ").append(Human.resumeCommand(layout.projectDir()));
    return new SessionOutcome(at, ExitCode.INTERRUPTED, message.toString(), steps);
  }
}
