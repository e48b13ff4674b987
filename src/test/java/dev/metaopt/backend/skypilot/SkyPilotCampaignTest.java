package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.state.MachineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns on the SkyPilot + W&B backend against recording fakes of sky, wandb and the API. */
@Tag("e2e")
class SkyPilotCampaignTest {
  @TempDir Path root;
  @RegisterExtension final SkyPilotFakes fakes = new SkyPilotFakes();
  private SkyPilotHarness project;

  @Test
  void aCampaignOnVastAiCompletesCleansUpAndSpendsWhatTheCostReportSays() throws Exception {
    project = fakes.start(root, 2, new FakeWandbServer.Config(List.of(0.80, 0.86), 3, false));
    FakeWandbServer server = fakes.server();
    project.preflight();

    SessionOutcome outcome = project.run();

    assertThat(outcome.machineState()).as(outcome.message()).isEqualTo(MachineState.COMPLETE);
    assertThat(project.calls("wandb")).filteredOn(c -> c.size() > 1 && c.get(0).equals("sweep")
        && !c.get(1).equals("--cancel")).hasSize(2);
    List<List<String>> launches = project.calls("sky").stream()
        .filter(c -> c.get(0).equals("launch")).toList();
    assertThat(launches).hasSize(4).allSatisfy(c -> assertThat(c).contains("-i", "15",
        "--down", "--secret", "WANDB_API_KEY", "-y", "-d").doesNotContain("--env"));
    assertThat(project.liveClusters()).isZero();
    assertThat(project.stateJson().path("baseline").path("value").asDouble()).isEqualTo(0.88);
    assertThat(server.authorizations).isNotEmpty().allSatisfy(a ->
        assertThat(a).startsWith("Basic "));
    project.assertKeyNowhere();
    assertThat(project.recordedSpend()).isPositive()
        .isCloseTo(project.costReportTotal(), within(0.005));
    String yaml = Files.readString(project.layout.metaoptDir().resolve("skypilot")
        .resolve(launches.get(0).get(launches.get(0).size() - 1)
            .replaceAll(".*/skypilot/", "")));
    assertThat(yaml).contains("wandb agent test-entity/test-project/sw000001", "\"infra\" :"
        + " \"vast\"").doesNotContain(SkyPilotHarness.KEY);
  }

  @Test
  void trialsAndTheBestRunOfARemoteCampaignComeFromTheWandbApiWithRunPages() throws Exception {
    project = fakes.start(root, 2, new FakeWandbServer.Config(List.of(0.80, 0.86), 3, false));
    FakeWandbServer server = fakes.server();
    project.preflight();
    assertThat(project.run().machineState()).isEqualTo(MachineState.COMPLETE);

    dev.metaopt.results.CampaignTrials trials =
        dev.metaopt.results.CampaignTrials.live(project.layout, project.env);

    assertThat(trials.rows()).hasSize(6).allSatisfy(r -> {
      assertThat(r.iteration()).isNotNull();
      assertThat(r.trial().url()).startsWith(server.baseUrl()
          + "/test-entity/test-project/runs/" + r.trial().runId());
    });
    assertThat(trials.rows(2)).extracting(r -> r.trial().sweepId()).containsOnly("sw000002");
    dev.metaopt.results.BestRun best = dev.metaopt.results.BestRun.of(trials).orElseThrow();
    assertThat(best.row().trial().objective()).isEqualTo(0.88);
    assertThat(best.row().trial().config().get("lr").asDouble()).isEqualTo(0.003);
    // the final report, written without network, lists the runs from the recorded polls
    assertThat(Files.readString(project.layout.finalReport()))
        .contains(best.row().trial().runId(), "| 2 | sw000002-run2 | finished | 0.88 |");
  }

  @Test
  void aRemoteSweepIsPolledEveryThirtySecondsByDefault() throws Exception {
    // given: no compute.poll_interval_seconds; W&B rate-limits per project (reference row 34)
    project = fakes.start(root, 1, new FakeWandbServer.Config(List.of(0.8, 0.85), 2, false));
    project.writeCampaign("vast_ai", 1, "");
    project.preflight();

    // when
    SessionOutcome outcome = project.run();

    // then
    assertThat(outcome.machineState()).as(outcome.message()).isEqualTo(MachineState.COMPLETE);
    assertThat(project.pauses).isNotEmpty().containsOnly(Duration.ofSeconds(30));
  }

  @Test
  void aLaunchFailingOnTheThirdAgentLeavesNoSweepAndNoCluster() throws Exception {
    project = fakes.start(root, 3, new FakeWandbServer.Config(List.of(0.8), 3, false));
    project.env.put("SKYPILOT_FAKE_FAIL_CLUSTER", "-3");
    project.preflight();

    SessionOutcome outcome = project.run();

    assertThat(outcome.machineState()).isEqualTo(MachineState.FAILED);
    assertThat(project.liveClusters()).isZero();
    assertThat(Files.readString(project.state.resolve("sweeps/sw000001.json")))
        .contains("CANCELED");
    assertThat(project.stateJson().path("next_action").asText())
        .contains("sky launch failed for agent 3 of 3", "the sweep was cancelled",
            "3 of 3 started agent(s) torn down");
  }

  @Test
  void aHungRunIsTakenDownWithItsCluster() throws Exception {
    project = fakes.start(root, 2, new FakeWandbServer.Config(List.of(0.8, 0.85), 3, true));
    project.preflight();

    SessionOutcome outcome = project.run();

    assertThat(outcome.machineState()).as(outcome.message()).isEqualTo(MachineState.COMPLETE);
    assertThat(project.calls("sky")).filteredOn(c -> c.get(0).equals("down"))
        .isNotEmpty();
    assertThat(Files.readString(project.layout.metaoptDir().resolve(
        "executor-events/poll-sweep-iter-1-4.json"))).contains("sw000001-run0", "\"idle\"");
  }

  @Test
  void exceedingTheBudgetStopsEverything() throws Exception {
    project = fakes.start(root, 2, new FakeWandbServer.Config(List.of(0.8), 3, false));
    project.env.put("SKYPILOT_FAKE_PRICE", "6.00");
    project.preflight();

    SessionOutcome outcome = project.run();

    assertThat(outcome.machineState()).isEqualTo(MachineState.BLOCKED_CONFIG);
    assertThat(project.liveClusters()).isZero();
    assertThat(Files.readString(project.state.resolve("sweeps/sw000001.json")))
        .contains("CANCELED");
    assertThat(project.stateJson().path("next_action").asText())
        .contains("Budget cap exceeded: 12.00 USD spent of 10.00 USD limit");
    project.assertKeyNowhere();
  }
}
