package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.schema.ValidationIssue;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation that leads to the right fix for the mistakes W&B and Optuna users make. */
class CampaignGuidanceTest {
  @TempDir Path dir;

  private static CampaignText withSpace(String parameter) {
    return CampaignText.example().append("search_space:\n  " + parameter + "\n");
  }

  @Test
  void optunasLoguniformWithValueBoundsSuggestsLogUniformValues() {
    assertThat(withSpace("lr: {distribution: loguniform, min: 0.001, max: 1.0}").issues(dir))
        .singleElement().asString().contains("search_space.lr.distribution: is not a W&B"
            + " distribution", "did you mean 'log_uniform_values'?", "exponents of e");
  }

  @Test
  void loguniformWithExponentBoundsSuggestsLogUniform() {
    assertThat(withSpace("lr: {distribution: loguniform, min: -9.2, max: -2.3}").issues(dir))
        .singleElement().asString().contains("did you mean 'log_uniform'?");
  }

  @Test
  void logUniformWithBoundsThatLookLikeValuesIsValidButWarnedAbout() {
    CampaignCheck check = withSpace("lr: {distribution: log_uniform, min: 0.001, max: 1.0}")
        .check(dir);

    assertThat(check.valid()).isTrue();
    assertThat(check.warnings()).singleElement().extracting(ValidationIssue::format).asString()
        .contains("search_space.lr.distribution: log_uniform samples e^0.001 … e^1.0 = 1.001 …"
            + " 2.718", "use log_uniform_values");
    assertThat(withSpace("lr: {distribution: log_uniform, min: -9.2, max: -2.3}").check(dir)
        .warnings()).isEmpty();
  }

  @Test
  void aValueHoldingAListIsAnErrorSuggestingValues() {
    assertThat(withSpace("batch_size: {value: [16, 32, 64, 128]}").issues(dir)).containsExactly(
        "search_space.batch_size.value: holds a list, so every trial would get the whole list as"
            + " one value (got [16,32,64,128]); did you mean 'values: [16,32,64,128]' (one of"
            + " them per trial)?");
  }

  @Test
  void wandbsGoalPointsToDirectionBothWhereItIsUnknownAndWhereDirectionIsMissing() {
    CampaignText text = CampaignText.example().replace("direction: maximize", "goal: maximize");

    assertThat(text.issues(dir)).containsExactly(
        "objective.direction: missing required field: objective.direction; rename"
            + " objective.goal to objective.direction (W&B's metric.goal is objective.direction"
            + " here)",
        "objective.goal: unknown key; did you mean 'direction'? (W&B's metric.goal is"
            + " objective.direction here)");
  }

  @Test
  void aMissingFieldSaysWhatItHoldsInsteadOfRepeatingItsName() {
    CampaignText text = CampaignText.example().replace("  num_sweep_agents: 4        # Parallel"
        + " WandB agents per sweep\n", "");

    assertThat(text.issues(dir)).containsExactly("compute.num_sweep_agents: missing required"
        + " field: compute.num_sweep_agents; add it: trials in parallel, an integer in [1, 16]");
  }

  @Test
  void fieldsThatDoNothingLocallyAreOptionalOnTheLocalBackendOnly() {
    CampaignText local = CampaignText.example()
        .replace("  repo: git@github.com:my-org/dg_image.git\n", "")
        .replace("provider: vast_ai", "provider: local")
        .replace("  accelerator: A100:1        # Instance type requested from Vast.ai\n", "")
        .replace("  max_budget_usd: 10         # Hard spend cap — enforced on every poll\n", "");

    assertThat(local.issues(dir)).isEmpty();
    assertThat(local.replace("provider: local", "provider: aws").issues(dir))
        .extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactly("project.repo", "compute.accelerator", "compute.max_budget_usd");
  }

  @Test
  void theUpstreamExampleStaysValidWithTheSameIdentity() {
    CampaignCheck check = CampaignText.example().check(dir);

    assertThat(check.issues()).isEmpty();
    assertThat(check.warnings()).isEmpty();
    assertThat(IdentityHash.of(check.raw())).isEqualTo(
        "sha256:76d87a271abe95ba765ac749237a1383dd4c75956671de88f15bba9cca13bc81");
  }
}
