package dev.metaopt.state;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The fourteen machine states of the v4 contract, in lifecycle order. */
public enum MachineState {
  LOAD_CAMPAIGN,
  HYDRATE_STATE,
  IDEATE,
  WAIT_FOR_PROPOSALS,
  SELECT_AND_DESIGN_SWEEP,
  LOCAL_SANITY,
  LAUNCH_SWEEP,
  WAIT_FOR_SWEEP,
  ANALYZE,
  ROLL_ITERATION,
  COMPLETE,
  BLOCKED_CONFIG,
  BLOCKED_PROTOCOL,
  FAILED;

  /** True for the four states a campaign never leaves. */
  public boolean isTerminal() {
    return this == COMPLETE || this == BLOCKED_CONFIG || this == BLOCKED_PROTOCOL || this == FAILED;
  }

  /** The status a state implies: its own name when terminal, otherwise RUNNING. */
  public Status status() {
    return isTerminal() ? Status.valueOf(name()) : Status.RUNNING;
  }

  /** The terminal states. */
  public static List<MachineState> terminals() {
    return Arrays.stream(values()).filter(MachineState::isTerminal).toList();
  }

  /** Looks a state up by its exact (case-sensitive) name. */
  public static Optional<MachineState> parse(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
