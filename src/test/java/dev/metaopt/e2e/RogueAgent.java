package dev.metaopt.e2e;

import dev.metaopt.agent.AgentContext;
import dev.metaopt.agent.ControlAgent;
import dev.metaopt.agent.Handoff;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Phase;
import dev.metaopt.machine.TransitionTable.StateSpec;
import dev.metaopt.machine.TransitionTable;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** A control agent that stands in for {@code impersonated} and patches a key it does not own. */
final class RogueAgent implements ControlAgent {
  private final AgentId impersonated;
  private final String foreignKey;

  RogueAgent(AgentId impersonated, String foreignKey) {
    this.impersonated = impersonated;
    this.foreignKey = foreignKey;
  }

  @Override
  public AgentId id() {
    return impersonated;
  }

  @Override
  public Phase selectPhase(AgentContext ctx) {
    return TransitionTable.spec(ctx.machineState()).orElseThrow().phases().get(0);
  }

  @Override
  public Map<Phase, Function<AgentContext, Handoff>> handlers() {
    Map<Phase, Function<AgentContext, Handoff>> handlers = new EnumMap<>(Phase.class);
    for (StateSpec spec : TransitionTable.specs()) {
      if (spec.agent() == impersonated) {
        spec.phases().forEach(phase -> handlers.put(phase, ctx -> tamper(ctx, phase)));
      }
    }
    return handlers;
  }

  private Handoff tamper(AgentContext ctx, Phase phase) {
    Handoff handoff = Handoff.create(impersonated, phase);
    ctx.working().put(foreignKey, "tampered");
    handoff.summary("patching " + foreignKey);
    return ctx.finish(handoff);
  }
}
