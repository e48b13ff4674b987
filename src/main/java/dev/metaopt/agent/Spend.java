package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.protocol.StateKeys;

/** Campaign spend as recorded in state. */
final class Spend {
  private Spend() {}

  /** Spend of every recorded iteration. */
  static double completed(JsonNode state) {
    double total = 0.0;
    for (JsonNode record : state.path(StateKeys.COMPLETED_ITERATIONS)) {
      total += record.path("spend_usd").asDouble(0.0);
    }
    return total;
  }
}
