package dev.metaopt.machine;

import static dev.metaopt.state.MachineState.ANALYZE;
import static dev.metaopt.state.MachineState.BLOCKED_CONFIG;
import static dev.metaopt.state.MachineState.BLOCKED_PROTOCOL;
import static dev.metaopt.state.MachineState.COMPLETE;
import static dev.metaopt.state.MachineState.FAILED;
import static dev.metaopt.state.MachineState.HYDRATE_STATE;
import static dev.metaopt.state.MachineState.IDEATE;
import static dev.metaopt.state.MachineState.LAUNCH_SWEEP;
import static dev.metaopt.state.MachineState.LOAD_CAMPAIGN;
import static dev.metaopt.state.MachineState.LOCAL_SANITY;
import static dev.metaopt.state.MachineState.ROLL_ITERATION;
import static dev.metaopt.state.MachineState.SELECT_AND_DESIGN_SWEEP;
import static dev.metaopt.state.MachineState.WAIT_FOR_PROPOSALS;
import static dev.metaopt.state.MachineState.WAIT_FOR_SWEEP;

import dev.metaopt.state.MachineState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state machine as data, in one place: which control agent governs each state, its phases,
 * and every allowed transition. The orchestrator refuses any recommendation not listed here, the
 * docs' diagram is generated from it, and a test fails if a transition is never exercised.
 */
public final class TransitionTable {
  /** Control agent names, as the v4 contract spells them. */
  public static final String LOAD_AGENT = "metaopt-load-campaign";

  public static final String HYDRATE_AGENT = "metaopt-hydrate-state";
  public static final String BACKGROUND_AGENT = "metaopt-background-control";
  public static final String SELECT_AGENT = "metaopt-select-design";
  public static final String REMOTE_AGENT = "metaopt-remote-execution-control";
  public static final String CLOSE_AGENT = "metaopt-iteration-close-control";

  /** Governing agent and phases of one non-terminal state. */
  public record StateSpec(MachineState state, String agent, List<String> phases) {
    public StateSpec {
      phases = List.copyOf(phases);
    }
  }

  private static final Map<MachineState, StateSpec> STATES = new EnumMap<>(MachineState.class);
  // Linked to keep declaration order for the generated diagram.
  private static final Map<String, Transition> TRANSITIONS = new LinkedHashMap<>();

  static {
    state(LOAD_CAMPAIGN, LOAD_AGENT, "validate");
    state(HYDRATE_STATE, HYDRATE_AGENT, "hydrate");
    state(IDEATE, BACKGROUND_AGENT, "plan_background_work");
    state(WAIT_FOR_PROPOSALS, BACKGROUND_AGENT, "gate_background_work");
    state(SELECT_AND_DESIGN_SWEEP, SELECT_AGENT, "plan_select_design", "finalize_select_design");
    state(LOCAL_SANITY, REMOTE_AGENT, "gate_local_sanity");
    state(LAUNCH_SWEEP, REMOTE_AGENT, "plan_launch");
    state(WAIT_FOR_SWEEP, REMOTE_AGENT, "poll_sweep");
    state(ANALYZE, REMOTE_AGENT, "analyze");
    state(ROLL_ITERATION, CLOSE_AGENT, "plan_roll_iteration", "gate_roll_iteration");

    add(LOAD_CAMPAIGN, HYDRATE_STATE, "campaign valid and preflight READY for this identity");
    add(LOAD_CAMPAIGN, BLOCKED_CONFIG, "campaign invalid, or preflight missing, stale or failed");

    add(HYDRATE_STATE, IDEATE, "fresh campaign, or resumed in IDEATE");
    add(HYDRATE_STATE, WAIT_FOR_PROPOSALS, "resumed");
    add(HYDRATE_STATE, SELECT_AND_DESIGN_SWEEP, "resumed");
    add(HYDRATE_STATE, LOCAL_SANITY, "resumed");
    add(HYDRATE_STATE, LAUNCH_SWEEP, "resumed before a sweep was registered");
    add(HYDRATE_STATE, WAIT_FOR_SWEEP, "resumed with a live sweep: reconnect and poll");
    add(HYDRATE_STATE, ANALYZE, "resumed");
    add(HYDRATE_STATE, ROLL_ITERATION, "resumed");
    add(HYDRATE_STATE, BLOCKED_CONFIG, "identity mismatch or a configured worker is missing");

    add(IDEATE, WAIT_FOR_PROPOSALS, "ideation slots dispatched");
    add(IDEATE, SELECT_AND_DESIGN_SWEEP, "pool already holds current_target proposals");
    add(WAIT_FOR_PROPOSALS, SELECT_AND_DESIGN_SWEEP, "pool reached current_target");
    add(WAIT_FOR_PROPOSALS, IDEATE, "pool still below current_target");
    add(WAIT_FOR_PROPOSALS, BLOCKED_PROTOCOL, "ideation produced no valid proposal for 3 rounds");

    add(SELECT_AND_DESIGN_SWEEP, SELECT_AND_DESIGN_SWEEP, "pool frozen, selection dispatched");
    add(SELECT_AND_DESIGN_SWEEP, LOCAL_SANITY, "winning proposal and sweep config recorded");

    add(LOCAL_SANITY, LOCAL_SANITY, "smoke test dispatched");
    add(LOCAL_SANITY, LAUNCH_SWEEP, "smoke test passed");
    add(LOCAL_SANITY, FAILED, "smoke test failed before 60 s");

    add(LAUNCH_SWEEP, LAUNCH_SWEEP, "launch dispatched");
    add(LAUNCH_SWEEP, WAIT_FOR_SWEEP, "sweep registered and agents up");
    add(LAUNCH_SWEEP, FAILED, "launch failed (nothing left running)");

    add(WAIT_FOR_SWEEP, WAIT_FOR_SWEEP, "sweep still running: poll again");
    add(WAIT_FOR_SWEEP, ANALYZE, "sweep completed");
    add(WAIT_FOR_SWEEP, BLOCKED_CONFIG, "budget exceeded: all trials stopped");
    add(WAIT_FOR_SWEEP, FAILED, "sweep failed or crashed with no finished run");

    add(ANALYZE, ANALYZE, "analysis dispatched");
    add(ANALYZE, ROLL_ITERATION, "analysis recorded, baseline updated");

    add(ROLL_ITERATION, ROLL_ITERATION, "rollover computed");
    add(ROLL_ITERATION, IDEATE, "no stop condition: next iteration");
    add(ROLL_ITERATION, COMPLETE, "target metric, max_iterations or plateau reached");
    add(ROLL_ITERATION, BLOCKED_CONFIG, "spend reached max_budget_usd");

    for (MachineState state : MachineState.values()) {
      // LOAD_CAMPAIGN and HYDRATE_STATE never change state on a bad handoff: loading rejects
      // the campaign (BLOCKED_CONFIG) and a broken hydrate is a bug in metaopt itself.
      if (!state.isTerminal() && state != LOAD_CAMPAIGN && state != HYDRATE_STATE
          && !allows(state, BLOCKED_PROTOCOL)) {
        add(state, BLOCKED_PROTOCOL, "protocol violation or worker contract broken");
      }
    }
  }

  private TransitionTable() {}

  private static void state(MachineState state, String agent, String... phases) {
    STATES.put(state, new StateSpec(state, agent, List.of(phases)));
  }

  private static void add(MachineState from, MachineState to, String when) {
    Transition transition = new Transition(from, to, when);
    if (TRANSITIONS.putIfAbsent(transition.key(), transition) != null) {
      throw new IllegalStateException("duplicate transition " + transition.key());
    }
  }

  /** The spec of a non-terminal state; empty for terminal states. */
  public static Optional<StateSpec> spec(MachineState state) {
    return Optional.ofNullable(STATES.get(state));
  }

  /** Every allowed transition, in declaration order. */
  public static List<Transition> transitions() {
    return Collections.unmodifiableList(new ArrayList<>(TRANSITIONS.values()));
  }

  /** The transition {@code from -> to}, if allowed. */
  public static Optional<Transition> find(MachineState from, MachineState to) {
    return Optional.ofNullable(TRANSITIONS.get(from + "->" + to));
  }

  /** True when the table allows {@code from -> to}. */
  public static boolean allows(MachineState from, MachineState to) {
    return TRANSITIONS.containsKey(from + "->" + to);
  }
}
