package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.protocol.StateKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The stop conditions, checked at ROLL_ITERATION in this order (first match wins): target metric
 * reached, search space exhausted, max_iterations, plateau, budget.
 */
final class StopConditions {
  static final String TARGET = "target_metric";
  static final String MAX_ITERATIONS = "max_iterations";
  static final String PLATEAU = "max_no_improve_iterations";
  static final String BUDGET = "budget_exhausted";
  /**
   * The iteration's sweep searched the whole declared {@code search_space} and found every
   * configuration already measured ({@link SweepAnalysis}): no iteration can run anything new
   * until the space is widened or {@code compute.max_runs_per_config} raised.
   */
  static final String SPACE_EXHAUSTED = "search_space_exhausted";

  private StopConditions() {}

  /** The stop reason for {@code state} (the first that holds), or null to continue. */
  static String reason(JsonNode state, Campaign campaign) {
    List<String> holding = holding(state, campaign);
    return holding.isEmpty() ? null : holding.get(0);
  }

  /**
   * Every stop condition that holds for {@code state}, in the order above: all of them must be
   * lifted before the campaign goes on, so the message that says how names each.
   */
  static List<String> holding(JsonNode state, Campaign campaign) {
    Campaign.StopConditions stop = campaign.stopConditions();
    List<String> holding = new ArrayList<>();
    JsonNode baseline = state.path(StateKeys.BASELINE).path("value");
    if (baseline.isNumber() && stop.targetMetric().isPresent() && Improvement.reaches(
        baseline.asDouble(), stop.targetMetric().getAsDouble(),
        state.path(StateKeys.OBJECTIVE_SNAPSHOT))) {
      holding.add(TARGET);
    }
    if (spaceExhausted(state, campaign)) {
      holding.add(SPACE_EXHAUSTED);
    }
    if (state.path(StateKeys.CURRENT_ITERATION).asInt() >= stop.maxIterations()) {
      holding.add(MAX_ITERATIONS);
    }
    if (state.path(StateKeys.NO_IMPROVE_ITERATIONS).asInt() >= stop.maxNoImproveIterations()) {
      holding.add(PLATEAU);
    }
    if (Spend.completed(state) >= campaign.compute().maxBudgetUsd()) {
      holding.add(BUDGET);
    }
    return holding;
  }

  /**
   * True when the current iteration's sweep found the campaign's search space, as it still is,
   * measured throughout, as often as the campaign still allows.
   */
  private static boolean spaceExhausted(JsonNode state, Campaign campaign) {
    int iteration = state.path(StateKeys.CURRENT_ITERATION).asInt();
    for (JsonNode record : state.path(StateKeys.COMPLETED_ITERATIONS)) {
      JsonNode runs = record.path(IterationRecords.EXHAUSTED_AT_RUNS);
      if (record.path("iteration").asInt() == iteration && runs.isInt()) {
        return CanonicalJson.same(record.path("sweep_config").path("parameters"),
            campaign.searchSpace()) && campaign.compute().maxRunsPerConfig() <= runs.asInt();
      }
    }
    return false;
  }
}
