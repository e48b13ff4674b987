package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.util.List;
import java.util.Map;

/**
 * Builds worker launch requests and the task each carries. A task holds everything the worker
 * may use (objective, baseline, learnings, history, pools, search space) and the lane's rules, so
 * a person, a script or an LLM can act on it alone.
 */
final class WorkerTasks {
  /** The one rule on sweep configs, as both proposing lanes are told it. */
  private static final String SEARCH_ONLY = "sweep_config sets the search only ("
      + String.join(", ", TrialCommandPolicy.PROPOSAL_KEYS) + "): every trial runs the"
      + " campaign's own command, and any other key is removed.";

  /** What each dispatched lane's worker is told to do, beside the task's data. */
  private static final Map<Lane, List<String>> INSTRUCTIONS = Map.of(
      Lane.IDEATION, List.of(
          "Propose exactly one new W&B sweep configuration as proposal_candidates[0].",
          "Never propose code patches; only search spaces over existing hyperparameters.",
          "sweep_config.metric.name and goal must equal the objective's metric and direction.",
          "The proposal must differ from every sweep_config in current_pool and history.",
          "Stay inside search_space when it is given.",
          SEARCH_ONLY),
      Lane.SELECTION, List.of(
          "Pick exactly one proposal from pool; winning_proposal.proposal_id must be one of its"
              + " ids.",
          "Return the final sweep_config to run; its metric must equal the objective.",
          SEARCH_ONLY,
          "Explain the ranking of every proposal in ranking_rationale."),
      Lane.ANALYSIS, List.of(
          "Compare the sweep's best run with the baseline, direction-aware, using the threshold.",
          "learnings must be specific and falsifiable: name parameters and values.",
          "Report a missing or NaN best metric as not improved."));

  private WorkerTasks() {}

  /** The common part of every task; {@code salt} makes the seed differ per slot. */
  static ObjectNode task(AgentContext ctx, Lane lane, String name, long salt) {
    ObjectNode task = Json.object();
    task.put("lane", lane.wireName());
    task.put("name", name);
    task.put("campaign_id", ctx.state().path("campaign_id").asText());
    task.put("iteration", ctx.iteration());
    task.put("seed", seed(ctx, salt));
    task.set("objective", ctx.state().path("objective_snapshot").deepCopy());
    task.put("result_schema", lane.resultSchema().stem());
    ArrayNode rules = task.putArray("instructions");
    INSTRUCTIONS.get(lane).forEach(rules::add);
    task.set("baseline", ctx.state().path("baseline").deepCopy());
    task.set("key_learnings", ctx.state().path("key_learnings").deepCopy());
    task.set("history", ctx.state().path("completed_iterations").deepCopy());
    JsonNode space = ctx.campaignSection("search_space");
    task.set("search_space", space.isObject() ? space.deepCopy() : Json.nodes().nullNode());
    task.set("compute", ctx.campaignSection("compute").deepCopy());
    return task;
  }

  /** A launch request for {@code lane} carrying {@code task}. */
  static ObjectNode request(Lane lane, String taskFile, String resultFile, ObjectNode task) {
    ObjectNode request = Json.object();
    request.put("worker_ref", lane.workerRef());
    request.put("slot_class", lane.slotClass());
    request.put("mode", lane.wireName());
    request.put("model_class", lane.modelClass());
    request.put("task_file", taskFile);
    request.put("result_file", resultFile);
    request.set("task", task);
    ProtocolPolicy.normalise(request);
    return request;
  }

  /** Deterministic per-task seed from the campaign seed, the iteration and a salt. */
  static long seed(AgentContext ctx, long salt) {
    long base = ctx.campaign().campaign().seed();
    return Math.floorMod(base * 1_000_003L + ctx.iteration() * 10_007L + salt, 2_147_483_647L);
  }
}
