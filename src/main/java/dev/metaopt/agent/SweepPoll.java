package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.protocol.SweepStop;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.state.MachineState;

/**
 * WAIT_FOR_SWEEP's poll phase. Poll k's result lands in its own file, so a visit either asks for
 * poll k+1 or consumes it: a stored "running" can never stall the campaign (upstream D-7), and
 * the best run is recorded on every poll (D-8). Spend is checked here too, so the budget stops a
 * sweep even when the execution worker does not.
 */
final class SweepPoll {
  private final AgentContext ctx;
  private final Handoff handoff;
  private final ObjectNode sweep;

  SweepPoll(AgentContext ctx, Handoff handoff) {
    this.ctx = ctx;
    this.handoff = handoff;
    this.sweep = (ObjectNode) ctx.working().path(StateKeys.CURRENT_SWEEP);
  }

  Handoff run() {
    int next = sweep.path("polls").asInt(0) + 1;
    String file = ContractPaths.pollResult(Attempt.ofSweep(ctx.state()), next);
    ResultRead read = ctx.readResult(file, SchemaKind.POLL_SWEEP_RESULT);
    if (read.isMissing()) {
      return requestPoll(next, file);
    }
    if (read.isInvalid()) {
      return RemoteExecutionAgent.broken(ctx, handoff, read.problem());
    }
    JsonNode poll = read.value();
    record(sweep, poll, next);
    String status = poll.path("sweep_status").asText();
    double total = Spend.completed(ctx.state()) + sweep.path("cumulative_spend_usd").asDouble();
    double budget = ctx.campaign().compute().maxBudgetUsd();
    if (status.equals("budget_exceeded") || total >= budget) {
      return budgetExceeded(total, budget);
    }
    return switch (status) {
      case "running" -> stay("sweep running; poll again");
      case "completed" -> {
        ctx.working().put(StateKeys.NEXT_ACTION, "analyze sweep results");
        handoff.recommend(MachineState.ANALYZE);
        handoff.summary("sweep " + sweep.path("sweep_id").asText()
            + (SweepStop.SPACE_EXHAUSTED.equals(poll.path("stop_reason").asText())
            ? " ran no trial: " + poll.path("stop_detail").asText()
            : " completed; best " + sweep.path("best_metric_value")));
        yield ctx.finish(handoff);
      }
      default -> failed(poll);
    };
  }

  private Handoff requestPoll(int number, String file) {
    ObjectNode poll = Directives.of("poll_sweep", "check sweep progress, spend and hung runs");
    poll.put("sweep_id", sweep.path("sweep_id").asText());
    poll.set("sky_job_ids", sweep.path("sky_job_ids").deepCopy());
    poll.put("iteration", ctx.iteration());
    poll.put("poll", number);
    poll.put("spend_before_sweep_usd", Spend.completed(ctx.state()));
    poll.put("result_file", file);
    if (number > 1) {
      // consumed by the persisted state already: one poll file per sweep is enough on disk
      poll.put("supersedes", ContractPaths.pollResult(Attempt.ofSweep(ctx.state()), number - 1));
    }
    handoff.directive(poll);
    return stay("poll " + number + " of sweep " + sweep.path("sweep_id").asText()
        + " requested");
  }

  /** Records poll {@code number}'s figures in {@code sweep} (the state's current_sweep). */
  static void record(ObjectNode sweep, JsonNode poll, int number) {
    sweep.put("polls", number);
    sweep.put("last_status", poll.path("sweep_status").asText());
    sweep.put("cumulative_spend_usd", poll.path("cumulative_spend_usd").asDouble(0.0));
    for (String field : new String[] {"best_metric_value", "best_run_id", "best_run_url",
        "best_run_config"}) {
      if (poll.has(field)) {
        sweep.set(field, poll.get(field).deepCopy());
      }
    }
    if (poll.has("killed_runs")) {
      sweep.set("killed_runs", poll.get("killed_runs").deepCopy());
    }
    for (String field : new String[] {"stop_reason", "stop_detail"}) {
      if (poll.path(field).isTextual()) {
        sweep.put(field, poll.path(field).asText()); // why the backend stopped it early
      }
    }
  }

  private Handoff stay(String summary) {
    ctx.working().put(StateKeys.NEXT_ACTION, "poll sweep status");
    handoff.recommend(MachineState.WAIT_FOR_SWEEP);
    handoff.summary(summary);
    return ctx.finish(handoff);
  }

  private Handoff budgetExceeded(double total, double budget) {
    IterationRecords.upsert(ctx, IterationRecords.fromSweep(ctx, sweep, false, "budget_exceeded"));
    handoff.warning("budget exceeded");
    ctx.working().put(StateKeys.NEXT_ACTION,
        Recipes.budgetExceeded(ctx, total, budget, "every trial was stopped"));
    TerminalCleanup.apply(ctx, handoff, MachineState.BLOCKED_CONFIG, "budget exceeded");
    handoff.summary("budget exceeded during sweep " + sweep.path("sweep_id").asText());
    return ctx.finish(handoff);
  }

  private Handoff failed(JsonNode poll) {
    IterationRecords.upsert(ctx, IterationRecords.fromSweep(ctx, sweep, false, "sweep_failed"));
    String metric = ctx.state().path(StateKeys.OBJECTIVE_SNAPSHOT).path("metric").asText();
    ctx.working().put(StateKeys.NEXT_ACTION, SweepFailure.describe(
        sweep.path("sweep_id").asText(), poll, metric) + ". Fix the training program (or the"
        + " campaign), " + Recipes.afterFix(ctx));
    TerminalCleanup.apply(ctx, handoff, MachineState.FAILED, "sweep failed");
    handoff.summary("sweep failed");
    return ctx.finish(handoff);
  }
}
