package dev.metaopt.agent;

import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.machine.TransitionTable.StateSpec;
import dev.metaopt.machine.TransitionTable;
import dev.metaopt.state.MachineState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The control agents, bound to the transition table: the table says which agent governs each
 * state and which phases it runs there, and building the registry fails unless every declared
 * {@code (state, phase)} has a handler and no agent handles a phase the table does not declare
 * for it. Swapping an implementation is one {@link #with} call.
 */
public final class AgentRegistry {
  private final Map<AgentId, ControlAgent> byId;

  private AgentRegistry(Map<AgentId, ControlAgent> byId) {
    this.byId = byId;
    check();
  }

  /** A registry of the given agents; fails when the table and the agents disagree. */
  public static AgentRegistry of(List<ControlAgent> agents) {
    Map<AgentId, ControlAgent> byId = new EnumMap<>(AgentId.class);
    for (ControlAgent agent : agents) {
      if (byId.putIfAbsent(agent.id(), agent) != null) {
        throw new IllegalStateException("two agents registered as " + agent.name());
      }
    }
    return new AgentRegistry(byId);
  }

  /** A copy with {@code replacement} standing in for the agent of the same id. */
  public AgentRegistry with(ControlAgent replacement) {
    Map<AgentId, ControlAgent> copy = new EnumMap<>(byId);
    copy.put(replacement.id(), replacement);
    return new AgentRegistry(copy);
  }

  /** The agent governing {@code state} (non-terminal states only). */
  public ControlAgent forState(MachineState state) {
    StateSpec spec = TransitionTable.spec(state).orElseThrow(
        () -> new IllegalArgumentException(state + " is terminal: no agent governs it"));
    return byId.get(spec.agent());
  }

  /**
   * The handler of {@code phase} in {@code state}.
   *
   * @throws UndeclaredPhaseException when the table does not declare that phase for that state
   */
  public Function<AgentContext, Handoff> handler(MachineState state, Phase phase) {
    if (!TransitionTable.declares(state, phase)) {
      throw new UndeclaredPhaseException(forState(state).name() + " chose phase "
          + phase.wireName() + " in " + state + ", which the transition table does not declare"
          + " (declared: " + TransitionTable.spec(state).map(StateSpec::phases).orElse(List.of())
          + ")");
    }
    return forState(state).handlers().get(phase);
  }

  /** Runs one step of {@code state}'s agent: its chosen phase's handler. */
  public Handoff run(AgentContext ctx) {
    MachineState state = ctx.machineState();
    return handler(state, forState(state).selectPhase(ctx)).apply(ctx);
  }

  private void check() {
    Map<AgentId, Set<Phase>> declared = new EnumMap<>(AgentId.class);
    for (StateSpec spec : TransitionTable.specs()) {
      ControlAgent agent = byId.get(spec.agent());
      if (agent == null) {
        throw new IllegalStateException("no agent registered as " + spec.agent().contractName()
            + ", which governs " + spec.state());
      }
      for (Phase phase : spec.phases()) {
        if (!agent.handlers().containsKey(phase)) {
          throw new IllegalStateException(agent.name() + " has no handler for phase "
              + phase.wireName() + " of " + spec.state());
        }
      }
      declared.computeIfAbsent(spec.agent(), id -> EnumSet.noneOf(Phase.class))
          .addAll(spec.phases());
    }
    for (ControlAgent agent : byId.values()) {
      Set<Phase> extra = EnumSet.noneOf(Phase.class);
      extra.addAll(agent.handlers().keySet());
      extra.removeAll(declared.getOrDefault(agent.id(), Set.of()));
      if (!extra.isEmpty()) {
        throw new IllegalStateException(agent.name() + " handles phases the transition table"
            + " does not declare for it: " + extra);
      }
    }
  }

  /** An agent chose a phase its state does not have: a bug in the agent, never a fallback. */
  public static final class UndeclaredPhaseException extends IllegalStateException {
    UndeclaredPhaseException(String message) {
      super(message);
    }
  }
}
