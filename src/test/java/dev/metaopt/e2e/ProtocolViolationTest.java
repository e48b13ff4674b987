package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.agent.AgentRegistry;
import dev.metaopt.agent.Agents;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.dispatch.LaneWorkers;
import dev.metaopt.machine.TransitionTable;
import dev.metaopt.orchestrator.Orchestrator;
import dev.metaopt.orchestrator.Pacer;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handoff that breaks the ownership map ends the campaign in BLOCKED_PROTOCOL (D-16). */
class ProtocolViolationTest {
  @TempDir Path dir;

  static SessionOutcome runWith(FakeProject project, AgentRegistry registry) {
    Orchestrator orchestrator = new Orchestrator(project.layout, registry,
        load -> new DispatchingWorkExecutor(project.layout, load, LaneWorkers.none(),
            System.getenv()),
        Pacer.none(), Clock.systemUTC());
    return orchestrator.run(project.campaign, Integer.MAX_VALUE);
  }

  @Test
  void aPatchOutsideTheAgentsOwnershipBlocksProtocolWithAPreciseNextAction() {
    // given: the IDEATE agent patches the baseline, which only remote execution may touch
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 2
        """, "{}");
    AgentRegistry registry = Agents.registry().with(
        new RogueAgent(TransitionTable.BACKGROUND_AGENT, MachineState.IDEATE, "baseline"));

    // when
    SessionOutcome outcome = runWith(project, registry);

    // then
    assertThat(outcome.machineState()).isEqualTo(MachineState.BLOCKED_PROTOCOL);
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.PROTOCOL);
    JsonNode state = project.state();
    assertThat(state.path("baseline").isNull()).isTrue();
    assertThat(state.path("next_action").asText()).contains("state_patch key 'baseline' is not"
        + " owned by 'metaopt-background-control'", "handoffs/metaopt-background-control-IDEATE");
    JsonNode status = project.status();
    assertThat(status.path("machine_state").asText()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(status.path("last_error").path("event").asText()).isEqualTo("protocol_violation");
    assertThat(project.layout.agentsFile()).doesNotExist();
  }

  @Test
  void patchingStatusDirectlyIsAViolationToo() {
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 2
        """, "{}");
    AgentRegistry registry = Agents.registry().with(
        new RogueAgent(TransitionTable.BACKGROUND_AGENT, MachineState.IDEATE, "status"));

    SessionOutcome outcome = runWith(project, registry);

    assertThat(outcome.machineState()).isEqualTo(MachineState.BLOCKED_PROTOCOL);
    assertThat(project.state().path("next_action").asText())
        .contains("state_patch must not contain status");
  }
}
