package dev.metaopt.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.agent.Agents;
import dev.metaopt.dispatch.DefaultLaneWorkers;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.orchestrator.Orchestrator;
import dev.metaopt.orchestrator.Pacer;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.preflight.BackendChecks;
import dev.metaopt.preflight.Preflight;
import dev.metaopt.state.MachineState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns whose ideation, selection and analysis lanes are an LLM behind the adapter. */
class LlmWorkerCampaignTest {
  static final String KEY = "sk-test-llm-0b9d41";
  static final String TRIAL = """
      import json, sys
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if "=" in a)
      x = float(args.get("x", "0")); y = int(float(args.get("y", "1")))
      print(json.dumps({"score": round(1 - (x - 0.3) ** 2 + 0.01 * y, 6)}))
      """;

  @TempDir Path dir;

  SessionOutcome run(FakeLlmServer server, int retries) throws Exception {
    Files.writeString(dir.resolve("trial.py"), TRIAL);
    StringBuilder workers = new StringBuilder("workers:\n");
    for (String lane : new String[] {"ideation", "selection", "analysis"}) {
      workers.append("  ").append(lane).append(":\n    retries: ").append(retries)
          .append("\n    llm: {base_url: \"").append(server.baseUrl())
          .append("\", model: fake-model, api_key_env: METAOPT_TEST_LLM_KEY}\n");
    }
    Path campaign = dir.resolve("ml_metaopt_campaign.yaml");
    Files.writeString(campaign, """
        campaign: {name: llm-campaign, description: "LLM workers", seed: 5}
        project: {repo: ., smoke_test_command: "python3 trial.py", train_command: "python3 trial.py"}
        wandb: {entity: local, project: llm}
        compute: {provider: local, accelerator: cpu, num_sweep_agents: 2, max_budget_usd: 1,
                  max_trials_per_sweep: 3, poll_interval_seconds: 0}
        objective: {metric: score, direction: maximize, improvement_threshold: 0.001}
        proposal_policy: {current_target: 2}
        stop_conditions: {max_iterations: 2, max_no_improve_iterations: 2}
        search_space:
          x: {distribution: uniform, min: 0.0, max: 1.0}
          y: {values: [1, 2, 3]}
        """ + workers);
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("METAOPT_TEST_LLM_KEY", KEY);
    ProjectLayout layout = new ProjectLayout(dir);
    var check = dev.metaopt.campaign.CampaignLoader.check(campaign);
    assertThat(check.issues()).isEmpty();
    var results = new Preflight(dir, env, BackendChecks.local()).checks(check.raw());
    Files.createDirectories(layout.metaoptDir());
    Files.writeString(layout.preflightFile(),
        Json.pretty(Preflight.artifact(check, results, Clock.systemUTC())));
    return new Orchestrator(layout, Agents.registry(),
        load -> new DispatchingWorkExecutor(layout, load, new DefaultLaneWorkers(env,
            Clock.systemUTC()), env),
        Pacer.none(), Clock.systemUTC()).run(campaign, Integer.MAX_VALUE);
  }

  @Test
  void aCampaignWithLlmWorkersCompletesAndTheKeyStaysInTheHeader() throws Exception {
    try (FakeLlmServer server = new FakeLlmServer(Set.of(), false)) {
      SessionOutcome outcome = run(server, 0);

      assertThat(outcome.machineState()).as(outcome.message()).isEqualTo(MachineState.COMPLETE);
      assertThat(server.calls()).isNotEmpty().allSatisfy(call -> {
        assertThat(call.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(call.body().path("model").asText()).isEqualTo("fake-model");
        assertThat(call.body().path("response_format").path("type").asText())
            .isEqualTo("json_schema");
        assertThat(call.body().path("response_format").path("json_schema").path("schema")
            .path("$id").asText()).contains("worker-");
      });
      assertThat(server.calls().stream().map(c -> c.body().path("messages").path(0)
          .path("content").asText().lines().findFirst().orElse("")).distinct())
          .hasSize(3); // one system prompt per lane
      assertThat(server.calls().stream().map(c -> c.body().path("messages").path(1)
          .path("content").asText()).filter(m -> m.contains("\"lane\" : \"ideation\"")))
          .anySatisfy(m -> assertThat(m).contains("key_learnings", "history", "search_space"));
      try (var files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
              .as(file.toString()).doesNotContain(KEY);
        }
      }
    }
  }

  @Test
  void malformedModelOutputIsRetried() throws Exception {
    try (FakeLlmServer server = new FakeLlmServer(Set.of(), true)) {
      SessionOutcome outcome = run(server, 1);

      assertThat(outcome.machineState()).as(outcome.message()).isEqualTo(MachineState.COMPLETE);
      assertThat(dir.resolve(".ml-metaopt/worker-results/select-design-iter-1.json"
          + ".attempt-1.invalid.txt")).content().contains("Sure! Here is");
    }
  }

  @Test
  void persistentlyMalformedOutputIsReportedClearly() throws Exception {
    try (FakeLlmServer server = new FakeLlmServer(Set.of("selection"), false)) {
      SessionOutcome outcome = run(server, 1);

      assertThat(outcome.machineState()).isEqualTo(MachineState.BLOCKED_PROTOCOL);
      assertThat(Json.parse(Files.readString(dir.resolve(".ml-metaopt/state.json")))
          .path("next_action").asText()).contains("llm fake-model at",
          "gave no valid worker-selection result in 2 attempt(s)",
          "stdout is not exactly one JSON object");
    }
  }
}
