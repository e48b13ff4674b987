package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code poll_sweep} and {@code stop_sweep} against the faithful fakes: true spend, teardowns that
 * take, polls that end, and a W&B API that can say no (reference rows 12-14, 29, 30, 32-35).
 */
@Tag("e2e")
class SkyPilotPollTest {
  @TempDir Path root;
  @RegisterExtension final SkyPilotFakes fakes = new SkyPilotFakes();
  private SkyPilotHarness project;
  private FakeWandbServer server;

  @Test
  void spendCountsTheSweepsClustersEvenBehindFiveNewerOnes() throws Exception {
    // given: the user launched 5 clusters of their own after ours (row 13)
    start(2, FakeWandbServer.Mode.NORMAL);
    JsonNode launched = project.handle(project.task("launch_sweep"));
    project.env.put("SKYPILOT_FAKE_FOREIGN", "dev-a:2,dev-b:1,dev-c:3,dev-d:1,dev-e:4");

    // when: one cost-report ages each of our UP clusters by half an hour at $1.20/h
    JsonNode poll = project.handle(project.pollTask(launched, 1));

    // then
    assertThat(poll.path("cumulative_spend_usd").asDouble()).isCloseTo(1.20, within(1e-9));
  }

  @Test
  void aProviderWithoutPricesIsChargedHoursTimesTheCampaignRate() throws Exception {
    // given: Kubernetes reports $ 0.00 and "-" (row 14)
    start(1, FakeWandbServer.Mode.NORMAL);
    project.writeCampaign("kubernetes", 1, "cost_per_hour_usd: 4.0");
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // when
    JsonNode poll = project.handle(project.pollTask(launched, 1));

    // then: half an hour up at the campaign's $4/h
    assertThat(poll.path("cumulative_spend_usd").asDouble()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void aTeardownThatDidNotTakeIsRetriedOnTheNextPollAndConfirmed() throws Exception {
    // given: sky down fails once for agent 1 and still exits 0, as the real CLI does (row 12)
    start(2, FakeWandbServer.Mode.NORMAL);
    project.env.put("SKYPILOT_FAKE_DOWN_FAIL_ONCE", "-1");
    JsonNode launched = project.handle(project.task("launch_sweep"));
    ObjectNode stop = project.task("stop_sweep");
    stop.put("sweep_id", launched.path("sweep_id").asText());

    // when
    project.handle(stop);
    long afterStop = project.liveClusters();
    project.handle(project.pollTask(launched, 1));

    // then
    assertThat(afterStop).isEqualTo(1);
    assertThat(project.liveClusters()).isZero();
    assertThat(project.calls("sky")).filteredOn(c -> c.get(0).equals("down"))
        .first().satisfies(c -> assertThat(c).hasSize(4)); // one call for both clusters
    assertThat(project.calls("sky")).anySatisfy(c -> assertThat(c)
        .startsWith("status", "--refresh"));
  }

  @Test
  void aStuckTrainerIsCaughtByItsLastLogNotItsHeartbeat() throws Exception {
    // given: run 0 heartbeats but last logged two hours ago (row 32)
    start(2, FakeWandbServer.Mode.HUNG_PROGRESS);
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // when
    JsonNode poll = project.handle(project.pollTask(launched, 1));

    // then
    assertThat(poll.path("killed_runs")).extracting(JsonNode::asText)
        .containsExactly("sw000001-run0");
    assertThat(project.liveClusters()).isEqualTo(1);
  }

  @Test
  void aRunThatFinishedIsNeverJudgedHungOnAStaleListing() throws Exception {
    // given: the sweep's run listing shows run 0 hung, but it has finished when read on its own
    start(2, FakeWandbServer.Mode.HUNG_UNTIL_READ_AGAIN);
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // when
    JsonNode poll = project.handle(project.pollTask(launched, 1));

    // then: read again before judging it, nothing taken down, recorded as W&B has it
    assertThat(server.operations).contains("run");
    assertThat(poll.path("killed_runs")).isEmpty();
    assertThat(trial(poll, "sw000001-run0").path("state").asText()).isEqualTo("finished");
    assertThat(project.liveClusters()).isEqualTo(2);
  }

  @Test
  void aRunThatFinishesAsItIsTakenDownIsRecordedAsFinished() throws Exception {
    // given: run 0 looks hung until its agent goes down, and W&B then has it finished
    start(2, FakeWandbServer.Mode.HUNG_UNTIL_TAKEN_DOWN);
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // when
    JsonNode first = project.handle(project.pollTask(launched, 1));
    JsonNode second = project.handle(project.pollTask(launched, 2));

    // then: taken down as hung, then reported as W&B recorded it: finished, not killed
    assertThat(first.path("killed_runs")).extracting(JsonNode::asText)
        .containsExactly("sw000001-run0");
    assertThat(project.liveClusters()).isEqualTo(1);
    assertThat(second.path("killed_runs")).isEmpty();
    assertThat(trial(second, "sw000001-run0").path("state").asText()).isEqualTo("finished");
  }

  private static JsonNode trial(JsonNode poll, String runId) {
    for (JsonNode trial : poll.path("trials")) {
      if (trial.path("run_id").asText().equals(runId)) {
        return trial;
      }
    }
    throw new AssertionError(runId + " not in " + poll);
  }

  @Test
  void aSweepWhoseAgentsAllDiedIsOverThoughWandbSaysRunning() throws Exception {
    // given: agents stop heart-beating after the first run; W&B stays RUNNING (row 35)
    start(2, FakeWandbServer.Mode.AGENTS_DIE);
    JsonNode launched = project.handle(project.task("launch_sweep"));
    project.clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)); // past the grace

    // when
    String first = project.handle(project.pollTask(launched, 1)).path("sweep_status").asText();
    JsonNode second = project.handle(project.pollTask(launched, 2));

    // then
    assertThat(first).isEqualTo("completed"); // run 0 finished with a metric
    assertThat(second.path("sweep_status").asText()).isEqualTo("completed");
    assertThat(project.liveClusters()).isZero();
  }

  @Test
  void finishedWithARunInFlightKeepsPollingUntilItEnds() throws Exception {
    // given: FINISHED arrives while the last run still trains (row 33)
    start(1, FakeWandbServer.Mode.FINISHED_WITH_ACTIVE_RUN);
    JsonNode launched = project.handle(project.task("launch_sweep"));

    // when
    List<String> statuses = new java.util.ArrayList<>();
    for (int poll = 1; poll <= 4; poll++) {
      statuses.add(project.handle(project.pollTask(launched, poll)).path("sweep_status")
          .asText());
      if (!statuses.get(statuses.size() - 1).equals("running")) {
        break;
      }
    }

    // then
    assertThat(statuses).containsExactly("running", "running", "running", "completed");
    JsonNode last = project.handle(project.pollTask(launched, 5));
    assertThat(last.path("best_metric_value").asDouble()).isCloseTo(0.82, within(1e-9));
  }

  @Test
  void a429IsWaitedOutAndTheRunsAreReadPastAThousand() throws Exception {
    // given (rows 30 and 34)
    start(1, FakeWandbServer.Mode.NORMAL);
    JsonNode launched = project.handle(project.task("launch_sweep"));
    server.withFinishedRuns(1_020);
    server.rateLimitNext(2, 9);

    // when
    JsonNode poll = project.handle(project.pollTask(launched, 1));

    // then
    assertThat(poll.path("trials")).hasSize(1_021);
    assertThat(project.waits).containsExactly(Duration.ofSeconds(9), Duration.ofSeconds(9));
    assertThat(poll.path("best_run_config").has("wandb_version")).isFalse(); // row 29
  }

  @Test
  void aPollThatCannotReachWandbStillAnswersAndTheNextOneCatchesUp() throws Exception {
    // given: W&B answers 503 to everything for a while (row 34)
    start(1, FakeWandbServer.Mode.NORMAL);
    JsonNode launched = project.handle(project.task("launch_sweep"));
    server.failNext(1_000);

    // when
    JsonNode blind = project.handle(project.pollTask(launched, 1));
    server.failNext(0);
    JsonNode seeing = project.handle(project.pollTask(launched, 2));

    // then
    assertThat(blind.path("sweep_status").asText()).isEqualTo("running");
    assertThat(blind.path("exit_code").asInt()).isZero();
    assertThat(seeing.path("sweep_status").asText()).isEqualTo("running");
    assertThat(seeing.path("trials")).isNotEmpty();
  }

  private void start(int agents, FakeWandbServer.Mode mode) throws IOException {
    project = fakes.start(root, agents, new FakeWandbServer.Config(List.of(0.8), 3, mode));
    server = fakes.server();
  }
}
