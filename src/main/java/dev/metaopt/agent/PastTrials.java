package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.ContractPaths;
import java.nio.file.Files;

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
      int last = lastPoll(ctx, iteration);
      if (last == 0) {
        continue;
      }
      ResultRead poll = ctx.readResult(ContractPaths.pollResult(iteration, last), null);
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

  /** The number of the iteration's last poll result (polls are numbered 1, 2, …), or 0. */
  private static int lastPoll(AgentContext ctx, int iteration) {
    int high = 1;
    while (exists(ctx, iteration, high)) {
      high *= 2;
    }
    int low = high / 2; // exists(low) unless low == 0
    while (high - low > 1) {
      int mid = (low + high) / 2;
      if (exists(ctx, iteration, mid)) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static boolean exists(AgentContext ctx, int iteration, int poll) {
    return Files.exists(ctx.layout().resolveContractPath(ContractPaths.pollResult(iteration,
        poll)));
  }
}
