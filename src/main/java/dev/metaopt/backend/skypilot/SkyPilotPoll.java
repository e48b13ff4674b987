package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of a SkyPilot + W&B sweep: retries teardowns not yet confirmed, reads the sweep, its
 * runs and agents from W&B, takes a hung run's agent down, reads spend, stops everything when the
 * budget is reached or the sweep is over ({@link SweepProgress}), and answers. When W&B cannot be
 * read the poll still answers (running, with the last best run known): one failed poll never
 * blocks the campaign, and {@code max_sweep_minutes} still ends the sweep.
 */
final class SkyPilotPoll {
  /** Config keys W&B adds to a run that are not hyperparameters (wandb/apis/public/runs.py). */
  private static final Logger log = LoggerFactory.getLogger(SkyPilotPoll.class);

  private final BackendContext ctx;

  SkyPilotPoll(BackendContext ctx) {
    this.ctx = ctx;
  }

  ObjectNode poll() throws IOException {
    JsonNode task = ctx.task;
    String sweepId = task.path("sweep_id").asText();
    LaunchRecord record = ctx.bySweep(sweepId).orElseGet(() -> adopted(sweepId));
    ctx.retryPendingDown(record);
    Campaign.Compute compute = ctx.settings.compute();
    Duration idle = compute.idleTimeout();
    Duration maxSweep = Duration.ofMillis(Math.round(compute.maxSweepMinutes() * 60_000));
    Campaign.Objective objective = Campaign.Objective.from(task.path("objective"));
    String metric = objective.metric();
    Instant now = Instant.now(ctx.clock);
    Optional<WandbApi.Sweep> sweep = read(record, sweepId);
    sweep = sweep.map(s -> takeDownHungRuns(record, s, now, idle));
    double spend = Spend.of(ctx, record, now);
    double budget = compute.maxBudgetUsd();
    String status;
    if ("budget_exceeded".equals(record.stopReason)
        || task.path("spend_before_sweep_usd").asDouble(0) + spend >= budget) {
      ctx.stopAll(record, "budget_exceeded");
      spend = Spend.of(ctx, record, Instant.now(ctx.clock));
      status = "budget_exceeded";
    } else if (sweep.isEmpty()) {
      status = record.stopped ? outcome(record.lastReport) : "running";
    } else {
      SweepProgress.Verdict verdict = SweepProgress.judge(sweep.get(), record.killedRuns,
          record.launchedAt == null ? null : Instant.parse(record.launchedAt), now, idle,
          maxSweep);
      status = verdict.over() || record.stopped ? outcome(sweep.get(), metric) : "running";
      if (verdict.over() && !record.stopped) {
        log.info("sweep {} is over: {}", sweepId, verdict.reason());
        ctx.stopAll(record, verdict.reason());
        spend = Spend.of(ctx, record, Instant.now(ctx.clock)); // the final figure
      }
    }
    ObjectNode report = sweep.map(s -> report(s, record, objective))
        .orElseGet(() -> stale(record, sweepId));
    report.put("sweep_status", status);
    report.put("cumulative_spend_usd", Math.round(spend * 1e6) / 1e6);
    ArrayNode killed = report.putArray("killed_runs");
    Set<String> finished = new HashSet<>();
    report.path("trials").forEach(t -> {
      if ("finished".equals(t.path("state").asText())) {
        finished.add(t.path("run_id").asText());
      }
    });
    record.killedRuns.stream().filter(id -> !finished.contains(id)).forEach(killed::add);
    ctx.save(record);
    return report;
  }

  private Optional<WandbApi.Sweep> read(LaunchRecord record, String sweepId) {
    try {
      WandbApi.Sweep sweep = ctx.api.sweep(ctx.entity, ctx.project, sweepId);
      record.apiFailures = 0;
      return Optional.of(sweep);
    } catch (IOException e) {
      record.apiFailures++;
      log.warn("could not read sweep {} from W&B ({} poll(s) in a row): {}", sweepId,
          record.apiFailures, e.getMessage());
      return Optional.empty();
    }
  }

  /** A sweep launched before this record existed (e.g. an upstream state): adopt it. */
  private LaunchRecord adopted(String sweepId) {
    LaunchRecord record = new LaunchRecord();
    record.key = "adopted-" + sweepId;
    record.sweepId = sweepId;
    record.sweepPath = ctx.entity + "/" + ctx.project + "/" + sweepId;
    ctx.task.path("sky_job_ids").forEach(id -> record.clusters.add(id.asText()));
    record.managed = ctx.settings.useSpot();
    return record;
  }

  /**
   * Takes down the agent of every run that is hung. A run is judged on a fresh read of its own
   * state, never on the sweep listing alone: a run that finished since the listing was read is not
   * hung (and one that cannot be read again is judged on the next poll). Returns the sweep with
   * those fresh reads.
   */
  private WandbApi.Sweep takeDownHungRuns(LaunchRecord record, WandbApi.Sweep sweep, Instant now,
      Duration idle) {
    WandbApi.Sweep seen = sweep;
    for (WandbApi.Run listed : sweep.runs()) {
      if (record.killedRuns.contains(listed.id()) || !SweepProgress.hung(listed, now, idle)) {
        continue;
      }
      WandbApi.Run run;
      try {
        run = ctx.api.run(ctx.entity, ctx.project, listed.id());
      } catch (IOException e) {
        log.warn("could not read run {} again from W&B: {}", listed.id(), e.getMessage());
        continue;
      }
      seen = seen.with(run);
      if (SweepProgress.hung(run, now, idle)) {
        log.warn("run {} made no progress for {} min: taking its agent {} down", run.id(),
            idle.toMinutes(), run.group());
        if (record.clusters.contains(run.group()) || record.attempted.contains(run.group())) {
          ctx.downOne(record, run.group());
        }
        record.killedRuns.add(run.id());
      }
    }
    return seen;
  }

  /** Taken down as hung, unless W&B recorded it finished: it ended as it was taken down. */
  private static boolean killedAsHung(WandbApi.Run run, LaunchRecord record) {
    return record.killedRuns.contains(run.id()) && !"finished".equals(run.state());
  }

  private static String outcome(WandbApi.Sweep sweep, String metric) {
    return sweep.runs().stream().anyMatch(r -> SweepProgress.measured(r, metric))
        ? "completed" : "failed";
  }

  private static String outcome(ObjectNode lastReport) {
    return lastReport != null && lastReport.hasNonNull("best_run_id") ? "completed" : "failed";
  }

  private ObjectNode report(WandbApi.Sweep sweep, LaunchRecord record,
      Campaign.Objective objective) {
    String metric = objective.metric();
    boolean maximize = objective.maximize();
    ObjectNode result = Json.object();
    result.put("operation", Operation.POLL_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", sweep.id());
    Optional<WandbApi.Run> best = sweep.runs().stream()
        .filter(r -> SweepProgress.measured(r, metric))
        .max((a, b) -> Double.compare(
            (maximize ? 1 : -1) * a.summary().path(metric).asDouble(),
            (maximize ? 1 : -1) * b.summary().path(metric).asDouble()));
    if (best.isPresent()) {
      result.put("best_metric_value", best.get().summary().path(metric).asDouble());
      result.put("best_run_id", best.get().id());
      result.put("best_run_url", ctx.sweepUrl(sweep.id()).replace("/sweeps/" + sweep.id(),
          "/runs/" + best.get().id()));
      result.set("best_run_config", best.get().parameters());
    } else {
      for (String field : List.of("best_metric_value", "best_run_id", "best_run_url",
          "best_run_config")) {
        result.putNull(field);
      }
    }
    ArrayNode trials = result.putArray("trials");
    for (WandbApi.Run run : sweep.runs()) {
      ObjectNode row = trials.addObject();
      row.put("run_id", run.id());
      boolean hung = killedAsHung(run, record);
      row.put("state", hung ? "killed" : state(run.state()));
      row.set("config", run.parameters());
      JsonNode value = run.summary().path(metric);
      row.set("metric", SweepProgress.finite(value) ? value : Json.nodes().nullNode());
      row.put("reason", hung ? "idle" : null);
    }
    record.lastReport = result.deepCopy();
    return result;
  }

  /** The last answer read from W&B, for a poll that could not read it. */
  private static ObjectNode stale(LaunchRecord record, String sweepId) {
    if (record.lastReport != null) {
      return record.lastReport.deepCopy();
    }
    ObjectNode result = Json.object();
    result.put("operation", Operation.POLL_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", sweepId);
    for (String field : List.of("best_metric_value", "best_run_id", "best_run_url",
        "best_run_config")) {
      result.putNull(field);
    }
    result.putArray("trials");
    return result;
  }


  private static String state(String wandbState) {
    return switch (wandbState) {
      case "running", "finished", "failed", "killed", "crashed" -> wandbState;
      case "pending" -> "queued";
      default -> "crashed";
    };
  }
}
