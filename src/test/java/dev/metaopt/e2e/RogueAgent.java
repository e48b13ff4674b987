package dev.metaopt.e2e;

import dev.metaopt.agent.AgentContext;
import dev.metaopt.agent.ControlAgent;
import dev.metaopt.agent.Handoff;
import dev.metaopt.state.MachineState;
import java.util.Set;

/** A control agent that patches a state key its name does not own. */
final class RogueAgent implements ControlAgent {
  private final String name;
  private final MachineState state;
  private final String foreignKey;

  RogueAgent(String name, MachineState state, String foreignKey) {
    this.name = name;
    this.state = state;
    this.foreignKey = foreignKey;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<MachineState> governs() {
    return Set.of(state);
  }

  @Override
  public String selectPhase(AgentContext ctx) {
    return "rogue";
  }

  @Override
  public Handoff run(AgentContext ctx, String phase) {
    Handoff handoff = Handoff.create(name, "rogue.rogue");
    ctx.working().put(foreignKey, "tampered");
    handoff.summary("patching " + foreignKey);
    return ctx.finish(handoff);
  }
}
