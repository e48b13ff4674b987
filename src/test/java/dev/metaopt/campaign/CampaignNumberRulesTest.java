package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The numeric campaign rules: integer and number ranges, booleans never numbers, floats never
 * integers, and how YAML number forms are read.
 */
class CampaignNumberRulesTest {
  private static final String AGENTS_HINT = "parallel trials per sweep";
  private static final String BUDGET_HINT = "the hard spend cap in USD";
  private static final String IDLE_HINT = "minutes without a logged metric before a trial is killed";
  private static final String THRESHOLD_HINT =
      "the smallest gain that counts as an improvement, e.g. 0.005";

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"0", "17", "4.0", "\"4\"", "18446744073709551620"})
  void rejectsSweepAgentsOutsideOneToSixteen(String value) {
    // given
    CampaignText text =
        CampaignText.example().replace("num_sweep_agents: 4", "num_sweep_agents: " + value);

    // when / then
    assertThat(text.issues(dir)).containsExactly("compute.num_sweep_agents: must be an integer in"
        + " [1, 16] (got " + value + "); " + AGENTS_HINT);
  }

  @Test
  void rejectsABooleanWhereAnIntegerIsExpected() {
    // given
    CampaignText text =
        CampaignText.example().replace("num_sweep_agents: 4", "num_sweep_agents: true");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "compute.num_sweep_agents: must be an integer, got boolean (got true); " + AGENTS_HINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "16"})
  void acceptsTheSweepAgentBounds(String value) {
    // given
    CampaignText text =
        CampaignText.example().replace("num_sweep_agents: 4", "num_sweep_agents: " + value);

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "100.5", "-3", "\"10\""})
  void rejectsABudgetOutsideZeroToHundred(String value) {
    // given
    CampaignText text =
        CampaignText.example().replace("max_budget_usd: 10", "max_budget_usd: " + value);

    // when / then
    assertThat(text.issues(dir)).containsExactly("compute.max_budget_usd: must be a number in"
        + " (0, 100] (got " + value + "); " + BUDGET_HINT);
  }

  @Test
  void rejectsABooleanBudget() {
    // given
    CampaignText text =
        CampaignText.example().replace("max_budget_usd: 10", "max_budget_usd: true");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "compute.max_budget_usd: must be a number, got boolean (got true); " + BUDGET_HINT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"100", "0.01"})
  void acceptsTheBudgetBounds(String value) {
    // given
    CampaignText text =
        CampaignText.example().replace("max_budget_usd: 10", "max_budget_usd: " + value);

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4", "61", "15.0"})
  void rejectsAnIdleTimeoutOutsideFiveToSixty(String value) {
    // given
    CampaignText text = CampaignText.example()
        .replace("idle_timeout_minutes: 15", "idle_timeout_minutes: " + value);

    // when / then
    assertThat(text.issues(dir)).containsExactly("compute.idle_timeout_minutes: must be an integer"
        + " in [5, 60] (got " + value + "); " + IDLE_HINT);
  }

  @Test
  void acceptsACampaignWithoutIdleTimeout() {
    // given
    CampaignText text = CampaignText.example().replace(
        "  idle_timeout_minutes: 15   # Kill agent if no WandB logs for this long\n", "");

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-0.1", "\"1e-4\""})
  void rejectsAThresholdThatIsNotPositive(String value) {
    // given
    CampaignText text = CampaignText.example()
        .replace("improvement_threshold: 0.005", "improvement_threshold: " + value);

    // when / then
    assertThat(text.issues(dir)).containsExactly("objective.improvement_threshold: must be a"
        + " positive number (got " + value + "); " + THRESHOLD_HINT);
  }

  @Test
  void rejectsABooleanThreshold() {
    // given
    CampaignText text = CampaignText.example()
        .replace("improvement_threshold: 0.005", "improvement_threshold: true");

    // when / then
    assertThat(text.issues(dir)).containsExactly("objective.improvement_threshold: must be a"
        + " number, got boolean (got true); " + THRESHOLD_HINT);
  }

  /**
   * Decision: Jackson YAML resolves {@code 1e-4} as the number 0.0001 (YAML 1.2), unlike
   * PyYAML, which reads it as text and makes upstream reject it. Users who write 1e-4 mean a
   * number, so we accept it.
   */
  @Test
  void acceptsExponentNotationWithoutADecimalPointAsANumber() {
    // given
    CampaignText text = CampaignText.example()
        .replace("improvement_threshold: 0.005", "improvement_threshold: 1e-4");

    // when
    CampaignCheck check = text.check(dir);

    // then
    assertThat(check.issues()).isEmpty();
    assertThat(check.raw().path("objective").path("improvement_threshold").isNumber()).isTrue();
    assertThat(check.raw().path("objective").path("improvement_threshold").asDouble())
        .isEqualTo(1e-4);
  }

  @Test
  void rejectsAZeroProposalTarget() {
    // given
    CampaignText text =
        CampaignText.example().replace("current_target: 5", "current_target: 0");

    // when / then
    assertThat(text.issues(dir)).containsExactly("proposal_policy.current_target: must be an"
        + " integer in [1, 1000] (got 0); proposals in the pool before selection");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "2.5", "-1"})
  void rejectsMaxIterationsThatAreNotAPositiveInteger(String value) {
    // given
    CampaignText text =
        CampaignText.example().replace("max_iterations: 20", "max_iterations: " + value);

    // when / then
    assertThat(text.issues(dir)).containsExactly("stop_conditions.max_iterations: must be a"
        + " positive integer (got " + value + "); the most iterations the campaign may run");
  }

  @Test
  void rejectsBooleanMaxIterations() {
    // given
    CampaignText text =
        CampaignText.example().replace("max_iterations: 20", "max_iterations: false");

    // when / then
    assertThat(text.issues(dir)).containsExactly("stop_conditions.max_iterations: must be an"
        + " integer, got boolean (got false); the most iterations the campaign may run");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "2.5"})
  void rejectsMaxNoImproveIterationsThatAreNotAPositiveInteger(String value) {
    // given
    CampaignText text = CampaignText.example()
        .replace("max_no_improve_iterations: 5", "max_no_improve_iterations: " + value);

    // when / then
    assertThat(text.issues(dir)).containsExactly("stop_conditions.max_no_improve_iterations: must"
        + " be a positive integer (got " + value + "); iterations without improvement before"
        + " stopping");
  }

  @Test
  void rejectsANonNumericTargetMetric() {
    // given
    CampaignText text =
        CampaignText.example().replace("target_metric: 0.990", "target_metric: high");

    // when / then
    assertThat(text.issues(dir)).containsExactly("stop_conditions.target_metric: must be a finite"
        + " number (got \"high\"); remove it to run without a target");
  }

  @Test
  void acceptsACampaignWithoutTargetMetric() {
    // given
    CampaignText text = CampaignText.example()
        .replace("  target_metric: 0.990       # Stop when baseline reaches this value\n", "");

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }
}
