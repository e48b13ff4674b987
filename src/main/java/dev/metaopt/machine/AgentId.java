package dev.metaopt.machine;

/**
 * The six control agents of the v4 contract: the name a handoff carries in {@code control_agent}
 * and the prefix of its {@code handoff_type}, as the contract spells them.
 */
public enum AgentId {
  LOAD("metaopt-load-campaign", "load_campaign"),
  HYDRATE("metaopt-hydrate-state", "hydrate_state"),
  BACKGROUND("metaopt-background-control", "background_control"),
  SELECT("metaopt-select-design", "select_design"),
  REMOTE("metaopt-remote-execution-control", "remote_execution"),
  CLOSE("metaopt-iteration-close-control", "iteration_close");

  private final String contractName;
  private final String handoffPrefix;

  AgentId(String contractName, String handoffPrefix) {
    this.contractName = contractName;
    this.handoffPrefix = handoffPrefix;
  }

  /** E.g. {@code metaopt-background-control}. */
  public String contractName() {
    return contractName;
  }

  /** The handoff type of one of this agent's phases, e.g. {@code select_design.plan_select_design}. */
  public String handoffType(Phase phase) {
    return handoffPrefix + "." + phase.wireName();
  }
}
