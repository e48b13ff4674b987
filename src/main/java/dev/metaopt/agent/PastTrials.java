package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Attempt;
import dev.metaopt.protocol.ContractPaths;

/**
 * The trials of every completed iteration, as the last poll of its sweep reported them, each
 * tagged with its iteration: what ideation needs to narrow a range on evidence rather than on
 * one best run. The newest {@link #LIMIT} are kept, so a long campaign's task stays small.
 */
final class PastTrials {
  static final int LIMIT = 1000;

  private PastTrials() {}

  static ArrayNode of(AgentContext ctx) {
    ArrayNode all = Json.mapper().createArrayNode();
    for (JsonNode record : ctx.state().path("completed_iterations")) {
      int iteration = record.path("iteration").asInt();
      Attempt attempt = new Attempt(Math.max(1, iteration),
          Math.max(0, record.path(Attempt.RETRIES).asInt(0)));
      int last = ContractPaths.lastPoll(ctx.layout().projectDir(), attempt);
      if (last == 0) {
        continue;
      }
      ResultRead poll = ctx.readResult(ContractPaths.pollResult(attempt, last), null);
      if (poll.isPresent()) {
        for (JsonNode trial : poll.value().path("trials")) {
          ObjectNode row = trial.deepCopy();
          row.put("iteration", iteration);
          all.add(row);
        }
      }
    }
    while (all.size() > LIMIT) {
      all.remove(0);
    }
    return all;
  }
}
