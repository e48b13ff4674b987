package dev.metaopt.agent;

import static dev.metaopt.protocol.StateKeys.BASELINE;
import static dev.metaopt.protocol.StateKeys.COMPLETED_ITERATIONS;
import static dev.metaopt.protocol.StateKeys.CURRENT_ITERATION;
import static dev.metaopt.protocol.StateKeys.CURRENT_PROPOSALS;
import static dev.metaopt.protocol.StateKeys.CURRENT_SWEEP;
import static dev.metaopt.protocol.StateKeys.KEY_LEARNINGS;
import static dev.metaopt.protocol.StateKeys.NEXT_ACTION;
import static dev.metaopt.protocol.StateKeys.NEXT_PROPOSALS;
import static dev.metaopt.protocol.StateKeys.NO_IMPROVE_ITERATIONS;
import static dev.metaopt.protocol.StateKeys.PROPOSAL_CYCLE;
import static dev.metaopt.protocol.StateKeys.SELECTED_SWEEP;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.machine.AgentId;
import dev.metaopt.protocol.Lane;
import dev.metaopt.protocol.Operation;
import dev.metaopt.protocol.StateKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a control agent may do, as tables: which state keys it owns, which directive actions
 * exist (and their required fields), and which workers it may ask for. {@link #violations}
 * checks a handoff against them; any violation ends the campaign in BLOCKED_PROTOCOL.
 */
public final class ProtocolPolicy {
  /** State keys each agent may patch (by top-level key). No agent may patch status or machine_state. */
  static final Map<AgentId, Set<String>> OWNERSHIP =
      Map.of(
          AgentId.LOAD, Set.of(),
          AgentId.HYDRATE, hydrateOwns(),
          AgentId.BACKGROUND,
              Set.of(PROPOSAL_CYCLE, CURRENT_PROPOSALS, NEXT_PROPOSALS, NEXT_ACTION),
          AgentId.SELECT, Set.of(PROPOSAL_CYCLE, SELECTED_SWEEP, NEXT_ACTION),
          AgentId.REMOTE,
              Set.of(
                  CURRENT_SWEEP, BASELINE, COMPLETED_ITERATIONS, KEY_LEARNINGS,
                  NO_IMPROVE_ITERATIONS, NEXT_ACTION),
          AgentId.CLOSE,
              Set.of(
                  CURRENT_ITERATION, NO_IMPROVE_ITERATIONS, NEXT_PROPOSALS, CURRENT_PROPOSALS,
                  COMPLETED_ITERATIONS, PROPOSAL_CYCLE, SELECTED_SWEEP, CURRENT_SWEEP,
                  NEXT_ACTION));

  /**
   * Directive actions and their required fields: the execution {@link Operation}s plus the
   * orchestrator's own. Two are our additions: {@code stop_sweep} (terminal transitions with a
   * live sweep must stop its trials; upstream D-11 left them running) and
   * {@code ensure_agents_hook} (hydrate asks for the resume hook instead of writing AGENTS.md
   * itself, so agents stay free of side effects).
   */
  static final Map<String, List<String>> DIRECTIVE_FIELDS = buildDirectiveFields();

  /** Raw-cluster bypasses and retired v3 operations: named so the error says why. */
  static final Set<String> BLOCKED_ACTIONS =
      Set.of(
          "ssh_command", "raw_ssh", "kubectl_exec", "queue_op", "apply_patch_artifacts",
          "package_code_artifact", "package_data_manifest", "write_manifest", "run_sanity",
          "drain_slots", "cancel_slots");

  /** {@code task} (the JSON task object) is our addition: the orchestrator writes the task files. */
  private static final List<String> LAUNCH_REQUEST_FIELDS =
      List.of("worker_ref", "model_class", "task_file", "result_file", "task");

  private ProtocolPolicy() {}

  /**
   * Hydrate initialises every key but the two the orchestrator derives, and clears
   * {@code stopped_in} when it reopens a terminal campaign.
   */
  private static Set<String> hydrateOwns() {
    Set<String> owned = new TreeSet<>(StateKeys.ALL);
    owned.remove(StateKeys.STATUS);
    owned.remove(StateKeys.MACHINE_STATE);
    owned.add(StateKeys.STOPPED_IN);
    return Set.copyOf(owned);
  }

  private static Map<String, List<String>> buildDirectiveFields() {
    Map<String, List<String>> fields = new TreeMap<>();
    for (Operation operation : Operation.values()) {
      fields.put(operation.wireName(), operation.directiveFields());
    }
    fields.put("ensure_agents_hook", List.of("agents_path"));
    fields.put("remove_agents_hook", List.of("agents_path"));
    fields.put("delete_state_file", List.of("state_path"));
    fields.put("emit_final_report", List.of("report_type"));
    fields.put("emit_iteration_report", List.of("report_type", "iteration"));
    fields.put("none", List.of());
    return Map.copyOf(fields);
  }

  /** The ownership map as the Markdown table of {@code references/control-protocol.md}. */
  public static String ownershipMarkdown() {
    StringBuilder md = new StringBuilder("| agent | may patch |\n|---|---|\n");
    for (AgentId agent : AgentId.values()) {
      List<String> keys = Stream.concat(StateKeys.ALL.stream(),
              StateKeys.OPTIONAL.stream())
          .filter(OWNERSHIP.get(agent)::contains).map(key -> "`" + key + "`").toList();
      md.append("| `").append(agent.contractName()).append("` | ")
          .append(keys.isEmpty() ? "nothing (its `state_patch` is always null)"
              : String.join(", ", keys)).append(" |\n");
    }
    return md.toString();
  }

  /** The directive actions and their required fields, for the docs check. */
  public static Map<String, List<String>> directiveFields() {
    return DIRECTIVE_FIELDS;
  }

  /** The blocked actions, for the docs check. */
  public static Set<String> blockedActions() {
    return BLOCKED_ACTIONS;
  }

  /** Every rule the handoff breaks, as sentences; empty when it may be executed. */
  public static List<String> violations(Handoff handoff, AgentId expectedAgent) {
    List<String> problems = new ArrayList<>();
    if (!expectedAgent.contractName().equals(handoff.controlAgent())) {
      problems.add(
          "handoff control_agent '" + handoff.controlAgent() + "' is not the governing agent '"
              + expectedAgent.contractName() + "'");
    }
    checkPatch(handoff.json().get("state_patch"), expectedAgent, problems);
    checkDirectives(handoff.json().get("directives"), problems);
    checkLaunchRequests(handoff.json().get("launch_requests"), problems);
    return problems;
  }


  private static void checkPatch(JsonNode patch, AgentId agent, List<String> problems) {
    if (patch == null || patch.isNull()) {
      return;
    }
    if (!patch.isObject()) {
      problems.add("state_patch must be an object or null, got " + patch.getNodeType());
      return;
    }
    Set<String> owned = OWNERSHIP.getOrDefault(agent, Set.of());
    for (Iterator<String> keys = patch.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.equals(StateKeys.STATUS) || key.equals(StateKeys.MACHINE_STATE)) {
        problems.add("state_patch must not contain " + key + " (it is derived by the orchestrator)");
      } else if (!owned.contains(key)) {
        problems.add("state_patch key '" + key + "' is not owned by '" + agent.contractName()
            + "'; it owns "
            + new TreeSet<>(owned));
      }
    }
  }

  private static void checkDirectives(JsonNode directives, List<String> problems) {
    if (directives == null || !directives.isArray()) {
      problems.add("directives must be a list");
      return;
    }
    for (int i = 0; i < directives.size(); i++) {
      JsonNode directive = directives.get(i);
      String where = "directives[" + i + "]";
      if (!directive.isObject()) {
        problems.add(where + " must be an object");
        continue;
      }
      String action = directive.path("action").asText("");
      if (action.isEmpty() || directive.path("reason").asText("").isEmpty()) {
        problems.add(where + " must have non-empty 'action' and 'reason' strings");
        continue;
      }
      if (BLOCKED_ACTIONS.contains(action)) {
        problems.add(where + " action '" + action
            + "' is blocked (raw-cluster bypass or retired v3 operation)");
      } else if (!DIRECTIVE_FIELDS.containsKey(action)) {
        problems.add(where + " unknown action '" + action + "'; allowed: "
            + new TreeSet<>(DIRECTIVE_FIELDS.keySet()));
      } else {
        List<String> missing =
            DIRECTIVE_FIELDS.get(action).stream().filter(f -> !directive.has(f)).toList();
        if (!missing.isEmpty()) {
          problems.add(where + " '" + action + "' is missing required fields " + missing);
        }
      }
    }
  }

  private static void checkLaunchRequests(JsonNode requests, List<String> problems) {
    if (requests == null || !requests.isArray()) {
      problems.add("launch_requests must be a list");
      return;
    }
    for (int i = 0; i < requests.size(); i++) {
      JsonNode request = requests.get(i);
      String where = "launch_requests[" + i + "]";
      if (!request.isObject()) {
        problems.add(where + " must be an object");
        continue;
      }
      List<String> missing = LAUNCH_REQUEST_FIELDS.stream().filter(f -> !request.has(f)).toList();
      if (!missing.isEmpty()) {
        problems.add(where + " is missing required fields " + missing);
        continue;
      }
      String worker = request.path("worker_ref").asText();
      Optional<Lane> lane = Lane.byWorkerRef(worker);
      if (lane.isEmpty()) {
        problems.add(where + " unknown worker_ref '" + worker + "'; allowed: "
            + Arrays.stream(Lane.values()).filter(Lane::dispatched).map(Lane::workerRef)
                .sorted().toList());
        continue;
      }
      expect(request, "model_class", lane.get().modelClass(), where, worker, problems);
      if (request.has("slot_class") != request.has("mode")) {
        problems.add(where + " slot_class and mode must be given together");
      } else if (request.has("slot_class")) {
        expect(request, "slot_class", lane.get().slotClass(), where, worker, problems);
        expect(request, "mode", lane.get().wireName(), where, worker, problems);
      }
    }
  }

  private static void expect(
      JsonNode request, String field, String expected, String where, String worker,
      List<String> problems) {
    String actual = request.path(field).asText();
    if (!expected.equals(actual)) {
      problems.add(where + " worker '" + worker + "' requires " + field + " '" + expected
          + "', got '" + actual + "'");
    }
  }

  /** Makes a launch request complete: injects {@code preferred_model} when absent. */
  public static void normalise(ObjectNode request) {
    if (!request.has("preferred_model")) {
      Lane.byWorkerRef(request.path("worker_ref").asText())
          .ifPresent(lane -> request.put("preferred_model", lane.preferredModel()));
    }
  }
}
