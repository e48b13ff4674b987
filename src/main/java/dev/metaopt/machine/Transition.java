package dev.metaopt.machine;

import dev.metaopt.state.MachineState;
import java.util.Objects;

/**
 * One allowed edge of the state machine.
 *
 * @param from the state the campaign is in
 * @param to the state it moves to (equal to {@code from} for a step that stays in place)
 * @param when the condition, in words, for docs and the diagram
 */
public record Transition(MachineState from, MachineState to, String when) {
  public Transition {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(when, "when");
    if (from.isTerminal()) {
      throw new IllegalArgumentException("no transition may leave terminal state " + from);
    }
  }

  /** {@code FROM->TO}, the key used in coverage reports. */
  public String key() {
    return from + "->" + to;
  }
}
