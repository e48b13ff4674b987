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
 * The state machine as data, in one place: which control agent governs each state and which
 * phases it runs there (the agent registry is built from this: {@code (state, phase) -> agent}),
 * and every allowed transition, self-loops and the reopening of terminal campaigns included. The
 * orchestrator refuses any recommendation not listed here, the docs' diagram is generated from
 * it, and a test fails if a transition is never exercised.
 */
public final class TransitionTable {
  /** Governing agent and phases of one non-terminal state. */
  public record StateSpec(MachineState state, AgentId agent, List<Phase> phases) {
    public StateSpec {
      phases = List.copyOf(phases);
    }
  }

  private static final Map<MachineState, StateSpec> STATES = new EnumMap<>(MachineState.class);
  // Linked to keep declaration order for the generated diagram.
  private static final Map<Transition.Edge, Transition> TRANSITIONS = new LinkedHashMap<>();

  static {
    state(LOAD_CAMPAIGN, AgentId.LOAD, Phase.VALIDATE);
    state(HYDRATE_STATE, AgentId.HYDRATE, Phase.HYDRATE);
    state(IDEATE, AgentId.BACKGROUND, Phase.PLAN_BACKGROUND_WORK);
    state(WAIT_FOR_PROPOSALS, AgentId.BACKGROUND, Phase.GATE_BACKGROUND_WORK);
    state(SELECT_AND_DESIGN_SWEEP, AgentId.SELECT, Phase.PLAN_SELECT_DESIGN,
        Phase.FINALIZE_SELECT_DESIGN);
    state(LOCAL_SANITY, AgentId.REMOTE, Phase.GATE_LOCAL_SANITY);
    state(LAUNCH_SWEEP, AgentId.REMOTE, Phase.PLAN_LAUNCH);
    state(WAIT_FOR_SWEEP, AgentId.REMOTE, Phase.POLL_SWEEP);
    state(ANALYZE, AgentId.REMOTE, Phase.ANALYZE);
    state(ROLL_ITERATION, AgentId.CLOSE, Phase.PLAN_ROLL_ITERATION,
        Phase.GATE_ROLL_ITERATION);

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
        add(new Transition(state, BLOCKED_PROTOCOL, "protocol violation or worker contract broken",
            Transition.Kind.PROTOCOL_VIOLATION));
      }
    }

    // Reopening a terminal campaign (HYDRATE_STATE does it; history, baseline and learnings stay).
    reopen(FAILED, LOCAL_SANITY, "resume --retry after a failed smoke test, launch or sweep:"
        + " the selected sweep is smoke-tested again, then launched as a new sweep");
    reopen(BLOCKED_PROTOCOL, IDEATE, "resume --retry after a worker or agent broke the protocol"
        + " before a sweep was selected: ideation again with the pool kept");
    reopen(BLOCKED_PROTOCOL, LOCAL_SANITY, "resume --retry after a worker or agent broke the"
        + " protocol from the smoke test to the analysis: smoke test, then a new sweep");
    reopen(BLOCKED_CONFIG, IDEATE, "max_budget_usd raised above the spend that stopped it at the"
        + " rollover: next iteration");
    reopen(BLOCKED_CONFIG, LOCAL_SANITY, "max_budget_usd raised above the spend that stopped its"
        + " sweep: smoke test, then a new sweep");
    reopen(COMPLETE, IDEATE, "the stop condition that ended it no longer holds (max_iterations,"
        + " target_metric or max_no_improve_iterations raised): next iteration");
  }

  private TransitionTable() {}

  private static void state(MachineState state, AgentId agent, Phase... phases) {
    STATES.put(state, new StateSpec(state, agent, List.of(phases)));
  }

  private static void add(MachineState from, MachineState to, String when) {
    add(new Transition(from, to, when, Transition.Kind.STEP));
  }

  private static void reopen(MachineState terminal, MachineState to, String when) {
    add(new Transition(terminal, to, when, Transition.Kind.REOPEN));
  }

  private static void add(Transition transition) {
    if (TRANSITIONS.putIfAbsent(transition.edge(), transition) != null) {
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
    return Optional.ofNullable(TRANSITIONS.get(new Transition.Edge(from, to)));
  }

  /** True when the table allows {@code from -> to}. */
  public static boolean allows(MachineState from, MachineState to) {
    return TRANSITIONS.containsKey(new Transition.Edge(from, to));
  }

  /** True when the table declares {@code phase} for {@code state}. */
  public static boolean declares(MachineState state, Phase phase) {
    return spec(state).map(spec -> spec.phases().contains(phase)).orElse(false);
  }

  /** Every non-terminal state's spec, in state order. */
  public static List<StateSpec> specs() {
    return List.copyOf(STATES.values());
  }
}
