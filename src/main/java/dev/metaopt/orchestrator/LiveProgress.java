package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.report.StatusLine;
import dev.metaopt.report.SweepProgress;
import dev.metaopt.report.TrialLines;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person sees of a session between its steps: a log line for each trial that started or
 * ended since the last step (from the newest poll result, whatever the backend), and the live
 * status line, handed to {@code statusLine} (a terminal redraws it in place; elsewhere it is
 * dropped, so pipes and CI get plain log lines only).
 */
final class LiveProgress {
  private static final Logger log = LoggerFactory.getLogger("dev.metaopt.trials");

  private final ProjectLayout layout;
  private final Consumer<String> statusLine;
  private final Clock clock;
  private TrialLines trials;
  private int maxIterations;

  LiveProgress(ProjectLayout layout, Consumer<String> statusLine, Clock clock) {
    this.layout = layout;
    this.statusLine = statusLine;
    this.clock = clock;
  }

  /**
   * Starts watching from the persisted {@code state}: the trials its poll already shows were
   * told by the session that saw them.
   */
  void start(ObjectNode state, ObjectNode loadHandoff) {
    int max = Campaign.StopConditions.from(loadHandoff.path("stop_conditions")).maxIterations();
    maxIterations = max == Integer.MAX_VALUE ? 0 : max; // unset: no "of N" to show
    trials = new TrialLines(state.path(StateKeys.OBJECTIVE_SNAPSHOT).path("metric").asText());
    trials.alreadyTold(SweepProgress.latestPoll(layout, state));
    show(state);
  }

  /** Tells what changed in the step that led to {@code state}, and redraws the line. */
  void after(ObjectNode state) {
    JsonNode poll = SweepProgress.latestPoll(layout, state);
    Optional<SweepProgress> progress = SweepProgress.of(state, poll, clock.instant());
    for (TrialLines.Line line : trials.next(poll, progress.orElse(null))) {
      if (line.problem()) {
        log.warn(line.text());
      } else {
        log.info(line.text());
      }
    }
    statusLine.accept(StatusLine.of(state, progress, maxIterations));
  }

  private void show(ObjectNode state) {
    statusLine.accept(StatusLine.of(state,
        SweepProgress.of(layout, state, clock.instant()), maxIterations));
  }
}
