package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upstream v4 campaign rule set (upstream-behaviour §3.3 and the rules its script forgot,
 * I-15), one failing input per rule with the exact formatted issue.
 */
class CampaignValidatorTest {
  private static final String PLACEHOLDER =
      "contains a placeholder (YOUR_…, replace-me or <…>)";

  @TempDir Path dir;

  @Test
  void acceptsTheUpstreamExampleUnchanged() {
    // given
    CampaignText example = CampaignText.example();

    // when
    CampaignCheck check = example.check(dir);

    // then
    assertThat(check.issues()).isEmpty();
    assertThat(check.valid()).isTrue();
    assertThat(check.raw().path("campaign").path("name").asText())
        .isEqualTo("gnn-mnist-optimization");
  }

  @Test
  void reportsEverySectionAndRequiredFieldOfAnUnrelatedDocument() {
    // given: the upstream L-05 input
    CampaignText text = new CampaignText("version: 2\ncampaign_id: bad\n");

    // when
    List<String> issues = text.issues(dir);

    // then: 7 sections, 15 nested fields (upstream order), then the 2 unknown keys
    assertThat(issues).hasSize(24);
    assertThat(issues.subList(0, 7)).containsExactly(
        "campaign: missing required field: campaign; add the 'campaign:' section",
        "project: missing required field: project; add the 'project:' section",
        "wandb: missing required field: wandb; add the 'wandb:' section",
        "compute: missing required field: compute; add the 'compute:' section",
        "objective: missing required field: objective; add the 'objective:' section",
        "proposal_policy: missing required field: proposal_policy;"
            + " add the 'proposal_policy:' section",
        "stop_conditions: missing required field: stop_conditions;"
            + " add the 'stop_conditions:' section");
    assertThat(issues.subList(7, 22)).extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactlyElementsOf(CampaignKeys.REQUIRED_FIELDS);
    assertThat(issues.get(7))
        .isEqualTo("campaign.name: missing required field: campaign.name; add it: the"
            + " campaign's name (part of its identity)");
    assertThat(issues.get(22)).startsWith("version: unknown key; allowed here: campaign, compute,");
    assertThat(issues.get(23)).startsWith("campaign_id: unknown key; allowed here:");
  }

  @Test
  void treatsANullValueAsMissing() {
    // given
    CampaignText text = CampaignText.example().replace("metric: val/accuracy", "metric: ~");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "objective.metric: missing required field: objective.metric; add it: the metric name"
            + " your training logs, e.g. val/loss");
  }

  @Test
  void reportsASectionThatIsNotAMapping() {
    // given
    CampaignText text = CampaignText.example().section("proposal_policy", "proposal_policy: 5\n");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "proposal_policy: must be a mapping (got 5);"
            + " indent the fields of 'proposal_policy:' under it",
        "proposal_policy.current_target: missing required field: proposal_policy.current_target;"
            + " add it: proposals in the pool before one is selected, e.g. 2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sideways", "MAXIMIZE"})
  void rejectsADirectionOtherThanMaximizeOrMinimize(String direction) {
    // given
    CampaignText text =
        CampaignText.example().replace("direction: maximize", "direction: " + direction);

    // when / then
    assertThat(text.issues(dir)).containsExactly("objective.direction: must be 'maximize' or"
        + " 'minimize' (got \"" + direction + "\"); the value is case-sensitive");
  }

  @Test
  void acceptsMinimize() {
    // given
    CampaignText text = CampaignText.example().replace("direction: maximize", "direction: minimize");

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }

  @Test
  void rejectsAnEmptyRepo() {
    // given
    CampaignText text = CampaignText.example()
        .replace("repo: git@github.com:my-org/dg_image.git", "repo: \"\"");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "project.repo: must be a non-empty string (got \"\"); a git URL or a local path");
  }

  @Test
  void rejectsANumberWhereAStringIsExpected() {
    // given
    CampaignText text = CampaignText.example()
        .replace("repo: git@github.com:my-org/dg_image.git", "repo: 123");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "project.repo: must be a non-empty string (got 123); a git URL or a local path");
  }

  @Test
  void rejectsABlankSmokeTestCommand() {
    // given
    CampaignText text = CampaignText.example()
        .replace("\"python train.py --smoke --max-steps 10\"", "\"   \"");

    // when / then
    assertThat(text.issues(dir)).containsExactly("project.smoke_test_command: must be a non-empty"
        + " string (got \"   \"); a command that exercises training for under 60 s");
  }

  @Test
  void rejectsAnEmptyMetricAcceleratorNameAndDescription() {
    // given: the rules upstream's script forgot (I-15)
    CampaignText text = CampaignText.example()
        .replace("metric: val/accuracy", "metric: \"\"")
        .replace("accelerator: A100:1", "accelerator: \"\"")
        .replace("name: gnn-mnist-optimization", "name: \"\"")
        .replace("\"Optimize GNN hyperparameters for MNIST graph classification accuracy\"", "\"\"");

    // when / then (reported in rule order, not document order)
    assertThat(text.issues(dir)).containsExactly(
        "campaign.name: must be a non-empty string (got \"\"); name the campaign",
        "campaign.description: must be a non-empty string (got \"\");"
            + " describe the campaign in one line",
        "objective.metric: must be a non-empty string (got \"\");"
            + " the metric name your training logs",
        "compute.accelerator: must be a non-empty string (got \"\"); e.g. A100:1, or cpu for local");
  }

  @Test
  void rejectsWhitespaceInWandbNames() {
    // given
    CampaignText text = CampaignText.example()
        .replace("entity: my-wandb-entity", "entity: my wandb entity")
        .replace("project: gnn-mnist-metaopt", "project: \"\"");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "wandb.entity: must not contain whitespace (got \"my wandb entity\");"
            + " your W&B entity (user or team)",
        "wandb.project: must be a non-empty string (got \"\"); your W&B project name");
  }

  @Test
  void suggestsTheClosestProviderForATypo() {
    // given
    CampaignText text = CampaignText.example().replace("provider: vast_ai", "provider: vast-ai");

    // when / then
    assertThat(text.issues(dir)).containsExactly("compute.provider: must be 'local' or a known"
        + " SkyPilot cloud (got \"vast-ai\"); did you mean 'vast_ai'?");
  }

  @Test
  void listsTheProvidersWhenNothingIsClose() {
    // given
    CampaignText text = CampaignText.example().replace("provider: vast_ai", "provider: mainframe");

    // when / then
    assertThat(text.issues(dir)).containsExactly("compute.provider: must be 'local' or a known"
        + " SkyPilot cloud (got \"mainframe\"); use 'local' or a SkyPilot cloud: vast_ai, aws,"
        + " gcp, azure, kubernetes, ...");
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "aws", "kubernetes"})
  void acceptsLocalAndSkyPilotClouds(String provider) {
    // given
    CampaignText text = CampaignText.example().replace("provider: vast_ai", "provider: " + provider);

    // when / then
    assertThat(text.issues(dir)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"YOUR_REPO", "<repo-url>", "https://replace-me.example/repo.git"})
  void rejectsAPlaceholderRepo(String repo) {
    // given
    CampaignText text = CampaignText.example()
        .replace("repo: git@github.com:my-org/dg_image.git", "repo: \"" + repo + "\"");

    // when / then
    assertThat(text.issues(dir)).containsExactly(
        "project.repo: " + PLACEHOLDER + " (got \"" + repo + "\"); replace it with the real value");
  }

  @Test
  void rejectsPlaceholdersAnywhereOnePerField() {
    // given: fields upstream never scans (name, description, accelerator) and two under wandb
    CampaignText text = CampaignText.example()
        .replace("name: gnn-mnist-optimization", "name: YOUR_CAMPAIGN")
        .replace("accelerator: A100:1", "accelerator: <gpu>")
        .replace("entity: my-wandb-entity", "entity: YOUR_ENTITY")
        .replace("project: gnn-mnist-metaopt", "project: replace-me");

    // when / then (document order)
    assertThat(text.issues(dir)).containsExactly(
        "campaign.name: " + PLACEHOLDER + " (got \"YOUR_CAMPAIGN\"); replace it with the real value",
        "wandb.entity: " + PLACEHOLDER + " (got \"YOUR_ENTITY\"); replace it with the real value",
        "wandb.project: " + PLACEHOLDER + " (got \"replace-me\"); replace it with the real value",
        "compute.accelerator: " + PLACEHOLDER + " (got \"<gpu>\"); replace it with the real value");
  }

  @Test
  void acceptsShellRedirectionsInTheSmokeTestCommand() {
    // given: upstream flags any string holding both '<' and '>'; a real command may
    CampaignText text = CampaignText.example().replace("\"python train.py --smoke --max-steps 10\"",
        "\"python train.py --smoke < smoke.args > smoke.log\"");

    assertThat(text.issues(dir)).isEmpty();
  }

  @Test
  void reportsFiveDifferentErrorsAllAtOnce() {
    // given
    CampaignText text = CampaignText.example()
        .replace("direction: maximize", "direction: up")
        .replace("num_sweep_agents: 4", "num_sweep_agents: 0")
        .replace("max_budget_usd: 10", "max_budget_usd: 500")
        .replace("max_iterations: 20", "max_iterations: 0")
        .replace("repo: git@github.com:my-org/dg_image.git", "repo: YOUR_REPO");

    // when
    List<String> issues = text.issues(dir);

    // then
    assertThat(issues).hasSize(5);
    assertThat(issues).extracting(line -> line.substring(0, line.indexOf(':')))
        .containsExactly("objective.direction", "compute.num_sweep_agents",
            "compute.max_budget_usd", "stop_conditions.max_iterations", "project.repo");
  }
}
