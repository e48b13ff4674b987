package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.MetaoptException;
import dev.metaopt.agent.AgentContext;
import dev.metaopt.agent.AgentRegistry;
import dev.metaopt.agent.Agents;
import dev.metaopt.agent.BackgroundControlAgent;
import dev.metaopt.agent.ControlAgent;
import dev.metaopt.agent.Handoff;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handoff that breaks the ownership map ends the campaign in BLOCKED_PROTOCOL (D-16). */
class ProtocolViolationTest {
  @TempDir Path dir;

  static SessionOutcome runWith(FakeProject project, AgentRegistry registry) {
    return project.fixture.run(registry, project.workers);
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
        new RogueAgent(AgentId.BACKGROUND, "baseline"));

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
        new RogueAgent(AgentId.BACKGROUND, "status"));

    SessionOutcome outcome = runWith(project, registry);

    assertThat(outcome.machineState()).isEqualTo(MachineState.BLOCKED_PROTOCOL);
    assertThat(project.state().path("next_action").asText())
        .contains("state_patch must not contain status");
  }

  @Test
  void anAgentChoosingAnUndeclaredPhaseStopsWithABugAndLeavesStateUntouched() {
    // given an ideation agent that picks a phase IDEATE does not have
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 2
        """, "{}");
    ControlAgent confused = new ChoosingAgent(new BackgroundControlAgent(),
        Phase.GATE_BACKGROUND_WORK);

    // when / then: hydration persists IDEATE, and the first agent step stops as a bug
    assertThatThrownBy(() -> runWith(project, Agents.registry().with(confused)))
        .isInstanceOf(MetaoptException.class)
        .hasMessageContaining("chose phase gate_background_work in IDEATE")
        .extracting(e -> ((MetaoptException) e).exitCode()).isEqualTo(ExitCode.SOFTWARE);
    assertThat(project.state().path("machine_state").asText()).isEqualTo("IDEATE");
    assertThat(project.layout.handoffsDir().resolve("metaopt-background-control-IDEATE.json"))
        .doesNotExist();
  }

  @Test
  void stayingInAStateWithoutASelfLoopIsAViolation() {
    // given an ideation agent that recommends nothing (stay), but IDEATE -> IDEATE is no edge
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 2
        """, "{}");
    ControlAgent staying = new ChoosingAgent(new BackgroundControlAgent(), null);

    SessionOutcome outcome = runWith(project, Agents.registry().with(staying));

    assertThat(outcome.machineState()).isEqualTo(MachineState.BLOCKED_PROTOCOL);
    assertThat(project.state().path("next_action").asText())
        .contains("staying in IDEATE is not in the state machine");
  }

  /**
   * The background agent with its phase choice replaced ({@code phase}), or, when null, with
   * every recommendation removed.
   */
  private record ChoosingAgent(ControlAgent inner, Phase phase) implements ControlAgent {
    @Override
    public AgentId id() {
      return inner.id();
    }

    @Override
    public Phase selectPhase(AgentContext ctx) {
      return phase != null ? phase : inner.selectPhase(ctx);
    }

    @Override
    public Map<Phase, Function<AgentContext, Handoff>> handlers() {
      Map<Phase, Function<AgentContext, Handoff>> handlers = new EnumMap<>(Phase.class);
      inner.handlers().forEach((p, h) -> handlers.put(p, phase != null ? h
          : ctx -> h.apply(ctx).recommend(null)));
      return handlers;
    }
  }
}
