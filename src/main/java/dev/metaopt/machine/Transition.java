package dev.metaopt.machine;

import dev.metaopt.state.MachineState;
import java.util.Objects;

/**
 * One allowed edge of the state machine.
 *
 * @param from the state the campaign is in
 * @param to the state it moves to (equal to {@code from} for a step that stays in place)
 * @param when the condition, in words, for docs and the diagram
 * @param kind a step of a running campaign, the generic protocol-violation edge, or the
 *     reopening of a terminal campaign
 */
public record Transition(MachineState from, MachineState to, String when, Kind kind) {
  /** What moves a campaign along an edge. */
  public enum Kind {
    /** An agent's step in a running campaign. */
    STEP,
    /**
     * The generic "a handoff or worker broke the contract" edge every working state has (drawn
     * once in the diagram instead of from every state).
     */
    PROTOCOL_VIOLATION,
    /**
     * HYDRATE_STATE taking a terminal campaign back to work: {@code metaopt resume --retry} after
     * a failure, or a raised limit (max_iterations, budget, …) that no longer holds.
     */
    REOPEN
  }

  public Transition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(when, "when");
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.REOPEN ? !from.isTerminal() || to.isTerminal() : from.isTerminal()) {
      throw new IllegalArgumentException(kind == Kind.REOPEN
          ? "a reopening leads from a terminal state to a working one, not " + from + " -> " + to
          : "only a reopening may leave terminal state " + from);
    }
  }

  /** True for the generic protocol-violation edge. */
  public boolean protocolViolation() {
    return kind == Kind.PROTOCOL_VIOLATION;
  }

  /** True for an edge out of a terminal state. */
  public boolean reopening() {
    return kind == Kind.REOPEN;
  }

  /** The edge as a map key. */
  public Edge edge() {
    return new Edge(from, to);
  }

  /** {@code FROM->TO}, for coverage reports and messages. */
  public String key() {
    return edge().toString();
  }

  /** A pair of states, the key of the transition table. */
  public record Edge(MachineState from, MachineState to) {
    @Override
    public String toString() {
      return from + "->" + to;
    }
  }
}
