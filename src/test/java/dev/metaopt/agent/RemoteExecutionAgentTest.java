package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOCAL_SANITY … ANALYZE (upstream R-01…R-18), with D-5, D-7, D-8, D-11, D-12, D-14 fixed. */
class RemoteExecutionAgentTest {
  static final String SMOKE = ".ml-metaopt/executor-events/smoke-test-iter-1.json";
  static final String LAUNCH = ".ml-metaopt/worker-results/launch-sweep-iter-1.json";
  static final String ANALYSIS = ".ml-metaopt/worker-results/sweep-analysis-iter-1.json";

  @TempDir Path dir;
  AgentHarness harness;
  final RemoteExecutionAgent agent = new RemoteExecutionAgent();

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(dir);
  }

  ObjectNode state(MachineState machineState) {
    ObjectNode state = harness.state(machineState);
    ObjectNode selected = state.putObject("selected_sweep");
    selected.put("proposal_id", "prop-001");
    selected.set("sweep_config", AgentHarness.proposal("x", "bayes").get("sweep_config"));
    return state;
  }

  ObjectNode sweeping(MachineState machineState) {
    ObjectNode state = state(machineState);
    state.set("current_sweep", AgentHarness.parse("{\"sweep_id\": \"sw-1\", \"sweep_url\": \"u\","
        + " \"sky_job_ids\": [\"job-1\"], \"launched_at\": \"t\", \"cumulative_spend_usd\": 0.0,"
        + " \"polls\": 0}"));
    return state;
  }

  static String smoke(int exit, boolean timedOut, boolean passed) {
    return "{\"operation\": \"run_smoke_test\", \"exit_code\": " + exit + ", \"timed_out\": "
        + timedOut + ", \"passed\": " + passed + ", \"stdout_tail\": \"\", \"stderr_tail\": \"\"}";
  }

  static String poll(String status, String best, double spend) {
    return "{\"operation\": \"poll_sweep\", \"exit_code\": 0, \"sweep_status\": \"" + status
        + "\", \"best_metric_value\": " + best + ", \"best_run_id\": \"run-7\","
        + " \"best_run_config\": {\"lr\": 0.01}, \"killed_runs\": [],"
        + " \"cumulative_spend_usd\": " + spend + "}";
  }

  @Test
  void d05WithoutASmokeResultTheSmokeTestIsRequestedAndTheStateWaits() {
    AgentHarness.Step step = harness.step(agent, state(MachineState.LOCAL_SANITY));
    // upstream R-04 moved on to LAUNCH_SWEEP without ever reading the result
    assertThat(step.recommended()).isEqualTo("LOCAL_SANITY");
    assertThat(step.handoff().directives()).singleElement().satisfies(d -> {
      assertThat(d.path("action").asText()).isEqualTo("run_smoke_test");
      assertThat(d.path("command").asText()).isEqualTo("python train.py --smoke");
      assertThat(d.path("result_file").asText()).isEqualTo(SMOKE);
    });
  }

  @Test
  void r01PassingSmokeTestGoesToLaunch() {
    harness.result(SMOKE, smoke(0, false, true));
    AgentHarness.Step step = harness.step(agent, state(MachineState.LOCAL_SANITY));
    assertThat(step.recommended()).isEqualTo("LAUNCH_SWEEP");
    assertThat(step.handoff().summary()).contains("passed");
  }

  @Test
  void r02FailingSmokeTestFailsTheCampaign() {
    harness.result(SMOKE, smoke(1, false, false));
    AgentHarness.Step step = harness.step(agent, state(MachineState.LOCAL_SANITY));
    assertThat(step.recommended()).isEqualTo("FAILED");
    assertThat(step.handoff().summary()).contains("exited with code 1");
    assertThat(step.handoff().directives()).extracting(d -> d.path("action").asText())
        .containsExactly("remove_agents_hook");
  }

  @Test
  void r03StillRunningAt60SecondsPasses() {
    // deliberate difference (SPEC §3): upstream failed a smoke test that timed out
    harness.result(SMOKE, smoke(124, true, true));
    AgentHarness.Step step = harness.step(agent, state(MachineState.LOCAL_SANITY));
    assertThat(step.recommended()).isEqualTo("LAUNCH_SWEEP");
    assertThat(step.handoff().summary()).contains("60 s");
  }

  @Test
  void r05PlanLaunchRequestsTheSelectedSweepWithoutAPlaceholderSweep() {
    AgentHarness.Step step = harness.step(agent, state(MachineState.LAUNCH_SWEEP));
    assertThat(step.recommended()).isEqualTo("LAUNCH_SWEEP");
    assertThat(step.handoff().directives()).singleElement().satisfies(d -> {
      assertThat(d.path("action").asText()).isEqualTo("launch_sweep");
      assertThat(d.path("sky_task_spec").path("provider").asText()).isEqualTo("vast_ai");
      assertThat(d.path("sweep_config").path("method").asText()).isEqualTo("bayes");
    });
    assertThat(step.after().path("current_sweep").isNull()).isTrue();
  }

  @Test
  void launchResultWithASweepIdStartsWaiting() {
    harness.result(LAUNCH, "{\"operation\": \"launch_sweep\", \"exit_code\": 0, \"sweep_id\":"
        + " \"sw-9\", \"sweep_url\": \"u\", \"sky_job_ids\": [\"a\"], \"launched_at\": \"t\"}");
    AgentHarness.Step step = harness.step(agent, state(MachineState.LAUNCH_SWEEP));
    assertThat(step.recommended()).isEqualTo("WAIT_FOR_SWEEP");
    assertThat(step.after().path("current_sweep").path("sweep_id").asText()).isEqualTo("sw-9");
    assertThat(step.after().path("current_sweep").path("cumulative_spend_usd").asDouble())
        .isZero();
  }

  @Test
  void launchResultWithAnErrorFails() {
    harness.result(LAUNCH, "{\"operation\": \"launch_sweep\", \"exit_code\": 1, \"sweep_id\":"
        + " null, \"error\": \"sky launch failed\"}");
    AgentHarness.Step step = harness.step(agent, state(MachineState.LAUNCH_SWEEP));
    assertThat(step.recommended()).isEqualTo("FAILED");
    assertThat(step.after().path("next_action").asText()).contains("sky launch failed");
  }

  @Test
  void d12LaunchResultWithNeitherSweepNorErrorBlocksInsteadOfRelaunching() {
    harness.result(LAUNCH, "{\"operation\": \"launch_sweep\", \"exit_code\": 0}");
    AgentHarness.Step step = harness.step(agent, state(MachineState.LAUNCH_SWEEP));
    assertThat(step.recommended()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(step.handoff().directives()).extracting(d -> d.path("action").asText())
        .doesNotContain("launch_sweep");
  }

  @Test
  void r08WithoutAPollResultThePollIsRequested() {
    AgentHarness.Step step = harness.step(agent, sweeping(MachineState.WAIT_FOR_SWEEP));
    assertThat(step.recommended()).isEqualTo("WAIT_FOR_SWEEP");
    assertThat(step.handoff().directives()).singleElement().satisfies(d -> {
      assertThat(d.path("action").asText()).isEqualTo("poll_sweep");
      assertThat(d.path("sweep_id").asText()).isEqualTo("sw-1");
      assertThat(d.path("result_file").asText())
          .isEqualTo(".ml-metaopt/executor-events/poll-sweep-iter-1-1.json");
    });
  }

  @Test
  void d07AndD08ARunningPollIsConsumedRecordsTheBestAndTheNextVisitPollsAfresh() {
    harness.result(".ml-metaopt/executor-events/poll-sweep-iter-1-1.json",
        poll("running", "0.941", 2.4));
    AgentHarness.Step first = harness.step(agent, sweeping(MachineState.WAIT_FOR_SWEEP));
    assertThat(first.after().path("current_sweep").path("best_metric_value").asDouble())
        .isEqualTo(0.941);
    assertThat(first.after().path("current_sweep").path("cumulative_spend_usd").asDouble())
        .isEqualTo(2.4);
    AgentHarness.Step second = harness.step(agent, first.after());
    assertThat(second.handoff().directives()).singleElement().satisfies(d ->
        assertThat(d.path("result_file").asText()).endsWith("poll-sweep-iter-1-2.json"));
  }

  @Test
  void r10CompletedSweepGoesToAnalysis() {
    harness.result(".ml-metaopt/executor-events/poll-sweep-iter-1-1.json",
        poll("completed", "0.957", 6.8));
    assertThat(harness.step(agent, sweeping(MachineState.WAIT_FOR_SWEEP)).recommended())
        .isEqualTo("ANALYZE");
  }

  @Test
  void r11AndD11BudgetExceededStopsTheSweepAndClearsIt() {
    harness.result(".ml-metaopt/executor-events/poll-sweep-iter-1-1.json",
        poll("budget_exceeded", "0.944", 10.0));
    AgentHarness.Step step = harness.step(agent, sweeping(MachineState.WAIT_FOR_SWEEP));
    assertThat(step.recommended()).isEqualTo("BLOCKED_CONFIG");
    assertThat(step.after().path("current_sweep").isNull()).isTrue();
    assertThat(step.handoff().directives()).extracting(d -> d.path("action").asText())
        .containsExactly("stop_sweep", "remove_agents_hook", "emit_final_report");
    assertThat(step.handoff().json().path("warnings").toString()).contains("budget exceeded");
  }

  @Test
  void spendReachingTheBudgetStopsEvenWhenTheWorkerSaysRunning() {
    harness.result(".ml-metaopt/executor-events/poll-sweep-iter-1-1.json",
        poll("running", "0.9", 10.0));
    assertThat(harness.step(agent, sweeping(MachineState.WAIT_FOR_SWEEP)).recommended())
        .isEqualTo("BLOCKED_CONFIG");
  }

  @Test
  void r12FailedSweepFails() {
    harness.result(".ml-metaopt/executor-events/poll-sweep-iter-1-1.json",
        poll("failed", "null", 1.0));
    AgentHarness.Step step = harness.step(agent, sweeping(MachineState.WAIT_FOR_SWEEP));
    assertThat(step.recommended()).isEqualTo("FAILED");
    assertThat(step.after().path("current_sweep").isNull()).isTrue();
  }

  @Test
  void r13AnalysisIsRequestedFromTheAnalysisWorker() {
    AgentHarness.Step step = harness.step(agent, sweeping(MachineState.ANALYZE));
    assertThat(step.recommended()).isEqualTo("ANALYZE");
    assertThat(step.handoff().launchRequests()).singleElement().satisfies(r -> {
      assertThat(r.path("worker_ref").asText()).isEqualTo("metaopt-analysis-worker");
      assertThat(r.path("preferred_model").asText()).isEqualTo("claude-opus-4.6");
    });
  }

  @Test
  void r14ImprovementUpdatesBaselineAndLearnings() {
    ObjectNode state = sweeping(MachineState.ANALYZE);
    ((ObjectNode) state.get("current_sweep")).put("best_metric_value", 0.95)
        .put("best_run_id", "run-best");
    harness.result(ANALYSIS, "{\"improved\": true, \"best_metric_value\": 0.95, \"best_run_id\":"
        + " \"run-best\", \"best_run_url\": \"u\", \"learnings\": [\"use higher lr\"]}");
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("ROLL_ITERATION");
    assertThat(step.after().path("baseline").path("value").asDouble()).isEqualTo(0.95);
    assertThat(step.after().path("no_improve_iterations").asInt()).isZero();
    assertThat(step.after().path("completed_iterations")).hasSize(1);
    assertThat(step.after().path("key_learnings").toString()).contains("use higher lr");
  }

  @Test
  void r15NoImprovementKeepsTheBaselineAndCountsThePlateau() {
    ObjectNode state = sweeping(MachineState.ANALYZE);
    ((ObjectNode) state.get("current_sweep")).put("best_metric_value", 0.91);
    harness.result(ANALYSIS, "{\"improved\": false, \"best_metric_value\": 0.91, \"best_run_id\":"
        + " \"r\", \"learnings\": []}");
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.after().path("baseline").path("value").asDouble()).isEqualTo(0.923);
    assertThat(step.after().path("no_improve_iterations").asInt()).isEqualTo(1);
  }

  @Test
  void r16FirstResultEstablishesTheBaseline() {
    ObjectNode state = sweeping(MachineState.ANALYZE);
    state.putNull("baseline");
    ((ObjectNode) state.get("current_sweep")).put("best_metric_value", 0.94);
    harness.result(ANALYSIS, "{\"improved\": true, \"best_metric_value\": 0.94, \"best_run_id\":"
        + " \"r\", \"learnings\": []}");
    assertThat(harness.step(agent, state).after().path("baseline").path("value").asDouble())
        .isEqualTo(0.94);
  }

  @Test
  void d14AnImprovedClaimWithoutAMetricNeverNullsTheBaseline() {
    ObjectNode state = sweeping(MachineState.ANALYZE);
    harness.result(ANALYSIS, "{\"improved\": true, \"best_metric_value\": null, \"best_run_id\":"
        + " null, \"learnings\": []}");
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.after().path("baseline").path("value").asDouble()).isEqualTo(0.923);
    assertThat(step.after().path("completed_iterations").get(0).path("improved_baseline")
        .asBoolean()).isFalse();
    assertThat(step.handoff().json().path("warnings").toString()).contains("measurement wins");
  }

  @Test
  void d06AnalysingTwiceNeverDuplicatesTheIterationRecord() {
    ObjectNode state = sweeping(MachineState.ANALYZE);
    ((ObjectNode) state.get("current_sweep")).put("best_metric_value", 0.95);
    harness.result(ANALYSIS, "{\"improved\": true, \"best_metric_value\": 0.95, \"best_run_id\":"
        + " \"r\", \"learnings\": []}");
    ObjectNode once = harness.step(agent, state).after();
    once.put("machine_state", "ANALYZE");
    assertThat(harness.step(agent, once).after().path("completed_iterations")).hasSize(1);
  }
}
