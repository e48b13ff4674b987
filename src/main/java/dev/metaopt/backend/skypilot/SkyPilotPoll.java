package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One poll of a SkyPilot + W&B sweep: runs and the best run from the W&B API, hung runs (no
 * heartbeat for {@code idle_timeout_minutes}) taken down with their agent's cluster, spend from
 * {@code sky cost-report}, and the budget enforced by cancelling the sweep and tearing every
 * cluster down.
 */
final class SkyPilotPoll {
  private static final Set<String> DONE_SWEEP = Set.of("FINISHED", "CANCELED", "FAILED",
      "CRASHED");

  private final SkyPilotBackend.Context ctx;
  private final Clock clock;

  SkyPilotPoll(SkyPilotBackend.Context ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  ObjectNode poll(ObjectNode task) throws IOException {
    String sweepId = task.path("sweep_id").asText();
    LaunchRecord record = ctx.bySweep(sweepId).orElseGet(() -> adopted(sweepId));
    WandbApi.Sweep sweep = ctx.api.sweep(ctx.entity, ctx.project, sweepId);
    Campaign.Objective objective = Campaign.Objective.from(task.path("objective"));
    String metric = objective.metric();
    boolean maximize = objective.maximize();
    Campaign.Compute compute = Campaign.Compute.from(task.path("compute"));
    takeDownHungRuns(record, sweep, compute.idleTimeoutMinutes());
    double spend = CostReport.total(ctx.cli.run(SkyPilotBackend.QUICK_TIMEOUT,
        List.of("sky", "cost-report")).output(), record.clusters);
    double budget = compute.maxBudgetUsd();
    String status;
    if (record.stopped && "budget_exceeded".equals(record.stopReason)
        || task.path("spend_before_sweep_usd").asDouble(0) + spend >= budget) {
      stopEverything(record, "budget_exceeded");
      status = "budget_exceeded";
    } else {
      status = status(sweep, metric, record);
      if (!status.equals("running") && !record.stopped) {
        stopEverything(record, "sweep " + status); // nothing left to run: stop paying
      }
    }
    ctx.save(record);
    return report(sweep, record, status, metric, maximize, spend);
  }

  /** A sweep launched before this record existed (e.g. an upstream state): adopt it. */
  private LaunchRecord adopted(String sweepId) {
    LaunchRecord record = new LaunchRecord();
    record.key = "adopted-" + sweepId;
    record.sweepId = sweepId;
    record.sweepPath = ctx.entity + "/" + ctx.project + "/" + sweepId;
    ctx.task.path("sky_job_ids").forEach(id -> record.clusters.add(id.asText()));
    return record;
  }

  private void takeDownHungRuns(LaunchRecord record, WandbApi.Sweep sweep, double idleMinutes) {
    Instant limit = Instant.now(clock).minus(Duration.ofMillis(Math.round(idleMinutes * 60_000)));
    for (WandbApi.Run run : sweep.runs()) {
      boolean hung = "running".equals(run.state()) && run.heartbeat() != null
          && run.heartbeat().isBefore(limit);
      if (hung && !record.killedRuns.contains(run.id())) {
        if (record.clusters.contains(run.group())) {
          ctx.cli.run(SkyPilotBackend.LAUNCH_TIMEOUT, List.of("sky", "down", "-y", run.group()));
        }
        record.killedRuns.add(run.id());
      }
    }
  }

  private void stopEverything(LaunchRecord record, String reason) {
    if (!record.stopped) {
      ctx.teardown(record);
      record.stopped = true;
      record.stopReason = reason;
    }
  }

  /** W&B's view mapped to the contract: finished or crashed-with-results completes. */
  private static String status(WandbApi.Sweep sweep, String metric, LaunchRecord record) {
    boolean anyFinished = sweep.runs().stream().anyMatch(r -> "finished".equals(r.state())
        && finite(r.summary().path(metric)));
    boolean anyActive = sweep.runs().stream().anyMatch(r -> "running".equals(r.state())
        && !record.killedRuns.contains(r.id()));
    boolean allAgentsDown = record.clusters.isEmpty()
        || sweep.runs().stream().filter(r -> record.killedRuns.contains(r.id()))
            .map(WandbApi.Run::group).distinct().count() >= record.clusters.size();
    if (DONE_SWEEP.contains(sweep.state().toUpperCase(java.util.Locale.ROOT))
        || (allAgentsDown && !anyActive)) {
      return anyFinished ? "completed" : "failed";
    }
    return "running";
  }

  private ObjectNode report(WandbApi.Sweep sweep, LaunchRecord record, String status,
      String metric, boolean maximize, double spend) {
    ObjectNode result = Json.object();
    result.put("operation", Operation.POLL_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", sweep.id());
    result.put("sweep_status", status);
    Optional<WandbApi.Run> best = sweep.runs().stream()
        .filter(r -> "finished".equals(r.state()) && finite(r.summary().path(metric)))
        .max((a, b) -> Double.compare(
            (maximize ? 1 : -1) * a.summary().path(metric).asDouble(),
            (maximize ? 1 : -1) * b.summary().path(metric).asDouble()));
    if (best.isPresent()) {
      result.put("best_metric_value", best.get().summary().path(metric).asDouble());
      result.put("best_run_id", best.get().id());
      result.put("best_run_url", ctx.sweepUrl(sweep.id()).replace("/sweeps/" + sweep.id(),
          "/runs/" + best.get().id()));
      result.set("best_run_config", values(best.get().config()));
    } else {
      result.putNull("best_metric_value");
      result.putNull("best_run_id");
      result.putNull("best_run_url");
      result.putNull("best_run_config");
    }
    ArrayNode killed = result.putArray("killed_runs");
    record.killedRuns.forEach(killed::add);
    result.put("cumulative_spend_usd", Math.round(spend * 1e6) / 1e6);
    ArrayNode trials = result.putArray("trials");
    for (WandbApi.Run run : sweep.runs()) {
      ObjectNode row = trials.addObject();
      row.put("run_id", run.id());
      boolean hung = record.killedRuns.contains(run.id());
      row.put("state", hung ? "killed" : state(run.state()));
      row.set("config", values(run.config()));
      JsonNode value = run.summary().path(metric);
      row.set("metric", finite(value) ? value : Json.nodes().nullNode());
      row.put("reason", hung ? "idle" : null);
    }
    return result;
  }

  /** W&B run config entries are {@code {"value": v, "desc": …}}; internal keys start with _. */
  private static ObjectNode values(JsonNode config) {
    ObjectNode values = Json.object();
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getKey().startsWith("_")) {
        JsonNode v = entry.getValue();
        values.set(entry.getKey(), v.isObject() && v.has("value") ? v.get("value") : v);
      }
    }
    return values;
  }

  private static String state(String wandbState) {
    return switch (wandbState) {
      case "running", "finished", "failed", "killed", "crashed" -> wandbState;
      case "pending" -> "queued";
      default -> "crashed";
    };
  }

  private static boolean finite(JsonNode value) {
    return value.isNumber() && Double.isFinite(value.asDouble());
  }
}
