package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs a state can only lack after a hand edit (upstream S-03, R-06, R-07, I-12, I-13): a clear
 * outcome, never an exception.
 */
class CorruptStateGuardsTest {
  @TempDir Path dir;
  AgentHarness harness;

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(dir);
  }

  @Test
  void s03SelectionWithAnEmptyPoolBlocksWithAReason() {
    AgentHarness.Step step = harness.step(new SelectDesignAgent(),
        harness.state(MachineState.SELECT_AND_DESIGN_SWEEP));
    assertThat(step.recommended()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(step.after().path("next_action").asText()).contains("current_proposals is empty");
  }

  @Test
  void r06LaunchWithoutASelectedSweepBlocksWithAReason() {
    AgentHarness.Step step = harness.step(new RemoteExecutionAgent(),
        harness.state(MachineState.LAUNCH_SWEEP));
    assertThat(step.recommended()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(step.after().path("next_action").asText()).contains("selected_sweep is missing");
  }

  @Test
  void r07PollingWithoutACurrentSweepBlocksWithAReason() {
    for (MachineState state : new MachineState[] {MachineState.WAIT_FOR_SWEEP,
        MachineState.ANALYZE}) {
      AgentHarness.Step step = harness.step(new RemoteExecutionAgent(), harness.state(state));
      assertThat(step.recommended()).isEqualTo("BLOCKED_PROTOCOL");
      assertThat(step.after().path("next_action").asText()).contains("current_sweep is missing");
    }
  }

  @Test
  void i12AndI13AMissingOrInvalidRolloverIsComputedAgain() {
    IterationCloseAgent agent = new IterationCloseAgent();
    ObjectNode state = harness.state(MachineState.ROLL_ITERATION);
    assertThat(harness.step(agent, state).handoff().handoffType())
        .isEqualTo("iteration_close.plan_roll_iteration");
    harness.result(".ml-metaopt/worker-results/rollover-iter-1.json", "{\"some_field\": 1}");
    assertThat(harness.step(agent, state).handoff().handoffType())
        .isEqualTo("iteration_close.plan_roll_iteration");
  }
}
