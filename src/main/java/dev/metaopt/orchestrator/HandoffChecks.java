package dev.metaopt.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.agent.Handoff;
import dev.metaopt.agent.ProtocolPolicy;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.TransitionTable;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.schema.ValidationIssue;
import dev.metaopt.state.MachineState;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 4 of the control protocol: everything a handoff must satisfy before any of it is
 * executed. The envelope schema, ownership and directive/launch policy, an allowed transition,
 * and every file path inside {@code .ml-metaopt/}.
 */
final class HandoffChecks {
  private HandoffChecks() {}

  /** Every problem with {@code handoff} produced by {@code agent} in state {@code from}. */
  static List<String> problems(
      Handoff handoff, AgentId agent, MachineState from, ProjectLayout layout) {
    List<String> problems = new ArrayList<>();
    for (ValidationIssue issue : SchemaValidator.validate(SchemaKind.HANDOFF, handoff.json())) {
      problems.add("handoff schema: " + issue.format());
    }
    problems.addAll(ProtocolPolicy.violations(handoff, agent));
    JsonNode recommended = handoff.json().get("recommended_next_machine_state");
    if (recommended != null && !recommended.isNull()) {
      MachineState to = MachineState.parse(recommended.asText()).orElse(null);
      if (to == null) {
        problems.add("recommended_next_machine_state '" + recommended.asText()
            + "' is not a machine state");
      } else if (!TransitionTable.allows(from, to)) {
        problems.add("transition " + from + " -> " + to + " is not in the state machine");
      }
    } else if (from != MachineState.HYDRATE_STATE && !TransitionTable.allows(from, from)) {
      // no recommendation means "stay": a self-loop, checked like any other edge (hydrate alone
      // may leave a terminal or blocked campaign as it is)
      problems.add("staying in " + from + " is not in the state machine; recommend a next state");
    }
    for (ObjectNode request : handoff.launchRequests()) {
      checkPath(request.path("task_file"), "launch request task_file", layout, problems);
      checkPath(request.path("result_file"), "launch request result_file", layout, problems);
    }
    for (ObjectNode directive : handoff.directives()) {
      if (directive.has("result_file")) {
        checkPath(directive.path("result_file"), "directive result_file", layout, problems);
      }
    }
    for (ObjectNode artifact : handoff.artifacts()) {
      checkPath(artifact.path("path"), "artifact path", layout, problems);
      if (!artifact.has("json") && !artifact.path("text").isTextual()) {
        problems.add("artifact " + artifact.path("path").asText() + " needs 'json' or 'text'");
      }
    }
    return problems;
  }

  private static void checkPath(
      JsonNode path, String what, ProjectLayout layout, List<String> problems) {
    if (!path.isTextual() || path.asText().isEmpty()) {
      problems.add(what + " must be a non-empty string");
      return;
    }
    try {
      layout.resolveContractPath(path.asText());
    } catch (IllegalArgumentException e) {
      problems.add(what + ": " + e.getMessage());
    }
  }
}
