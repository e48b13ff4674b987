package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.agent.Handoff;
import dev.metaopt.agent.Reopenings;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.json.JsonMerge;
import dev.metaopt.schema.ValidationIssue;
import dev.metaopt.state.MachineState;
import dev.metaopt.state.StateValidator;
import java.nio.file.Path;
import java.util.List;

/** Pure functions that turn a state plus a handoff into the next state and its ledger record. */
final class StateTransitions {
  private StateTransitions() {}

  /** Deep-merges the patch, sets {@code machine_state} and derives {@code status} from it. */
  static ObjectNode advance(ObjectNode state, ObjectNode patch, MachineState to) {
    ObjectNode next = JsonMerge.apply(state, patch);
    next.put("machine_state", to.name());
    next.put("status", to.status().name());
    return next;
  }

  /** Validation problems of a candidate next state, as sentences. */
  static List<String> problems(ObjectNode state) {
    return StateValidator.validate(state).stream().map(ValidationIssue::format).toList();
  }

  /**
   * The BLOCKED_PROTOCOL state the orchestrator imposes (the one transition no agent makes):
   * terminal status, no live sweep, and a next action saying exactly what went wrong.
   */
  static ObjectNode blockProtocol(
      ObjectNode state, String what, List<String> problems, ProjectLayout layout, Path handoff,
      Path campaign) {
    ObjectNode blocked = state.deepCopy();
    blocked.put("machine_state", MachineState.BLOCKED_PROTOCOL.name());
    blocked.put("status", MachineState.BLOCKED_PROTOCOL.name());
    blocked.putNull("current_sweep");
    String detail = String.join("; ", problems.subList(0, Math.min(problems.size(), 5)));
    blocked.put(
        "next_action",
        what + ": " + detail + ". The offending handoff is "
            + handoff.toAbsolutePath().normalize()
            + "; " + Reopenings.afterProtocolFix(layout,
                MachineState.parse(state.path("machine_state").asText()).orElseThrow(),
                campaign.toAbsolutePath().normalize()) + ".");
    return blocked;
  }

  /** The ledger fields of one transition. */
  static ObjectNode record(
      MachineState from, MachineState to, String agent, String phase, Handoff handoff, Path file) {
    ObjectNode fields = Json.object();
    fields.put("from", from.name());
    fields.put("to", to.name());
    fields.put("agent", agent);
    fields.put("phase", phase);
    fields.put("summary", handoff.summary());
    fields.put("handoff", file.getFileName().toString());
    fields.put("directives", handoff.directives().size());
    fields.put("launch_requests", handoff.launchRequests().size());
    return fields;
  }
}
