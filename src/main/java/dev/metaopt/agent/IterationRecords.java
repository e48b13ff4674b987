package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.StateKeys;

/**
 * The {@code completed_iterations} record of an iteration. Records are keyed by iteration and
 * replaced, never appended twice (upstream D-6 duplicated them on resume).
 */
final class IterationRecords {
  /** Marks the record of an attempt that was retried; its spend carries into the next one. */
  static final String RETRIED = "retried";
  /**
   * Set on the record of an iteration whose sweep, over the whole declared search space (its
   * {@code sweep_config.parameters}), had no configuration left to run: the campaign's
   * {@code max_runs_per_config} then.
   */
  static final String EXHAUSTED_AT_RUNS = "space_exhausted_at_max_runs_per_config";

  private IterationRecords() {}

  /** A record from the live sweep's figures. */
  static ObjectNode fromSweep(AgentContext ctx, JsonNode sweep, boolean improved,
      String stopReason) {
    ObjectNode record = Json.object();
    record.put("iteration", ctx.iteration());
    record.set("sweep_id", sweep.path("sweep_id").deepCopy());
    JsonNode selected = ctx.state().path(StateKeys.SELECTED_SWEEP);
    record.set("proposal_id", selected.path("proposal_id").isMissingNode()
        ? Json.nodes().nullNode() : selected.path("proposal_id").deepCopy());
    record.set("sweep_config", selected.path("sweep_config").isMissingNode()
        ? Json.nodes().nullNode() : selected.path("sweep_config").deepCopy());
    record.set("best_metric_value", finiteOrNull(sweep.path("best_metric_value")));
    for (String field : new String[] {"best_run_id", "best_run_url", "best_run_config"}) {
      JsonNode value = sweep.path(field);
      record.set(field, value.isMissingNode() ? Json.nodes().nullNode() : value.deepCopy());
    }
    record.put("spend_usd", sweep.path("cumulative_spend_usd").asDouble(0.0));
    if (ctx.attempt().retry() > 0) {
      record.put(Attempt.RETRIES, ctx.attempt().retry()); // where its result files are
    }
    record.put("improved_baseline", improved);
    if (stopReason == null) {
      record.putNull("stop_reason");
    } else {
      record.put("stop_reason", stopReason);
    }
    return record;
  }

  /**
   * Inserts {@code record}, replacing an earlier record of the same iteration. A record left by a
   * retried attempt passes its spend on: money spent on a failed sweep stays counted.
   */
  static void upsert(AgentContext ctx, ObjectNode record) {
    ArrayNode records = (ArrayNode) ctx.working().path(StateKeys.COMPLETED_ITERATIONS);
    for (int i = 0; i < records.size(); i++) {
      JsonNode earlier = records.get(i);
      if (earlier.path("iteration").asInt() == record.path("iteration").asInt()) {
        if (earlier.path(RETRIED).asBoolean(false)) {
          record.put("spend_usd", record.path("spend_usd").asDouble(0.0)
              + earlier.path("spend_usd").asDouble(0.0));
        }
        records.set(i, record);
        return;
      }
    }
    records.add(record);
  }

  /** The record of {@code iteration}, if any. */
  static JsonNode find(JsonNode state, int iteration) {
    for (JsonNode record : state.path(StateKeys.COMPLETED_ITERATIONS)) {
      if (record.path("iteration").asInt() == iteration) {
        return record;
      }
    }
    return null;
  }

  static JsonNode finiteOrNull(JsonNode value) {
    return value.isNumber() && Double.isFinite(value.asDouble())
        ? value.deepCopy() : Json.nodes().nullNode();
  }
}
