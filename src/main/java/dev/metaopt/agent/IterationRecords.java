package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.StateKeys;

/**
 * The {@code completed_iterations} record of an iteration. Records are keyed by iteration and
 * replaced, never appended twice (upstream D-6 duplicated them on resume).
 */
final class IterationRecords {
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
    record.put("improved_baseline", improved);
    if (stopReason == null) {
      record.putNull("stop_reason");
    } else {
      record.put("stop_reason", stopReason);
    }
    return record;
  }

  /** Inserts {@code record}, replacing an earlier record of the same iteration. */
  static void upsert(AgentContext ctx, ObjectNode record) {
    ArrayNode records = (ArrayNode) ctx.working().path(StateKeys.COMPLETED_ITERATIONS);
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i).path("iteration").asInt() == record.path("iteration").asInt()) {
        records.set(i, record);
        return;
      }
    }
    records.add(record);
  }

  static JsonNode finiteOrNull(JsonNode value) {
    return value.isNumber() && Double.isFinite(value.asDouble())
        ? value.deepCopy() : Json.nodes().nullNode();
  }
}
