package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.stats.HumanNumber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line when a trial starts and one when it ends, for the person watching a run: its
 * configuration, then its metric and duration, or its failure with its own last error line.
 * Read from the poll results a session sees (any backend's), so each trial is told once per
 * session; numbers are rounded for people (the files keep full precision).
 */
public final class TrialLines {
  private static final String STARTED = "started";
  private static final String ENDED = "ended";

  /** What was last said about each run: nothing, {@link #STARTED} or {@link #ENDED}. */
  private final Map<String, String> told = new HashMap<>();
  private final String metric;

  /** Lines naming {@code metric}, the campaign's objective. */
  public TrialLines(String metric) {
    this.metric = metric;
  }

  /**
   * One line about a trial; {@code problem} when it ended without a result (a warning, shown
   * even with {@code -q}).
   */
  public record Line(boolean problem, String text) {}

  /**
   * Takes the trials of a poll result recorded before this session as already told: the session
   * that saw them said so then.
   */
  public void alreadyTold(JsonNode poll) {
    for (JsonNode trial : poll.path("trials")) {
      Kind kind = Kind.of(trial);
      if (kind != Kind.WAITING) {
        told.put(trial.path("run_id").asText(), kind == Kind.RUNNING ? STARTED : ENDED);
      }
    }
  }

  /** The lines {@code poll} gives that were not said yet, in the order of its trials. */
  public List<Line> next(JsonNode poll, SweepProgress progress) {
    List<JsonNode> endedNow = new ArrayList<>();
    for (JsonNode trial : poll.path("trials")) {
      if (Kind.of(trial).counted() && !ENDED.equals(told.get(trial.path("run_id").asText()))) {
        endedNow.add(trial);
      }
    }
    // trials that ended in the same poll are counted one by one: 3/8 done, then 4/8 done
    int doneBefore = progress == null ? 0 : progress.done() - endedNow.size();
    List<Line> lines = new ArrayList<>();
    for (JsonNode trial : poll.path("trials")) {
      String runId = trial.path("run_id").asText();
      Kind kind = Kind.of(trial);
      String before = told.get(runId);
      if (kind == Kind.RUNNING && before == null) {
        told.put(runId, STARTED);
        lines.add(new Line(false, "trial " + runId + " started: "
            + Human.config(trial.path("config"))));
      } else if (kind.ended() && !ENDED.equals(before)) {
        told.put(runId, ENDED);
        doneBefore += kind.counted() ? 1 : 0;
        lines.add(ended(trial, kind, progress == null ? null
            : doneBefore + (progress.total() == null ? "" : "/" + progress.total())));
      }
    }
    return lines;
  }

  private Line ended(JsonNode trial, Kind kind, String done) {
    StringBuilder text = new StringBuilder("trial ").append(trial.path("run_id").asText())
        .append(' ').append(trial.path("state").asText());
    if (kind == Kind.FINISHED) {
      text.append(": ").append(metric).append('=')
          .append(HumanNumber.format(trial.path("metric").asDouble()));
    }
    if (trial.path("duration_seconds").isNumber()) {
      text.append(kind == Kind.FINISHED ? " in " : " after ").append(Human.duration(
          Duration.ofMillis(Math.round(trial.path("duration_seconds").asDouble() * 1000))));
    }
    if (kind != Kind.FINISHED) {
      String reason = trial.path("reason").asText("").strip();
      String error = trial.path("error").asText("").strip();
      text.append(reason.isEmpty() ? "" : ": " + reason)
          .append(error.isEmpty() ? "" : (reason.isEmpty() ? ": " : " — ") + error);
    }
    if (done != null && kind.counted()) {
      text.append(" (sweep ").append(done).append(" done)");
    }
    return new Line(kind != Kind.FINISHED, text.toString());
  }

  /** A poll row's trial state as this class tells it. */
  private enum Kind {
    WAITING, RUNNING, FINISHED, FAILED, CRASHED;

    static Kind of(JsonNode trial) {
      return switch (trial.path("state").asText()) {
        case "running" -> RUNNING;
        case "finished" -> FINISHED;
        case "failed", "killed" -> FAILED;
        case "crashed" -> CRASHED;
        default -> WAITING; // queued, or a state this version does not know
      };
    }

    boolean ended() {
      return counted() || this == CRASHED;
    }

    /** Counted as done by {@link SweepProgress} (a crashed trial's configuration runs again). */
    boolean counted() {
      return this == FINISHED || this == FAILED;
    }
  }
}
