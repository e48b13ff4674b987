package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.ContractPaths;
import dev.metaopt.protocol.Lane;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.protocol.SweepStop;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.state.MachineState;

/**
 * ANALYZE: asks the analysis worker to explain the sweep, then records the iteration. Whether the
 * baseline improved is decided here, from the measured best run, not taken from the worker: a
 * missing or NaN best never improves (upstream D-14 nulled the baseline).
 */
final class SweepAnalysis {
  private final AgentContext ctx;
  private final Handoff handoff;

  SweepAnalysis(AgentContext ctx, Handoff handoff) {
    this.ctx = ctx;
    this.handoff = handoff;
  }

  Handoff run() {
    ResultRead read = ctx.readResult(ContractPaths.analysisResult(ctx.attempt()),
        SchemaKind.ANALYSIS_RESULT);
    if (read.isMissing()) {
      return requestAnalysis();
    }
    if (read.isInvalid()) {
      return RemoteExecutionAgent.broken(ctx, handoff, read.problem());
    }
    return recordIteration(read.value());
  }

  private Handoff requestAnalysis() {
    JsonNode sweep = ctx.state().path(StateKeys.CURRENT_SWEEP);
    ObjectNode task = WorkerTasks.task(ctx, Lane.ANALYSIS,
        "sweep-analysis-" + ctx.attempt().tag(), 1);
    ObjectNode sweepFacts = sweep.deepCopy();
    sweepFacts.set("trials", lastPollTrials(sweep));
    task.set("sweep", sweepFacts);
    task.set("selected_sweep", ctx.state().path(StateKeys.SELECTED_SWEEP).deepCopy());
    handoff.launchRequest(WorkerTasks.request(Lane.ANALYSIS,
        ContractPaths.analysisTask(ctx.attempt()), ContractPaths.analysisResult(ctx.attempt()),
        task));
    ctx.working().put(StateKeys.NEXT_ACTION, "run sweep results analysis");
    handoff.recommend(MachineState.ANALYZE);
    handoff.summary("analysis of sweep " + sweep.path("sweep_id").asText() + " dispatched");
    return ctx.finish(handoff);
  }

  private JsonNode lastPollTrials(JsonNode sweep) {
    int polls = sweep.path("polls").asInt(0);
    if (polls == 0) {
      return Json.mapper().createArrayNode();
    }
    ResultRead poll = ctx.readResult(ContractPaths.pollResult(Attempt.ofSweep(ctx.state()), polls),
        null);
    return poll.isPresent() && poll.value().path("trials").isArray()
        ? poll.value().path("trials").deepCopy() : Json.mapper().createArrayNode();
  }

  private Handoff recordIteration(JsonNode analysis) {
    ObjectNode working = ctx.working();
    ObjectNode sweep = ctx.state().path(StateKeys.CURRENT_SWEEP).deepCopy();
    if (!IterationRecords.finiteOrNull(sweep.path("best_metric_value")).isNumber()) {
      // The execution worker reported no best run; fall back to the analysis worker's figures.
      for (String field : new String[] {"best_metric_value", "best_run_id", "best_run_url"}) {
        sweep.set(field, analysis.path(field).deepCopy());
      }
    }
    JsonNode best = IterationRecords.finiteOrNull(sweep.path("best_metric_value"));
    boolean improved = Improvement.improves(best, working.path(StateKeys.BASELINE),
        working.path(StateKeys.OBJECTIVE_SNAPSHOT));
    if (analysis.path("improved").asBoolean(false) != improved) {
      handoff.warning("analysis worker said improved=" + analysis.path("improved").asBoolean()
          + "; the measured comparison says " + improved + " (the measurement wins)");
    }
    ObjectNode record = IterationRecords.fromSweep(ctx, sweep, improved, null);
    if (searchedAnExhaustedSpace(sweep)) {
      record.put(IterationRecords.EXHAUSTED_AT_RUNS,
          ctx.campaign().compute().maxRunsPerConfig());
    }
    IterationRecords.upsert(ctx, record);
    if (improved) {
      working.set(StateKeys.BASELINE, baseline(sweep, best));
      working.put(StateKeys.NO_IMPROVE_ITERATIONS, 0);
    } else {
      working.put(StateKeys.NO_IMPROVE_ITERATIONS,
          working.path(StateKeys.NO_IMPROVE_ITERATIONS).asInt(0) + 1);
    }
    mergeLearnings((ArrayNode) working.path(StateKeys.KEY_LEARNINGS), analysis.path("learnings"));
    working.put(StateKeys.NEXT_ACTION, "roll iteration");
    handoff.recommend(MachineState.ROLL_ITERATION);
    handoff.summary("iteration " + ctx.iteration() + " analysed: best " + best
        + (improved ? " improves the baseline" : " does not improve the baseline"));
    return ctx.finish(handoff);
  }

  /**
   * True when the backend had nothing left to run of a sweep over the whole declared
   * {@code search_space}: every configuration of the campaign's space has been measured (the
   * record keeps how often a configuration could run, beside the sweep's space, so a wider
   * space or more runs per configuration reopens the campaign). A narrower sweep found empty
   * leaves the rest of the space to the next iterations.
   */
  private boolean searchedAnExhaustedSpace(JsonNode sweep) {
    JsonNode parameters = ctx.state().path(StateKeys.SELECTED_SWEEP).path("sweep_config")
        .path("parameters");
    JsonNode declared = ctx.campaign().searchSpace();
    return SweepStop.SPACE_EXHAUSTED.equals(sweep.path("stop_reason").asText())
        && declared.isObject() && parameters.isObject()
        && CanonicalJson.same(parameters, declared);
  }

  private ObjectNode baseline(JsonNode sweep, JsonNode best) {
    ObjectNode baseline = Json.object();
    baseline.set("metric", ctx.state().path(StateKeys.OBJECTIVE_SNAPSHOT).path("metric")
        .deepCopy());
    baseline.set("value", best);
    baseline.set("wandb_run_id", sweep.path("best_run_id").deepCopy());
    baseline.set("wandb_run_url", sweep.path("best_run_url").deepCopy());
    baseline.put("established_at", ctx.timestamp());
    baseline.put("iteration", ctx.iteration());
    baseline.set("config", sweep.path("best_run_config").isMissingNode()
        ? Json.nodes().nullNode() : sweep.path("best_run_config").deepCopy());
    return baseline;
  }

  private static void mergeLearnings(ArrayNode learnings, JsonNode fresh) {
    for (JsonNode learning : fresh) {
      String text = learning.asText("").strip();
      boolean known = false;
      for (JsonNode existing : learnings) {
        known |= existing.asText().equals(text);
      }
      if (!text.isEmpty() && !known) {
        learnings.add(text);
      }
    }
  }
}
