package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SELECT_AND_DESIGN_SWEEP (upstream S-01…S-13). */
class SelectDesignAgentTest {
  static final String RESULT = ".ml-metaopt/worker-results/select-design-iter-1.json";

  @TempDir Path dir;
  AgentHarness harness;
  final SelectDesignAgent agent = new SelectDesignAgent();

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(dir);
  }

  ObjectNode pooled() {
    ObjectNode state = harness.state(MachineState.SELECT_AND_DESIGN_SWEEP);
    state.putArray("current_proposals").add(AgentHarness.proposal("test-campaign-p1", "grid"))
        .add(AgentHarness.proposal("test-campaign-p2", "bayes"));
    return state;
  }

  @Test
  void s01PlanFreezesThePoolAndDispatchesTheSelectionWorker() {
    AgentHarness.Step step = harness.step(agent, pooled());
    assertThat(step.recommended()).isEqualTo("SELECT_AND_DESIGN_SWEEP");
    assertThat(step.after().path("proposal_cycle").path("current_pool_frozen").asBoolean())
        .isTrue();
    // deliberate difference: the selection worker is a launch request (upstream left it to the
    // host), so the task reaches the worker through the same dispatch as every lane
    assertThat(step.handoff().launchRequests()).singleElement().satisfies(request -> {
      assertThat(request.path("worker_ref").asText()).isEqualTo("metaopt-selection-worker");
      assertThat(request.path("task_file").asText())
          .isEqualTo(".ml-metaopt/tasks/select-design-iter-1.md");
      assertThat(request.path("task").path("pool")).hasSize(2);
    });
  }

  @Test
  void s05FinalizeRecordsTheWinnerAndGoesToLocalSanity() {
    ObjectNode state = pooled();
    ((ObjectNode) state.get("proposal_cycle")).put("current_pool_frozen", true);
    harness.result(RESULT, "{\"winning_proposal\": {\"proposal_id\": \"test-campaign-p1\"},"
        + " \"sweep_config\": " + AgentHarness.proposal("x", "grid").get("sweep_config")
        + ", \"ranking_rationale\": \"p1 covers the grid\"}");
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("LOCAL_SANITY");
    assertThat(step.after().path("selected_sweep").path("proposal_id").asText())
        .isEqualTo("test-campaign-p1");
    assertThat(step.after().path("selected_sweep").path("sweep_config").path("method").asText())
        .isEqualTo("grid");
    assertThat(step.after().path("next_action").asText()).isEqualTo("run local sanity check");
  }

  @Test
  void s07WinnerOutsideThePoolBlocksTheProtocol() {
    ObjectNode state = pooled();
    ((ObjectNode) state.get("proposal_cycle")).put("current_pool_frozen", true);
    harness.result(RESULT, "{\"winning_proposal\": {\"proposal_id\": \"nonexistent-p99\"},"
        + " \"sweep_config\": " + AgentHarness.proposal("x", "grid").get("sweep_config")
        + ", \"ranking_rationale\": \"r\"}");
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(step.after().path("next_action").asText())
        .contains("nonexistent-p99", "not in the frozen pool");
  }

  @Test
  void s08ResultWithoutSweepConfigBlocksTheProtocol() {
    ObjectNode state = pooled();
    ((ObjectNode) state.get("proposal_cycle")).put("current_pool_frozen", true);
    harness.result(RESULT, "{\"winning_proposal\": {\"proposal_id\": \"test-campaign-p1\"},"
        + " \"ranking_rationale\": \"r\"}");
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(step.after().path("next_action").asText()).contains("sweep_config");
  }
}
