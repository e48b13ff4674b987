package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import dev.metaopt.protocol.SweepStop;
import dev.metaopt.protocol.TrialState;
import java.util.Comparator;
import java.util.Optional;

/** The {@code poll_sweep} result for a sweep's current bookkeeping. */
final class PollReport {
  private PollReport() {}

  static ObjectNode of(SweepRecord sweep, SweepSpec spec, SweepStore store, long now) {
    ObjectNode result = Json.object();
    result.put("operation", Operation.POLL_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", sweep.sweepId);
    result.put("sweep_status", status(sweep));
    Comparator<SweepRecord.Trial> byMetric = Comparator.comparingDouble(t -> t.metric);
    Optional<SweepRecord.Trial> best = sweep.trials.stream()
        .filter(t -> t.state == TrialState.FINISHED && t.metric != null)
        .max(spec.maximize() ? byMetric : byMetric.reversed());
    if (best.isPresent()) {
      result.put("best_metric_value", best.get().metric);
      result.put("best_run_id", best.get().runId);
      result.put("best_run_url", store.files(sweep.sweepId, best.get().runId).dir().toUri()
          .toString());
      result.set("best_run_config", Suggester.nest(best.get().values));
    } else {
      result.putNull("best_metric_value");
      result.putNull("best_run_id");
      result.putNull("best_run_url");
      result.putNull("best_run_config");
    }
    ArrayNode killed = result.putArray("killed_runs");
    ArrayNode trials = result.putArray("trials");
    ObjectNode counts = Json.object();
    for (SweepRecord.Trial t : sweep.trials) {
      if (t.state == TrialState.KILLED) {
        killed.add(t.runId);
      }
      ObjectNode row = trials.addObject();
      row.put("run_id", t.runId);
      row.put("state", t.state == TrialState.STARTING ? "queued" : t.state.wireName());
      row.set("config", Suggester.nest(t.values));
      if (t.metric == null) {
        row.putNull("metric");
      } else {
        row.put("metric", t.metric);
      }
      row.put("reason", t.reason);
      row.put("error", TrialOutput.endCause(t, store.files(sweep.sweepId, t.runId)));
      row.put("duration_seconds", seconds(t, now));
      if (t.state.isFinal()) {
        row.put("log", store.files(sweep.sweepId, t.runId).stderr().toAbsolutePath().toString());
      }
      counts.put(t.state.wireName(), counts.path(t.state.wireName()).asInt(0) + 1);
    }
    result.put("cumulative_spend_usd", Math.round(sweep.spend(now) * 1e6) / 1e6);
    result.set("counts", counts);
    result.put("run_cap", sweep.cap);
    if (sweep.stopReason != null) {
      result.put("stop_reason", sweep.stopReason);
      result.put("stop_detail", sweep.stopDetail);
    }
    return result;
  }

  /** How long a trial has run (so far, while it runs), for progress and estimates. */
  private static double seconds(SweepRecord.Trial trial, long now) {
    if (trial.state == TrialState.STARTING || trial.startedMillis == 0) {
      return 0;
    }
    long end = trial.running() ? now : trial.endedMillis;
    return Math.max(0, end - trial.startedMillis) / 1000.0;
  }

  private static String status(SweepRecord sweep) {
    if ("budget_exceeded".equals(sweep.stopReason)) {
      return "budget_exceeded";
    }
    boolean active = sweep.running() > 0 || (!sweep.stopped && sweep.suggested < sweep.cap)
        || sweep.trials.stream().anyMatch(t -> t.state == TrialState.CRASHED && !t.requeued
            && !sweep.stopped);
    if (active) {
      return "running";
    }
    if (SweepStop.SPACE_EXHAUSTED.equals(sweep.stopReason)) {
      return "completed"; // nothing was left to run, so nothing failed
    }
    return sweep.trials.stream().anyMatch(t -> t.state == TrialState.FINISHED) ? "completed"
        : "failed";
  }
}
