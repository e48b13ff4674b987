package dev.metaopt.agent;

import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import java.util.Map;
import java.util.function.Function;

/**
 * A control agent: decides deterministically which phase to run from the state and the result
 * files on disk, and returns a {@link Handoff}. It never writes state, never runs a worker and
 * never touches the network: the orchestrator validates the handoff and executes it. Which states
 * it governs and which phases it runs there are declared in the transition table, not here.
 */
public interface ControlAgent {
  /** Which of the contract's agents this is. */
  AgentId id();

  /** Contract name, e.g. {@code metaopt-background-control}. */
  default String name() {
    return id().contractName();
  }

  /** The phase to run now, chosen only from {@code ctx} (state + files). */
  Phase selectPhase(AgentContext ctx);

  /**
   * One handler per phase the agent runs. Handlers change state by mutating
   * {@link AgentContext#working()} and finish with {@link AgentContext#finish(Handoff)}, which
   * records the diff as the state patch.
   */
  Map<Phase, Function<AgentContext, Handoff>> handlers();
}
