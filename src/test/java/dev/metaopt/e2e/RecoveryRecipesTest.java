package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.state.Ledger;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every terminal message is a recipe with absolute paths, and following it goes on: a campaign
 * blocked by a broken worker is retried once the worker is fixed, one stopped by its budget
 * reopens when the budget is raised; history and identity are kept.
 */
class RecoveryRecipesTest {
  private static final String THREE_ITERATIONS = """
      stop_conditions:
        max_iterations: 3
        max_no_improve_iterations: 5
      """;

  @TempDir Path root;

  @Test
  void aBrokenSmokeResultBlocksWithARetryRecipeAndRetryAfterTheFixCompletes() {
    FakeProject project = FakeProject.scripted(root.resolve("p"), THREE_ITERATIONS,
        "{\"garbage\": [\"run_smoke_test\"]}");
    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.PROTOCOL);
    JsonNode blocked = project.state();
    assertThat(blocked.path("machine_state").asText()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(blocked.path("next_action").asText())
        .contains("metaopt resume --retry -C " + project.dir.toAbsolutePath())
        .doesNotContain("archive");

    project.write("scenario.json", "{}");
    assertThat(project.retry()).isEqualTo(ExitCode.OK);

    JsonNode done = project.state();
    assertThat(done.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(done.path("campaign_identity_hash"))
        .isEqualTo(blocked.path("campaign_identity_hash"));
    assertThat(done.path("completed_iterations")).hasSize(3);
    assertThat(reopenings(project)).containsExactly("BLOCKED_PROTOCOL->LOCAL_SANITY retry");
  }

  @Test
  void stuckIdeationIsRetriedFromIdeationWithThePoolKept() {
    FakeProject project = FakeProject.scripted(root.resolve("p"), THREE_ITERATIONS,
        "{\"ideation\": {\"mode\": \"invalid_schema\"}}");
    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.PROTOCOL);
    assertThat(project.state().path("next_action").asText())
        .contains("metaopt resume --retry -C " + project.dir.toAbsolutePath());

    project.write("scenario.json", "{}");
    assertThat(project.retry()).isEqualTo(ExitCode.OK);

    assertThat(project.state().path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(reopenings(project)).containsExactly("BLOCKED_PROTOCOL->IDEATE retry");
  }

  @Test
  void aBudgetStopNamesTheCampaignFileAndRaisingTheBudgetReopensIt() throws Exception {
    FakeProject project = FakeProject.scripted(root.resolve("p"), THREE_ITERATIONS,
        "{\"execution\": {\"spend_per_poll\": 4.0, \"polls_before_complete\": 5}}");
    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.BLOCKED_CONFIG);
    JsonNode stopped = project.state();
    Path campaign = project.campaign.toAbsolutePath().normalize();
    assertThat(stopped.path("next_action").asText())
        .contains("raise compute.max_budget_usd in " + campaign, "metaopt run " + campaign)
        .doesNotContain("archive");

    project.write("scenario.json", "{}");
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("max_budget_usd: 10", "max_budget_usd: 100"));
    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.OK);
    JsonNode done = project.state();
    assertThat(done.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(done.path("campaign_identity_hash"))
        .isEqualTo(stopped.path("campaign_identity_hash"));
    assertThat(reopenings(project)).containsExactly("BLOCKED_CONFIG->LOCAL_SANITY reopen");
  }

  @Test
  void aCompleteCampaignNamesItsReportAndTheLimitThatWouldLetItGoOn() {
    FakeProject project = FakeProject.scripted(root.resolve("p"), THREE_ITERATIONS, "{}");
    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.OK);
    Path campaign = project.campaign.toAbsolutePath().normalize();
    assertThat(project.state().path("next_action").asText()).contains(
        project.layout.metaoptDir().toAbsolutePath().normalize().resolve("final_report.md")
            .toString(),
        "raise stop_conditions.max_iterations in " + campaign, "metaopt run " + campaign);
  }

  @Test
  void aChangeThatDoesNotReopenACompleteCampaignIsNamedAsIgnored() throws Exception {
    FakeProject project = FakeProject.scripted(root.resolve("p"), THREE_ITERATIONS, "{}");
    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.OK);
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("num_sweep_agents: 2", "num_sweep_agents: 3"));

    CliRun again = project.run();

    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out() + again.err()).containsOnlyOnce("compute.num_sweep_agents")
        .contains("ignored", "COMPLETE", "still stopped by max_iterations; to go on, raise"
            + " stop_conditions.max_iterations");
    assertThat(project.state().path("completed_iterations")).hasSize(3);
  }

  @Test
  void aBudgetStopIsNotReopenedWhileSpendStillReachesTheBudget() {
    FakeProject project = FakeProject.scripted(root.resolve("p"), THREE_ITERATIONS,
        "{\"execution\": {\"spend_per_poll\": 4.0, \"polls_before_complete\": 5}}");
    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.BLOCKED_CONFIG);

    assertThat(project.step(Integer.MAX_VALUE)).isEqualTo(ExitCode.BLOCKED_CONFIG);
    assertThat(project.state().path("machine_state").asText()).isEqualTo("BLOCKED_CONFIG");
    assertThat(reopenings(project)).isEmpty();
  }

  private static List<String> reopenings(FakeProject project) {
    return Ledger.read(project.layout.ledgerFile()).stream()
        .filter(e -> e.path("phase").asText().matches("retry|reopen"))
        .map(e -> e.path("from").asText() + "->" + e.path("to").asText() + " "
            + e.path("phase").asText())
        .toList();
  }
}
