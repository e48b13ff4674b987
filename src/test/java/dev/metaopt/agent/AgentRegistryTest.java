package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.machine.TransitionTable;
import dev.metaopt.state.MachineState;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The registry is built from the transition table's {@code (state, phase) -> agent} rows. */
class AgentRegistryTest {
  @Test
  void everyDeclaredStateAndPhaseHasAHandlerOfTheDeclaredAgent() {
    AgentRegistry registry = Agents.registry();
    for (TransitionTable.StateSpec spec : TransitionTable.specs()) {
      assertThat(registry.forState(spec.state()).id()).isEqualTo(spec.agent());
      for (Phase phase : spec.phases()) {
        assertThat(registry.handler(spec.state(), phase)).as(spec.state() + "/" + phase)
            .isNotNull();
      }
    }
  }

  @Test
  void anAgentMissingAHandlerOfADeclaredPhaseIsRefusedAtStartUp() {
    // given the selection agent without its finalize phase
    ControlAgent partial = new Wrapped(new SelectDesignAgent(), Phase.FINALIZE_SELECT_DESIGN,
        null);

    // then
    assertThatThrownBy(() -> Agents.registry().with(partial))
        .hasMessageContaining("metaopt-select-design has no handler for phase"
            + " finalize_select_design of SELECT_AND_DESIGN_SWEEP");
  }

  @Test
  void anAgentHandlingAPhaseTheTableDoesNotDeclareForItIsRefused() {
    // given the selection agent also claiming a remote-execution phase
    ControlAgent greedy = new Wrapped(new SelectDesignAgent(), Phase.POLL_SWEEP,
        ctx -> Handoff.create(AgentId.SELECT, Phase.POLL_SWEEP));

    // then
    assertThatThrownBy(() -> Agents.registry().with(greedy))
        .hasMessageContaining("does not declare for it: [POLL_SWEEP]");
  }

  @Test
  void aPhaseUndeclaredForTheStateIsAnErrorNeverAFallback() {
    // PLAN_SELECT_DESIGN is the selection agent's, but not a phase of ANALYZE
    assertThatThrownBy(() -> Agents.registry().handler(MachineState.ANALYZE,
        Phase.PLAN_SELECT_DESIGN))
        .isInstanceOf(AgentRegistry.UndeclaredPhaseException.class)
        .hasMessageContaining("chose phase plan_select_design in ANALYZE");
  }

  /** An agent with one handler removed ({@code handler == null}) or added. */
  private record Wrapped(ControlAgent inner, Phase phase, Function<AgentContext, Handoff> handler)
      implements ControlAgent {
    @Override
    public AgentId id() {
      return inner.id();
    }

    @Override
    public Phase selectPhase(AgentContext ctx) {
      return inner.selectPhase(ctx);
    }

    @Override
    public Map<Phase, Function<AgentContext, Handoff>> handlers() {
      Map<Phase, Function<AgentContext, Handoff>> handlers = new HashMap<>(inner.handlers());
      if (handler == null) {
        handlers.remove(phase);
      } else {
        handlers.put(phase, handler);
      }
      return handlers;
    }
  }
}
