package dev.metaopt.machine;

import dev.metaopt.state.MachineState;

/**
 * Renders {@link TransitionTable} as a Mermaid state diagram and a Markdown table. The copy in
 * {@code references/state-machine.md} is generated from this; a test fails when it is stale.
 */
public final class StateMachineDiagram {
  /** Markers delimiting the generated part of the docs. */
  public static final String BEGIN = "<!-- generated:state-machine:begin -->";

  public static final String END = "<!-- generated:state-machine:end -->";

  private StateMachineDiagram() {}

  /** The generated Markdown block, markers included. */
  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append(BEGIN).append("\n\n```mermaid\nstateDiagram-v2\n");
    md.append("    [*] --> LOAD_CAMPAIGN\n");
    for (Transition t : TransitionTable.transitions()) {
      if (t.protocolViolation()) {
        continue; // the generic protocol-violation edge is drawn once below, not from every state
      }
      md.append("    ").append(t.from()).append(" --> ").append(t.to());
      if (t.reopening()) {
        md.append(": ").append(reopenedBy(t.from()));
      }
      md.append('\n');
    }
    md.append("    note right of BLOCKED_PROTOCOL\n")
        .append("        reachable from every non-terminal state\n")
        .append("        (protocol violation or broken worker contract)\n")
        .append("    end note\n");
    for (MachineState terminal : MachineState.terminals()) {
      md.append("    ").append(terminal).append(" --> [*]\n");
    }
    md.append("```\n\n");
    md.append("| state | phase | control agent | handoff type |\n|---|---|---|---|\n");
    for (MachineState state : MachineState.values()) {
      TransitionTable.spec(state).ifPresentOrElse(
          spec -> spec.phases().forEach(phase -> md.append("| `").append(state).append("` | `")
              .append(phase.wireName()).append("` | `").append(spec.agent().contractName())
              .append("` | `").append(spec.agent().handoffType(phase)).append("` |\n")),
          () -> md.append("| `").append(state).append("` | — | — (terminal) | — |\n"));
    }
    md.append("\n| from | to | when |\n|---|---|---|\n");
    for (Transition t : TransitionTable.transitions()) {
      md.append("| `").append(t.from()).append("` | `").append(t.to()).append("` | ")
          .append(t.when()).append(" |\n");
    }
    md.append('\n').append(END);
    return md.toString();
  }

  /** The short label of an edge out of a terminal state: what the user does to take it. */
  private static String reopenedBy(MachineState terminal) {
    return terminal == MachineState.FAILED || terminal == MachineState.BLOCKED_PROTOCOL
        ? "resume --retry" : "limit raised";
  }
}
