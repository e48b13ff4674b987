package dev.metaopt.agent;

import dev.metaopt.state.MachineState;
import java.util.Set;

/**
 * A control agent: owns a group of machine states, decides deterministically which phase to
 * run from the state and the result files on disk, and returns a {@link Handoff}. It never
 * writes state, never runs a worker and never touches the network: the orchestrator validates
 * the handoff and executes it.
 */
public interface ControlAgent {
  /** Contract name, e.g. {@code metaopt-background-control}. */
  String name();

  /** The machine states this agent governs. */
  Set<MachineState> governs();

  /** The phase to run now, chosen only from {@code ctx} (state + files), e.g. {@code plan_select_design}. */
  String selectPhase(AgentContext ctx);

  /**
   * Runs one phase. Agents change state by mutating {@link AgentContext#working()} and finish
   * with {@link AgentContext#finish(Handoff)}, which records the diff as the state patch.
   */
  Handoff run(AgentContext ctx, String phase);
}
