package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.Campaign;
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
  static String reason(JsonNode state, Campaign campaign) {
    Campaign.StopConditions stop = campaign.stopConditions();
    JsonNode baseline = state.path(StateKeys.BASELINE).path("value");
    if (baseline.isNumber() && stop.targetMetric().isPresent() && Improvement.reaches(
        baseline.asDouble(), stop.targetMetric().getAsDouble(),
        state.path(StateKeys.OBJECTIVE_SNAPSHOT))) {
      return TARGET;
    }
    if (state.path(StateKeys.CURRENT_ITERATION).asInt() >= stop.maxIterations()) {
      return MAX_ITERATIONS;
    }
    if (state.path(StateKeys.NO_IMPROVE_ITERATIONS).asInt() >= stop.maxNoImproveIterations()) {
      return PLATEAU;
    }
    if (Spend.completed(state) >= campaign.compute().maxBudgetUsd()) {
      return BUDGET;
    }
    return null;
  }
}
