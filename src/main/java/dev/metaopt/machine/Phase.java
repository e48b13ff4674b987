package dev.metaopt.machine;

import java.util.Locale;

/**
 * The phases of the control agents: what one step does in its state. {@link TransitionTable}
 * declares which phases each state has; an agent choosing another one is a bug, never a silent
 * fallback.
 */
public enum Phase {
  VALIDATE,
  HYDRATE,
  PLAN_BACKGROUND_WORK,
  GATE_BACKGROUND_WORK,
  PLAN_SELECT_DESIGN,
  FINALIZE_SELECT_DESIGN,
  GATE_LOCAL_SANITY,
  PLAN_LAUNCH,
  POLL_SWEEP,
  ANALYZE,
  PLAN_ROLL_ITERATION,
  GATE_ROLL_ITERATION;

  /** The name in handoff types, the ledger and the docs, e.g. {@code plan_launch}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
