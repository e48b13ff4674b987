package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.stats.HumanNumber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How far the live sweep has got, from the state and the latest poll result: trials done,
 * running and failed out of the sweep's cap, the best so far, time since launch and an estimate
 * of what is left. The one source of these numbers for {@code status} (plain and JSON), the live
 * terminal line and the message printed when a run is interrupted, so they always agree.
 *
 * @param sweepId the sweep
 * @param total the sweep's trial cap, or null when neither the backend nor the sweep says
 * @param done trials that ended (finished, failed or killed)
 * @param running trials running now (or about to start)
 * @param failed trials among {@code done} that ended without a result
 * @param runningRuns the run ids of the running trials
 * @param best the best objective value in this sweep so far, or null
 * @param elapsed time since the sweep was launched, or null when unknown
 * @param left estimated time until the sweep ends, or null while there is nothing to go on
 */
public record SweepProgress(String sweepId, Integer total, int done, int running, int failed,
    List<String> runningRuns, Double best, Duration elapsed, Duration left) {
  public SweepProgress {
    runningRuns = List.copyOf(runningRuns);
  }

  /** The live sweep's progress, or empty when the campaign has no sweep running. */
  public static Optional<SweepProgress> of(ProjectLayout layout, JsonNode state, Instant now) {
    return of(state, latestPoll(layout, state), now);
  }

  /** The live sweep's progress as {@code poll} (a poll_sweep result) shows it. */
  public static Optional<SweepProgress> of(JsonNode state, JsonNode poll, Instant now) {
    JsonNode sweep = state.path(StateKeys.CURRENT_SWEEP);
    if (!sweep.isObject() || !sweep.path("sweep_id").isTextual()) {
      return Optional.empty();
    }
    Duration elapsed = launchedAt(sweep).map(at -> Duration.between(at, now))
        .filter(d -> !d.isNegative()).orElse(null);
    int done = 0;
    int failed = 0;
    List<String> running = new ArrayList<>();
    List<Double> durations = new ArrayList<>();
    List<Double> runningFor = new ArrayList<>();
    for (JsonNode trial : poll.path("trials")) {
      String trialState = trial.path("state").asText();
      switch (trialState) {
        case "running", "queued" -> {
          running.add(trial.path("run_id").asText());
          runningFor.add(trial.path("duration_seconds").asDouble(0));
        }
        case "finished", "failed", "killed" -> {
          done++;
          failed += trialState.equals("finished") ? 0 : 1;
          if (trial.path("duration_seconds").isNumber()) {
            durations.add(trial.path("duration_seconds").asDouble());
          }
        }
        default -> {
          // crashed: its configuration is queued again and counted when it reruns
        }
      }
    }
    // the backend's cap (the local one lowers it when a grid runs out), else the sweep's own
    JsonNode cap = poll.path("run_cap").canConvertToInt() ? poll.path("run_cap")
        : state.path(StateKeys.SELECTED_SWEEP).path("sweep_config").path("run_cap");
    Integer total = cap.canConvertToInt() ? cap.asInt() : null;
    JsonNode best = poll.path("best_metric_value").isNumber() ? poll.path("best_metric_value")
        : sweep.path("best_metric_value");
    int agents = Math.max(1, sweep.path("sky_job_ids").size());
    Duration left = estimateLeft(total, done, running.size(), durations, runningFor, agents);
    return Optional.of(new SweepProgress(sweep.path("sweep_id").asText(), total, done,
        running.size(), failed, running, best.isNumber() ? best.asDouble() : null, elapsed,
        left));
  }

  /**
   * What is left, from the mean duration of the trials that ended: the trials still to start,
   * plus what the running ones have still to go, shared among the agents.
   */
  static Duration estimateLeft(Integer total, int done, int running, List<Double> durations,
      List<Double> runningFor, int agents) {
    if (total == null || durations.isEmpty()) {
      return null;
    }
    double mean = durations.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    int toStart = Math.max(0, total - done - running);
    double remaining = toStart * mean
        + runningFor.stream().mapToDouble(d -> Math.max(0, mean - d)).sum();
    return Duration.ofMillis(Math.round(remaining / agents * 1000));
  }

  /** The same numbers as JSON, for {@code status --json}. */
  public ObjectNode toJson() {
    ObjectNode json = Json.object();
    json.put("sweep_id", sweepId);
    ObjectNode trials = json.putObject("trials");
    trials.put("done", done);
    trials.put("running", running);
    trials.put("failed", failed);
    if (total == null) {
      trials.putNull("total");
    } else {
      trials.put("total", total);
    }
    ArrayNode runs = json.putArray("running_runs"); // built, not mapped: status makes no mapper
    for (String run : runningRuns) {
      runs.add(run);
    }
    if (best == null) {
      json.putNull("best_metric_value");
    } else {
      json.put("best_metric_value", best);
    }
    putSeconds(json, "elapsed_seconds", elapsed);
    putSeconds(json, "eta_seconds", left);
    return json;
  }

  /** {@code 4/8 done, 2 running, 1 failed · best 0.93 · 1m12s · ~40s left}, for people. */
  public String describe() {
    return describe(toJson());
  }

  /**
   * The same text from the JSON form ({@code status --json}'s {@code sweep_progress}), so the
   * plain and JSON views of {@code status} say one thing.
   */
  public static String describe(JsonNode progress) {
    JsonNode trials = progress.path("trials");
    StringBuilder text = new StringBuilder();
    text.append(trials.path("done").asInt())
        .append(trials.path("total").isInt() ? "/" + trials.path("total").asInt() : "")
        .append(" done, ").append(trials.path("running").asInt()).append(" running");
    if (trials.path("failed").asInt() > 0) {
      text.append(", ").append(trials.path("failed").asInt()).append(" failed");
    }
    if (progress.path("best_metric_value").isNumber()) {
      text.append(" · best ")
          .append(HumanNumber.format(progress.path("best_metric_value").asDouble()));
    }
    if (progress.path("elapsed_seconds").isNumber()) {
      text.append(" · ")
          .append(Human.duration(Duration.ofSeconds(progress.path("elapsed_seconds").asLong())));
    }
    if (progress.path("eta_seconds").isNumber()) {
      text.append(" · ~")
          .append(Human.duration(Duration.ofSeconds(progress.path("eta_seconds").asLong())))
          .append(" left");
    }
    return text.toString();
  }

  private static void putSeconds(ObjectNode json, String field, Duration duration) {
    if (duration == null) {
      json.putNull(field);
    } else {
      json.put(field, duration.toSeconds());
    }
  }

  private static Optional<Instant> launchedAt(JsonNode sweep) {
    try {
      return Optional.of(Instant.parse(sweep.path("launched_at").asText("")));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The live sweep's newest poll result: poll n+1 once it was written (it is consumed by the next
   * step), else poll n, the last one the state recorded; an empty object when there is none.
   */
  public static JsonNode latestPoll(ProjectLayout layout, JsonNode state) {
    JsonNode sweep = state.path(StateKeys.CURRENT_SWEEP);
    if (!sweep.isObject()) {
      return Json.object();
    }
    int iteration = state.path("current_iteration").asInt();
    int polls = sweep.path("polls").asInt(0);
    for (int poll = polls + 1; poll >= Math.max(1, polls); poll--) {
      Path file = layout.projectDir().resolve(ContractPaths.pollResult(iteration, poll));
      try {
        if (Files.isRegularFile(file)) {
          return Json.parse(Files.readString(file));
        }
      } catch (IOException e) {
        // replaced atomically, so unreadable only when damaged: fall back to the older one
      }
    }
    return Json.object();
  }
}
