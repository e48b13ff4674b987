package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.json.JsonMerge;
import dev.metaopt.machine.Phase;
import dev.metaopt.machine.TransitionTable;
import dev.metaopt.state.MachineState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Runs one agent step in isolation: a project directory, the conformance suite's synthetic load
 * handoff, a state and a fixed clock.
 */
final class AgentHarness {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

  final ProjectLayout layout;
  final ObjectNode load;

  AgentHarness(Path dir) {
    this.layout = new ProjectLayout(dir);
    this.load = parse("""
        {"control_agent": "metaopt-load-campaign", "recommended_next_machine_state":
         "HYDRATE_STATE", "campaign_valid": true, "campaign_id": "test-campaign",
         "campaign_identity_hash": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "objective_snapshot": {"metric": "val/accuracy", "direction": "maximize",
                                "improvement_threshold": 0.005},
         "compute": {"provider": "vast_ai", "accelerator": "A100:1", "num_sweep_agents": 4,
                     "idle_timeout_minutes": 15, "max_budget_usd": 10},
         "proposal_policy": {"current_target": 5},
         "stop_conditions": {"max_iterations": 20, "target_metric": 0.99,
                             "max_no_improve_iterations": 5},
         "project": {"repo": ".", "smoke_test_command": "python train.py --smoke"},
         "wandb": {"entity": "e", "project": "p"}, "campaign": {"name": "test-campaign"}}
        """);
  }

  /** A valid running state of {@code test-campaign} in {@code machineState}. */
  ObjectNode state(MachineState machineState) {
    ObjectNode state = parse("""
        {"version": 4, "campaign_id": "test-campaign",
         "campaign_identity_hash": "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         "status": "RUNNING", "machine_state": "IDEATE", "current_iteration": 1,
         "next_action": "x",
         "objective_snapshot": {"metric": "val/accuracy", "direction": "maximize",
                                "improvement_threshold": 0.005},
         "proposal_cycle": {"cycle_id": "iter-1-cycle-1", "current_pool_frozen": false},
         "current_proposals": [], "next_proposals": [], "selected_sweep": null,
         "current_sweep": null,
         "baseline": {"metric": "val/accuracy", "value": 0.923, "wandb_run_id": "run-0",
                      "wandb_run_url": "u", "established_at": "2026-01-01T00:00:00Z"},
         "completed_iterations": [], "key_learnings": [], "no_improve_iterations": 0,
         "campaign_started_at": "2026-01-01T00:00:00Z"}
        """);
    state.put("machine_state", machineState.name());
    state.put("status", machineState.status().name());
    return state;
  }

  /** The outcome of one step: the handoff and the state after applying its patch. */
  record Step(Handoff handoff, ObjectNode after) {
    JsonNode json(String key) {
      return handoff.json().path(key);
    }

    String recommended() {
      return handoff.json().path("recommended_next_machine_state").asText(null);
    }
  }

  Step step(ControlAgent agent, ObjectNode state) {
    MachineState machineState = state == null ? MachineState.HYDRATE_STATE
        : MachineState.parse(state.path("machine_state").asText()).orElseThrow();
    AgentContext ctx = new AgentContext(machineState, state, load, null, layout, CLOCK);
    Handoff handoff = run(agent, ctx);
    ObjectNode base = state == null ? Json.object() : state;
    ObjectNode after = handoff.statePatch() == null ? base.deepCopy()
        : JsonMerge.apply(base, handoff.statePatch());
    return new Step(handoff, after);
  }

  /** One step of {@code agent}: the handler of the phase it chooses, declared for it. */
  static Handoff run(ControlAgent agent, AgentContext ctx) {
    Phase phase = agent.selectPhase(ctx);
    assertThat(TransitionTable.specs()).as("%s declared for %s", phase, agent.name())
        .anyMatch(spec -> spec.agent() == agent.id() && spec.phases().contains(phase));
    return agent.handlers().get(phase).apply(ctx);
  }

  /** Writes a result file at a contract path, as a worker would have. */
  void result(String contractPath, String json) {
    Path file = layout.resolveContractPath(contractPath);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode proposal(String id, String method) {
    return parse("{\"proposal_id\": \"" + id + "\", \"rationale\": \"r\", \"sweep_config\":"
        + " {\"method\": \"" + method + "\", \"metric\": {\"name\": \"val/accuracy\", \"goal\":"
        + " \"maximize\"}, \"parameters\": {\"lr\": {\"values\": [0.1, 0.01]}}}}");
  }

  static String candidateResult(String lr) {
    return "{\"status\": \"completed\", \"summary\": \"s\", \"proposal_candidates\": [{"
        + "\"rationale\": \"r\", \"title\": \"P\", \"sweep_config\": {\"method\": \"random\","
        + " \"metric\": {\"name\": \"val/accuracy\", \"goal\": \"maximize\"}, \"parameters\":"
        + " {\"lr\": {\"values\": [" + lr + "]}}}}]}";
  }
}
