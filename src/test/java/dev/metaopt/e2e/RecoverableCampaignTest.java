package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.state.Ledger;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A finished campaign goes on where it stopped: a raised max_iterations reopens a COMPLETE one,
 * {@code resume --retry} re-enters a FAILED one at its smoke test once the cause is fixed, and
 * neither loses an iteration, the baseline or the identity.
 */
class RecoverableCampaignTest {
  @TempDir Path root;

  @Test
  void raisingMaxIterationsReopensACompleteCampaignAndRetryAfterAFixedSmokeFailureCompletes()
      throws Exception {
    // given: a campaign that completed its one iteration
    PythonProject project = PythonProject.create(root.resolve("p"), "val/loss");
    setMaxIterations(project, 1);
    assertThat(project.preflight().code()).isZero();
    CliRun first = project.run();
    assertThat(first.code()).as(first.toString()).isZero();
    JsonNode complete = project.state();
    assertThat(complete.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(complete.path("completed_iterations")).hasSize(1);

    // when: max_iterations is raised while the script got broken
    setMaxIterations(project, 2);
    project.fault("crash");
    CliRun reopened = project.run();

    // then: iteration 2 was opened (identity unchanged, iteration 1 kept) and failed its smoke test
    assertThat(reopened.code()).as(reopened.toString()).isEqualTo(3);
    JsonNode failed = project.state();
    assertThat(failed.path("machine_state").asText()).isEqualTo("FAILED");
    assertThat(failed.path("current_iteration").asInt()).isEqualTo(2);
    assertThat(failed.path("campaign_identity_hash"))
        .isEqualTo(complete.path("campaign_identity_hash"));
    assertThat(failed.path("completed_iterations")).isEqualTo(complete.path("completed_iterations"));
    assertThat(failed.path("baseline")).isEqualTo(complete.path("baseline"));
    assertThat(failed.path("stopped_in").asText()).isEqualTo("LOCAL_SANITY");
    assertThat(reopened.out()).contains("metaopt resume --retry -C", project.dir.toString());

    // when: the script is fixed and the campaign retried, without preflight again
    project.fault(null);
    CliRun retried = FakeProject.cli("resume", "--retry", "-C",
        project.dir.toString());

    // then: COMPLETE with both iterations, and the ledger says how it got there
    assertThat(retried.code()).as(retried.toString()).isZero();
    JsonNode done = project.state();
    assertThat(done.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(done.path("completed_iterations")).hasSize(2);
    assertThat(done.path("completed_iterations").get(0))
        .isEqualTo(complete.path("completed_iterations").get(0));
    assertThat(done.path("campaign_identity_hash"))
        .isEqualTo(complete.path("campaign_identity_hash"));
    List<String> reopenings = Ledger.read(new ProjectLayout(project.dir).ledgerFile())
        .stream().filter(e -> e.path("phase").asText().matches("retry|reopen"))
        .map(RecoverableCampaignTest::edge).toList();
    assertThat(reopenings).containsExactly("COMPLETE->IDEATE reopen",
        "FAILED->LOCAL_SANITY retry");
  }

  @Test
  void aCampaignThatMeasuredItsWholeSpaceCompletesSayingSoAndMoreRunsPerConfigurationReopenIt()
      throws Exception {
    // given: a space of 2 × 2 configurations (x chosen, y a quantised range: 0 or 0.5), and
    // iterations enough to measure it twice over
    PythonProject project = PythonProject.create(root.resolve("p"), "val/loss");
    setMaxIterations(project, 6);
    edit(project, "x: {distribution: uniform, min: 0.0, max: 1.0}", "x: {values: [0.25, 0.75]}");
    edit(project, "y: {distribution: uniform, min: 0.0, max: 1.0}",
        "y: {distribution: q_uniform, min: 0.0, max: 0.5, q: 0.5}");
    assertThat(project.preflight().code()).isZero();

    // when
    CliRun first = project.run();

    // then: iteration 1 measured all 4, iteration 2 found nothing left to run: COMPLETE, saying
    // why and what would let it go on
    assertThat(first.code()).as(first.toString()).isZero();
    JsonNode complete = project.state();
    assertThat(complete.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(complete.path("completed_iterations")).hasSize(2);
    assertThat(complete.path("completed_iterations").get(1).path("stop_reason").asText())
        .isEqualTo("search_space_exhausted");
    assertThat(complete.path("next_action").asText()).contains("widen search_space",
        "raise compute.max_runs_per_config", project.campaign.toAbsolutePath().normalize()
            .toString());
    assertThat(measuredConfigurations(project)).hasSize(4).doesNotHaveDuplicates();
    // and iteration 2's smoke test ran no configuration either: there was none left to run
    try (var smokeTrials = Files.list(project.dir.resolve(".ml-metaopt/smoke"))) {
      assertThat(smokeTrials.map(dir -> dir.getFileName().toString()).toList())
          .containsExactly("smoke-test-iter-1");
    }

    // when: each configuration may run twice
    edit(project, "poll_interval_seconds: 0.1", "poll_interval_seconds: 0.1\n"
        + "  max_runs_per_config: 2");
    CliRun reopened = project.run();

    // then: the campaign went on, measured each configuration once more, and stopped again
    assertThat(reopened.code()).as(reopened.toString()).isZero();
    JsonNode again = project.state();
    assertThat(again.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(again.path("completed_iterations")).hasSize(4);
    assertThat(again.path("completed_iterations").get(3).path("stop_reason").asText())
        .isEqualTo("search_space_exhausted");
    List<String> measured = measuredConfigurations(project);
    assertThat(measured).hasSize(8);
    assertThat(new java.util.HashSet<>(measured)).hasSize(4);
  }

  /** The configuration of every trial the local backend ran, as compact JSON. */
  private static List<String> measuredConfigurations(PythonProject project) throws Exception {
    List<String> configs = new java.util.ArrayList<>();
    try (var sweeps = Files.list(project.dir.resolve(".ml-metaopt/local-sweeps"))) {
      for (Path sweep : sweeps.toList()) {
        for (JsonNode trial : FakeProject.readJson(sweep.resolve("sweep.json")).path("trials")) {
          configs.add(trial.path("values").toString());
        }
      }
    }
    return configs;
  }

  private static void edit(PythonProject project, String from, String to) throws Exception {
    String campaign = Files.readString(project.campaign);
    assertThat(campaign).contains(from);
    Files.writeString(project.campaign, campaign.replace(from, to));
  }

  @Test
  void aFailedCampaignStaysFailedWithoutRetry() throws Exception {
    PythonProject project = PythonProject.create(root.resolve("p"), "val/loss");
    project.fault("crash");
    assertThat(project.preflight().code()).isZero();
    assertThat(project.run().code()).isEqualTo(3);
    project.fault(null);

    CliRun resumed = FakeProject.cli("resume", "-C", project.dir.toString());

    assertThat(resumed.code()).as(resumed.toString()).isEqualTo(3);
    assertThat(project.state().path("machine_state").asText()).isEqualTo("FAILED");
  }

  private static String edge(ObjectNode event) {
    return event.path("from").asText() + "->" + event.path("to").asText() + " "
        + event.path("phase").asText();
  }

  private static void setMaxIterations(PythonProject project, int n) throws Exception {
    String campaign = Files.readString(project.campaign);
    Files.writeString(project.campaign,
        campaign.replaceAll("max_iterations: \\d+", "max_iterations: " + n));
  }
}
