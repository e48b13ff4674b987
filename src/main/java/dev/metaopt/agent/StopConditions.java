package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.protocol.StateKeys;

/**
 * The stop conditions, checked at ROLL_ITERATION in this order (first match wins): target metric
 * reached, max_iterations, plateau, budget.
 */
final class StopConditions {
  static final String TARGET = "target_metric";
  static final String MAX_ITERATIONS = "max_iterations";
  static final String PLATEAU = "max_no_improve_iterations";
  static final String BUDGET = "budget_exhausted";

  private StopConditions() {}

  /** The stop reason for {@code state}, or null to continue. */
  static String reason(JsonNode state, JsonNode stop, JsonNode compute) {
    JsonNode baseline = state.path(StateKeys.BASELINE).path("value");
    JsonNode target = stop.path("target_metric");
    if (baseline.isNumber() && target.isNumber() && Improvement.reaches(baseline.asDouble(),
        target.asDouble(), state.path(StateKeys.OBJECTIVE_SNAPSHOT))) {
      return TARGET;
    }
    if (state.path(StateKeys.CURRENT_ITERATION).asInt() >= stop.path("max_iterations")
        .asInt(Integer.MAX_VALUE)) {
      return MAX_ITERATIONS;
    }
    if (state.path(StateKeys.NO_IMPROVE_ITERATIONS).asInt() >= stop
        .path("max_no_improve_iterations").asInt(Integer.MAX_VALUE)) {
      return PLATEAU;
    }
    JsonNode budget = compute.path("max_budget_usd");
    if (budget.isNumber() && Spend.completed(state) >= budget.asDouble()) {
      return BUDGET;
    }
    return null;
  }
}
