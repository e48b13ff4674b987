package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.ExecutionBackend;
import dev.metaopt.backend.SmokeTest;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import dev.metaopt.worker.LaunchKey;
import dev.metaopt.worker.MinimalEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded execution backend ({@code compute.provider: local}): runs W&B sweeps on this
 * machine. Handles the execution lane's four operations; every call returns promptly (trials run
 * as detached processes between polls) and all sweep state lives on disk under
 * {@code .ml-metaopt/local-sweeps/}, so sweeps survive the orchestrator and resume reconnects.
 */
public final class LocalBackend implements ExecutionBackend {
  private final Map<String, String> environment;
  private final Clock clock;
  private final Duration smokeLimit;
  private final TrialProcesses processes;

  public LocalBackend(Map<String, String> environment, Clock clock) {
    this(environment, clock, SmokeTest.LIMIT, TrialProcesses.REAL);
  }

  /**
   * With another smoke-test limit and a view of the trial processes: for tests only, the product
   * always uses 60 s and the real processes.
   */
  LocalBackend(Map<String, String> environment, Clock clock, Duration smokeLimit,
      TrialProcesses processes) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.smokeLimit = smokeLimit;
    this.processes = processes;
  }

  @Override
  public ObjectNode handle(ObjectNode task) {
    String operation = task.path("operation").asText();
    Path metaopt = Path.of(task.path("metaopt_dir").asText());
    SweepStore store = new SweepStore(metaopt);
    try {
      return switch (Operation.parse(operation).orElseThrow(
          () -> new IllegalArgumentException("unknown operation '" + operation + "'"))) {
        case RUN_SMOKE_TEST -> smoke(task, store);
        case LAUNCH_SWEEP -> launch(task, store);
        case POLL_SWEEP -> poll(task, store);
        case STOP_SWEEP -> stop(task, store);
      };
    } catch (IOException e) {
      throw new IllegalStateException("local backend could not read its sweep files: "
          + e.getMessage(), e);
    }
  }

  /**
   * The smoke test: the campaign's {@code smoke_test_command}, then (when it passed and the task
   * names the selected sweep) the sweep's first configuration as a real trial.
   */
  private ObjectNode smoke(ObjectNode task, SweepStore store) {
    ObjectNode result = SmokeTest.forTask(task, environment, smokeLimit);
    if (result.path("passed").asBoolean() && task.path("sweep_config").isObject()) {
      ObjectNode sampled = SampledSmoke.run(task, store, environment, smokeLimit);
      result.set("sampled_trial", sampled);
      if (!sampled.path("passed").asBoolean()) {
        result.put("passed", false);
        result.put("failure", sampled.path("failure").asText());
      }
    }
    return result;
  }

  private ObjectNode launch(ObjectNode task, SweepStore store) throws IOException {
    String sweepId = sweepId(task);
    ObjectNode result = Json.object();
    result.put("operation", Operation.LAUNCH_SWEEP.wireName());
    SweepRecord sweep = store.load(sweepId).orElse(null);
    if (sweep == null) {
      try {
        sweep = create(task, sweepId);
        // the search settings and campaign memory first: a relaunch rewrites them identically
        CampaignMemory.create(store.root(), sweepId,
            SweepSpec.parse(sweep.config), task.path("compute"));
        Optional<String> setupFailure = setUp(task, sweep, store);
        if (setupFailure.isPresent()) {
          result.put("exit_code", 1);
          result.putNull("sweep_id");
          result.put("error", setupFailure.get());
          return result;
        }
        SweepRunner runner = new SweepRunner(sweep, store, environment, processes, now());
        store.save(sweep); // before any trial starts: a relaunch after a crash finds this sweep
        runner.startTrials();
      } catch (IllegalArgumentException e) {
        result.put("exit_code", 2);
        result.putNull("sweep_id");
        result.put("error", e.getMessage());
        return result;
      }
      store.save(sweep);
    }
    result.put("exit_code", 0);
    result.put("sweep_id", sweepId);
    result.put("sweep_url", store.dir(sweepId).toUri().toString());
    var agents = result.putArray("sky_job_ids");
    for (int i = 1; i <= sweep.agents; i++) {
      agents.add("local-agent-" + i);
    }
    result.put("launched_at", Instant.ofEpochMilli(sweep.createdMillis).toString());
    return result;
  }

  /**
   * Runs {@code project.setup_command}, if any, once for a new sweep before its first trial; it is
   * not recorded, so a launch retried after a crash (no sweep saved yet) runs it again.
   */
  private Optional<String> setUp(ObjectNode task, SweepRecord sweep, SweepStore store) {
    return Campaign.Project.from(task.path("project")).setupCommand().flatMap(setup ->
        SweepSetup.run(setup, Path.of(sweep.projectDir), environment, store.dir(sweep.sweepId)));
  }

  private SweepRecord create(ObjectNode task, String sweepId) {
    Campaign.Compute compute = Campaign.Compute.from(task.path("compute"));
    SweepRecord sweep = new SweepRecord();
    sweep.sweepId = sweepId;
    Campaign.Project project = Campaign.Project.from(task.path("project"));
    sweep.trainCommand = project.trainCommand().orElse(null);
    // the recorded config says what runs: the campaign's command (checked before any trial)
    sweep.config = TrialCommandPolicy.forLaunch(task.path("sweep_config"), project);
    SweepSpec spec = SweepSpec.parse(sweep.config);
    sweep.seed = sweepSeed(task);
    sweep.projectDir = task.path("project_dir").asText();
    sweep.agents = compute.numSweepAgents();
    long grid = spec.method().equals("grid") ? Suggester.grid(spec).size() : -1;
    int cap = spec.runCap() != null ? spec.runCap() : grid > 0 ? (int) Math.min(grid, 10_000)
        : 12;
    if (compute.maxTrialsPerSweep().isPresent()) {
      cap = Math.min(cap, compute.maxTrialsPerSweep().getAsInt());
    }
    sweep.cap = cap;
    sweep.costPerHour = compute.costPerHourUsd();
    sweep.idleMinutes = compute.idleTimeoutMinutes();
    sweep.maxSweepMinutes = compute.maxSweepMinutes();
    sweep.createdMillis = now();
    return sweep;
  }

  private ObjectNode poll(ObjectNode task, SweepStore store) throws IOException {
    String sweepId = task.path("sweep_id").asText();
    SweepRecord sweep = store.load(sweepId).orElseThrow(() -> new IllegalArgumentException(
        "no local sweep '" + sweepId + "' under " + store.dir(sweepId)));
    SweepRunner runner = new SweepRunner(sweep, store, environment, processes, now());
    double budget = Campaign.Compute.from(task.path("compute")).maxBudgetUsd();
    double before = task.path("spend_before_sweep_usd").asDouble(0);
    if (!sweep.stopped) {
      runner.advance(before, budget);
    }
    store.save(sweep);
    return PollReport.of(sweep, runner.spec(), store, now());
  }

  private ObjectNode stop(ObjectNode task, SweepStore store) throws IOException {
    String sweepId = task.path("sweep_id").asText();
    ObjectNode result = Json.object();
    result.put("operation", Operation.STOP_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", sweepId);
    var stopped = result.putArray("stopped_runs");
    SweepRecord sweep = store.load(sweepId).orElse(null);
    if (sweep != null) {
      sweep.trials.stream().filter(SweepRecord.Trial::running).forEach(t -> stopped.add(t.runId));
      new SweepRunner(sweep, store, environment, processes, now()).stopAll(
          task.path("reason").asText("stopped"));
      store.save(sweep);
    }
    return result;
  }

  /** Deterministic: the same campaign, iteration and proposal always name the same sweep. */
  static String sweepId(ObjectNode task) {
    return "local-" + LaunchKey.of(task);
  }

  /**
   * The seed of the sweep {@code task} launches (or smoke-tests): the campaign's and the
   * iteration's.
   */
  static long sweepSeed(ObjectNode task) {
    return task.path("seed").asLong(0) * 31 + task.path("iteration").asLong(1);
  }

  private long now() {
    return clock.millis();
  }
}
