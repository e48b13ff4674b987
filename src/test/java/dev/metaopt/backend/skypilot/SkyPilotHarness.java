package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.agent.Agents;
import dev.metaopt.campaign.CampaignCheck;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.dispatch.DefaultLaneWorkers;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.orchestrator.Orchestrator;
import dev.metaopt.orchestrator.Pacer;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.preflight.CheckResult;
import dev.metaopt.preflight.Preflight;
import dev.metaopt.preflight.SkyPilotChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A project on {@code provider: vast_ai} whose {@code sky}, {@code wandb} and {@code git} are the
 * recording fakes of {@code src/test/resources/fake-skypilot/} and whose W&B API is a loopback
 * {@link FakeWandbServer}.
 */
final class SkyPilotHarness {
  static final String KEY = "wandb-canary-key-3c1f9e";

  final Path dir;
  final Path state;
  final Path campaign;
  final ProjectLayout layout;
  final Map<String, String> env = new HashMap<>(System.getenv());

  SkyPilotHarness(Path root, int agents) throws IOException {
    this.dir = Files.createDirectories(root.resolve("project"));
    this.state = Files.createDirectories(root.resolve("fake-state"));
    Path bin = Files.createDirectories(root.resolve("bin"));
    for (String tool : List.of("sky", "wandb", "git")) {
      Path target = bin.resolve(tool);
      Files.copy(Path.of("src/test/resources/fake-skypilot", tool), target);
      target.toFile().setExecutable(true);
    }
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("SKYPILOT_FAKE_STATE", state.toString());
    env.put("WANDB_API_KEY", KEY);
    this.layout = new ProjectLayout(dir);
    this.campaign = dir.resolve("ml_metaopt_campaign.yaml");
    Files.writeString(campaign, """
        campaign: {name: sky-campaign, description: "SkyPilot + W&B with fakes", seed: 3}
        project: {repo: "git@example.com:org/repo.git", smoke_test_command: "true"}
        wandb: {entity: test-entity, project: test-project}
        compute: {provider: vast_ai, accelerator: "A100:1", num_sweep_agents: %d,
                  idle_timeout_minutes: 15, max_budget_usd: 10, poll_interval_seconds: 0}
        objective: {metric: val/accuracy, direction: maximize, improvement_threshold: 0.005}
        proposal_policy: {current_target: 2}
        stop_conditions: {max_iterations: 2, max_no_improve_iterations: 2}
        search_space:
          lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
          layers: {values: [1, 2, 3]}
        """.formatted(agents));
  }

  void withServer(FakeWandbServer server) {
    env.put("WANDB_BASE_URL", server.baseUrl());
  }

  /** Runs preflight with the real SkyPilot checks against the fakes; all must pass. */
  void preflight() throws IOException {
    CampaignCheck check = CampaignLoader.check(campaign);
    assertThat(check.issues()).isEmpty();
    List<CheckResult> results = new Preflight(dir, env, new SkyPilotChecks(dir))
        .checks(check.raw());
    assertThat(results).filteredOn(CheckResult::isFailure).isEmpty();
    Files.createDirectories(layout.metaoptDir());
    Files.writeString(layout.preflightFile(),
        Json.pretty(Preflight.artifact(check, results, Clock.systemUTC())));
  }

  SessionOutcome run() {
    return new Orchestrator(layout, Agents.registry(),
        load -> new DispatchingWorkExecutor(layout, load, new DefaultLaneWorkers(env,
            Clock.systemUTC()), env),
        Pacer.none(), Clock.systemUTC()).run(campaign, Integer.MAX_VALUE);
  }

  /** Every recorded call of a fake tool, as argv lists. */
  List<List<String>> calls(String tool) throws IOException {
    List<List<String>> calls = new ArrayList<>();
    Path file = state.resolve("calls.jsonl");
    if (!Files.exists(file)) {
      return calls;
    }
    for (String line : Files.readAllLines(file)) {
      JsonNode call = Json.parse(line);
      if (call.path("tool").asText().equals(tool)) {
        List<String> argv = new ArrayList<>();
        call.path("argv").forEach(a -> argv.add(a.asText()));
        calls.add(argv);
      }
    }
    return calls;
  }

  long liveClusters() throws IOException {
    try (var files = Files.list(state.resolve("clusters"))) {
      return files.count();
    }
  }

  JsonNode stateJson() throws IOException {
    return Json.parse(Files.readString(layout.stateFile()));
  }

  /** No file metaopt wrote contains the API key. */
  void assertKeyNowhere() throws IOException {
    try (var files = Files.walk(layout.metaoptDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets
            .ISO_8859_1)).as(file.toString()).doesNotContain(KEY);
      }
    }
  }
}
