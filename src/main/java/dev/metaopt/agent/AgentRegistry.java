package dev.metaopt.agent;

import dev.metaopt.state.MachineState;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one place control agents are registered. Every non-terminal state must have exactly one
 * governing agent; swapping an implementation is one {@link #with} call.
 */
public final class AgentRegistry {
  private final Map<MachineState, ControlAgent> byState;

  private AgentRegistry(Map<MachineState, ControlAgent> byState) {
    this.byState = byState;
  }

  /** A registry of the given agents; fails when a state is governed twice or not at all. */
  public static AgentRegistry of(List<ControlAgent> agents) {
    Map<MachineState, ControlAgent> byState = new EnumMap<>(MachineState.class);
    for (ControlAgent agent : agents) {
      for (MachineState state : agent.governs()) {
        ControlAgent previous = byState.putIfAbsent(state, agent);
        if (previous != null) {
          throw new IllegalStateException(
              state + " is governed by both " + previous.name() + " and " + agent.name());
        }
      }
    }
    for (MachineState state : MachineState.values()) {
      if (!state.isTerminal() && !byState.containsKey(state)) {
        throw new IllegalStateException("no control agent governs " + state);
      }
    }
    return new AgentRegistry(byState);
  }

  /** A copy with {@code replacement} governing its states instead of the agents it displaces. */
  public AgentRegistry with(ControlAgent replacement) {
    Map<MachineState, ControlAgent> copy = new EnumMap<>(byState);
    replacement.governs().forEach(state -> copy.put(state, replacement));
    return new AgentRegistry(copy);
  }

  /** The agent governing {@code state} (non-terminal states only). */
  public ControlAgent forState(MachineState state) {
    return Objects.requireNonNull(byState.get(state), () -> "no control agent for " + state);
  }
}
