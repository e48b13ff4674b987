package dev.metaopt.agent;

import static dev.metaopt.machine.TransitionTable.BACKGROUND_AGENT;
import static dev.metaopt.machine.TransitionTable.CLOSE_AGENT;
import static dev.metaopt.machine.TransitionTable.HYDRATE_AGENT;
import static dev.metaopt.machine.TransitionTable.LOAD_AGENT;
import static dev.metaopt.machine.TransitionTable.REMOTE_AGENT;
import static dev.metaopt.machine.TransitionTable.SELECT_AGENT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a control agent may do, as tables: which state keys it owns, which directive actions
 * exist (and their required fields), and which workers it may ask for. {@link #violations}
 * checks a handoff against them; any violation ends the campaign in BLOCKED_PROTOCOL.
 */
public final class ProtocolPolicy {
  /** State keys each agent may patch (by top-level key). No agent may patch status or machine_state. */
  static final Map<String, Set<String>> OWNERSHIP =
      Map.of(
          LOAD_AGENT, Set.of(),
          HYDRATE_AGENT,
              Set.of(
                  "version", "campaign_id", "campaign_identity_hash", "current_iteration",
                  "next_action", "objective_snapshot", "proposal_cycle", "current_proposals",
                  "next_proposals", "selected_sweep", "current_sweep", "baseline",
                  "completed_iterations", "key_learnings", "no_improve_iterations",
                  "campaign_started_at"),
          BACKGROUND_AGENT,
              Set.of("proposal_cycle", "current_proposals", "next_proposals", "next_action"),
          SELECT_AGENT, Set.of("proposal_cycle", "selected_sweep", "next_action"),
          REMOTE_AGENT,
              Set.of(
                  "current_sweep", "baseline", "completed_iterations", "key_learnings",
                  "no_improve_iterations", "next_action"),
          CLOSE_AGENT,
              Set.of(
                  "current_iteration", "no_improve_iterations", "next_proposals",
                  "current_proposals", "completed_iterations", "proposal_cycle", "selected_sweep",
                  "current_sweep", "next_action"));

  /**
   * Directive actions and their required fields. Two are our additions: {@code stop_sweep}
   * (terminal transitions with a live sweep must stop its trials; upstream D-11 left them running)
   * and {@code ensure_agents_hook} (hydrate asks for the resume hook instead of writing AGENTS.md
   * itself, so agents stay free of side effects).
   */
  static final Map<String, List<String>> DIRECTIVE_FIELDS =
      Map.of(
          "launch_sweep", List.of("sweep_config", "sky_task_spec", "result_file"),
          "poll_sweep", List.of("sweep_id", "sky_job_ids", "result_file"),
          "run_smoke_test", List.of("command", "result_file"),
          "stop_sweep", List.of("sweep_id", "result_file"),
          "ensure_agents_hook", List.of("agents_path"),
          "remove_agents_hook", List.of("agents_path"),
          "delete_state_file", List.of("state_path"),
          "emit_final_report", List.of("report_type"),
          "emit_iteration_report", List.of("report_type", "iteration"),
          "none", List.of());

  /** Raw-cluster bypasses and retired v3 operations: named so the error says why. */
  static final Set<String> BLOCKED_ACTIONS =
      Set.of(
          "ssh_command", "raw_ssh", "kubectl_exec", "queue_op", "apply_patch_artifacts",
          "package_code_artifact", "package_data_manifest", "write_manifest", "run_sanity",
          "drain_slots", "cancel_slots");

  /** Worker refs allowed in launch requests, with their slot class, mode and model class. */
  record WorkerPolicy(String slotClass, String mode, String modelClass, String preferredModel) {}

  static final Map<String, WorkerPolicy> WORKERS =
      Map.of(
          "metaopt-ideation-worker",
              new WorkerPolicy("background", "ideation", "general_worker", "claude-sonnet-4"),
          "metaopt-selection-worker",
              new WorkerPolicy("selection", "selection", "strong_reasoner", "claude-opus-4.6"),
          "metaopt-analysis-worker",
              new WorkerPolicy("auxiliary", "analysis", "strong_reasoner", "claude-opus-4.6"));

  /** {@code task} (the JSON task object) is our addition: the orchestrator writes the task files. */
  private static final List<String> LAUNCH_REQUEST_FIELDS =
      List.of("worker_ref", "model_class", "task_file", "result_file", "task");

  private ProtocolPolicy() {}

  /** Every rule the handoff breaks, as sentences; empty when it may be executed. */
  public static List<String> violations(Handoff handoff, String expectedAgent) {
    List<String> problems = new ArrayList<>();
    if (!expectedAgent.equals(handoff.controlAgent())) {
      problems.add(
          "handoff control_agent '" + handoff.controlAgent() + "' is not the governing agent '"
              + expectedAgent + "'");
    }
    checkPatch(handoff.json().get("state_patch"), expectedAgent, problems);
    checkDirectives(handoff.json().get("directives"), problems);
    checkLaunchRequests(handoff.json().get("launch_requests"), problems);
    return problems;
  }

  /** The preferred model for a worker ref (injected when a launch request omits it). */
  public static String preferredModel(String workerRef) {
    WorkerPolicy policy = WORKERS.get(workerRef);
    return policy == null ? null : policy.preferredModel();
  }

  private static void checkPatch(JsonNode patch, String agent, List<String> problems) {
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
      if (key.equals("status") || key.equals("machine_state")) {
        problems.add("state_patch must not contain " + key + " (it is derived by the orchestrator)");
      } else if (!owned.contains(key)) {
        problems.add("state_patch key '" + key + "' is not owned by '" + agent + "'; it owns "
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
      WorkerPolicy policy = WORKERS.get(worker);
      if (policy == null) {
        problems.add(where + " unknown worker_ref '" + worker + "'; allowed: "
            + new TreeSet<>(WORKERS.keySet()));
        continue;
      }
      expect(request, "model_class", policy.modelClass(), where, worker, problems);
      if (request.has("slot_class") != request.has("mode")) {
        problems.add(where + " slot_class and mode must be given together");
      } else if (request.has("slot_class")) {
        expect(request, "slot_class", policy.slotClass(), where, worker, problems);
        expect(request, "mode", policy.mode(), where, worker, problems);
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
      String model = preferredModel(request.path("worker_ref").asText());
      if (model != null) {
        request.put("preferred_model", model);
      }
    }
  }
}
