package dev.metaopt.agent;

import java.util.List;

/** The default control agents, registered in one place. */
public final class Agents {
  private Agents() {}

  /** The six agents of the v4 contract. */
  public static AgentRegistry registry() {
    return AgentRegistry.of(List.of(new LoadCampaignAgent(), new HydrateStateAgent(),
        new BackgroundControlAgent(), new SelectDesignAgent(), new RemoteExecutionAgent(),
        new IterationCloseAgent()));
  }
}
