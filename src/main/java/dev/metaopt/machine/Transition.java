package dev.metaopt.machine;

import dev.metaopt.state.MachineState;
import java.util.Objects;

/**
 * One allowed edge of the state machine.
 *
 * @param from the state the campaign is in
 * @param to the state it moves to (equal to {@code from} for a step that stays in place)
 * @param when the condition, in words, for docs and the diagram
 * @param protocolViolation true for the generic "a handoff or worker broke the contract" edge
 *     every working state has (drawn once in the diagram instead of from every state)
 */
public record Transition(MachineState from, MachineState to, String when,
    boolean protocolViolation) {
  public Transition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(when, "when");
    if (from.isTerminal()) {
      throw new IllegalArgumentException("no transition may leave terminal state " + from);
    }
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
