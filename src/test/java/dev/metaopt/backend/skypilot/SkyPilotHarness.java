package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.agent.Agents;
import dev.metaopt.campaign.CampaignCheck;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.dispatch.DefaultLaneWorkers;
import dev.metaopt.dispatch.DispatchingWorkExecutor;
import dev.metaopt.dispatch.LaneWorkers;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.orchestrator.Orchestrator;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.preflight.CheckResult;
import dev.metaopt.preflight.Preflight;
import dev.metaopt.preflight.SkyPilotChecks;
import dev.metaopt.protocol.Lane;
import dev.metaopt.worker.InProcessWorker;
import dev.metaopt.worker.ProcessResult;
import dev.metaopt.worker.ProcessRunner;
import dev.metaopt.worker.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A project on {@code provider: vast_ai} whose {@code sky}, {@code wandb} and {@code git} are the
 * recording fakes of {@code src/test/resources/fake-skypilot/} and whose W&B API is a loopback
 * {@link FakeWandbServer}.
 */
final class SkyPilotHarness implements AutoCloseable {
  static final String KEY = "wandb-canary-key-3c1f9e";

  final Path dir;
  final Path state;
  final Path campaign;
  final ProjectLayout layout;
  final Map<String, String> env = new HashMap<>(System.getenv());
  /** The tool-call time limits of the backend under test. */
  SkyPilotBackend.Limits limits = SkyPilotBackend.Limits.standard();
  /** The clock of the backend under test in {@link #handle}. */
  Clock clock = Clock.systemUTC();
  /** Every pause between two polls the orchestrator asked for (never slept). */
  final List<Duration> pauses = new CopyOnWriteArrayList<>();
  /** Every wait the W&B client asked for (never slept). */
  final List<Duration> waits = new CopyOnWriteArrayList<>();

  SkyPilotHarness(Path root, int agents) throws IOException {
    this.dir = Files.createDirectories(root.resolve("project"));
    this.state = Files.createDirectories(root.resolve("fake-state"));
    Path bin = root.resolve("bin");
    FakeTools.install(bin, state);
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("WANDB_API_KEY", KEY);
    this.layout = new ProjectLayout(dir);
    this.campaign = dir.resolve("ml_metaopt_campaign.yaml");
    Files.writeString(dir.resolve("train.py"), "print('the script train_command names')\n");
    writeCampaign("vast_ai", agents, "poll_interval_seconds: 0");
  }

  /** Rewrites the campaign: provider, agents and extra {@code compute} entries. */
  void writeCampaign(String provider, int agents, String computeExtra) throws IOException {
    Files.writeString(campaign, """
        campaign: {name: sky-campaign, description: "SkyPilot + W&B with fakes", seed: 3}
        project: {repo: "git@example.com:org/repo.git", smoke_test_command: "true",
                  train_command: "python train.py"}
        wandb: {entity: test-entity, project: test-project}
        compute: {provider: %s, accelerator: "A100:1", num_sweep_agents: %d,
                  idle_timeout_minutes: 15, max_budget_usd: 10%s}
        objective: {metric: val/accuracy, direction: maximize, improvement_threshold: 0.005}
        proposal_policy: {current_target: 2}
        stop_conditions: {max_iterations: 2, max_no_improve_iterations: 2}
        search_space:
          lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
          layers: {values: [1, 2, 3]}
        """.formatted(provider, agents, computeExtra.isEmpty() ? "" : ", " + computeExtra));
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
    return run(Integer.MAX_VALUE);
  }

  /**
   * Runs the campaign for at most {@code maxSteps} steps with the real workers, the SkyPilot
   * backend using {@link #limits} and recording its W&B retry waits in {@link #waits}.
   */
  SessionOutcome run(int maxSteps) {
    LaneWorkers defaults = new DefaultLaneWorkers(env, Clock.systemUTC());
    LaneWorkers workers = (lane, load) -> lane == Lane.EXECUTION
        ? Optional.of(new InProcessWorker("SkyPilot backend under test", new SkyPilotBackend(
            env, Clock.systemUTC(), limits, waits::add)::handle))
        : defaults.forLane(lane, load);
    return new Orchestrator(layout, Agents.registry(),
        load -> new DispatchingWorkExecutor(layout, load, workers, env),
        pauses::add, Clock.systemUTC()).run(campaign, maxSteps);
  }

  /** An execution task as the dispatcher builds it, for the harness's campaign. */
  ObjectNode task(String operation) throws IOException {
    JsonNode raw = CampaignLoader.check(campaign).raw();
    ObjectNode task = Json.object();
    task.put("lane", "execution");
    task.put("name", operation);
    task.put("operation", operation);
    task.put("campaign_id", raw.path("campaign").path("name").asText());
    task.put("project_dir", dir.toString());
    task.put("metaopt_dir", layout.metaoptDir().toString());
    for (String section : List.of("compute", "project", "wandb", "objective")) {
      task.set(section, raw.path(section).deepCopy());
    }
    task.put("iteration", 1);
    task.put("proposal_id", "proposal-1");
    task.set("sweep_config", Json.parse("""
        {"method": "random", "metric": {"name": "val/accuracy", "goal": "maximize"},
         "parameters": {"lr": {"distribution": "log_uniform_values", "min": 0.0001,
         "max": 0.1}}}"""));
    return task;
  }

  /** A poll task for the sweep a launch answered. */
  ObjectNode pollTask(JsonNode launched, int number) throws IOException {
    ObjectNode task = task("poll_sweep");
    task.put("sweep_id", launched.path("sweep_id").asText());
    task.set("sky_job_ids", launched.path("sky_job_ids").deepCopy());
    task.put("poll_number", number);
    task.put("spend_before_sweep_usd", 0.0);
    return task;
  }

  /** Runs one operation through the backend under test, with {@link #clock}. */
  ObjectNode handle(ObjectNode task) {
    return new SkyPilotBackend(env, clock, limits, waits::add).handle(task);
  }

  /** The campaign's recorded spend: the sum of its iterations' {@code spend_usd}. */
  double recordedSpend() throws IOException {
    double total = 0;
    for (JsonNode iteration : stateJson().path("completed_iterations")) {
      total += iteration.path("spend_usd").asDouble();
    }
    return total;
  }

  /** The "Total Cost: $X" of {@code sky cost-report --all}, run as a user would. */
  double costReportTotal() throws IOException {
    ProcessResult report = ProcessRunner.run(new ProcessSpec(List.of("sky", "cost-report",
        "--all"), dir, env, "", null, Duration.ofMinutes(1)));
    java.util.regex.Matcher total = java.util.regex.Pattern.compile("Total Cost: \\$([0-9.]+)")
        .matcher(report.stdout());
    assertThat(total.find()).as(report.stdout()).isTrue();
    return Double.parseDouble(total.group(1));
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
    long live = 0;
    try (var files = Files.list(state.resolve("clusters"))) {
      for (Path file : files.toList()) {
        if (!Json.parse(Files.readString(file)).path("status").isNull()) {
          live++;
        }
      }
    }
    return live;
  }

  JsonNode stateJson() throws IOException {
    return Json.parse(Files.readString(layout.stateFile()));
  }

  /** Ends the fake SkyPilot API server a fake {@code sky} started (by its pid). */
  @Override
  public void close() throws IOException {
    Path pid = state.resolve("api-server.pid");
    if (Files.exists(pid)) {
      ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
          .ifPresent(ProcessHandle::destroy);
    }
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
