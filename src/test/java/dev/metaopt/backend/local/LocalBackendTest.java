package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The local backend running real trial processes (a small python3 script). */
class LocalBackendTest {
  /** A trial whose behaviour is chosen by its {@code mode} parameter. */
  static final String TRIAL = """
      import json, sys, time, os
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
      mode = args.get("mode", "ok")
      x = float(args.get("x", "1"))
      if "METAOPT_METRICS_FILE" in os.environ:
          with open(os.environ["METAOPT_METRICS_FILE"] + ".argv", "w") as f:
              json.dump(sys.argv[1:], f)
      if mode == "fail":
          print("Traceback: boom", file=sys.stderr); sys.exit(3)
      if mode == "quiet":
          time.sleep(120)
      if mode == "hang":
          print(json.dumps({"score": 0.1, "_step": 0}), flush=True)
          time.sleep(120)
      if mode == "summary":
          run = os.path.join(os.environ["WANDB_DIR"], "wandb", "offline-run-1", "files")
          os.makedirs(run)
          with open(os.path.join(run, "wandb-summary.json"), "w") as f:
              json.dump({"score": x * 10}, f)
          sys.exit(0)
      if mode == "wandb_env":
          with open(os.environ["METAOPT_METRICS_FILE"] + ".env", "w") as f:
              json.dump({"mode": os.environ.get("WANDB_MODE"),
                         "has_key": "WANDB_API_KEY" in os.environ}, f)
      if mode == "file":
          with open(os.environ["METAOPT_METRICS_FILE"], "a") as f:
              f.write(json.dumps({"score": x * 100}) + "\\n")
          sys.exit(0)
      for step in range(3):
          value = float("nan") if (mode == "nan" and step == 1) else x * (step + 1) / 3
          print(json.dumps({"score": value, "_step": step}), flush=True)
          if mode == "slow":
              time.sleep(0.3)
          if mode == "steps":
              time.sleep(1.0)
      """;

  @TempDir Path project;
  LocalBackend backend;
  final List<String> sweeps = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    Files.writeString(project.resolve("trial.py"), TRIAL);
    backend = new LocalBackend(System.getenv(), Clock.systemUTC(), Duration.ofSeconds(2));
  }

  @AfterEach
  void stopEverything() {
    for (String sweep : sweeps) {
      ObjectNode stop = task("stop_sweep");
      stop.put("sweep_id", sweep);
      backend.handle(stop);
    }
  }

  ObjectNode task(String operation) {
    ObjectNode task = Json.object();
    task.put("operation", operation);
    task.put("campaign_id", "c");
    task.put("iteration", 1);
    task.put("project_dir", project.toString());
    task.put("metaopt_dir", project.resolve(".ml-metaopt").toString());
    task.put("seed", 1);
    ObjectNode compute = task.putObject("compute");
    compute.put("num_sweep_agents", 2);
    compute.put("max_budget_usd", 10);
    compute.put("idle_timeout_minutes", 0.02);
    task.putObject("project").put("train_command", "python3 trial.py");
    return task;
  }

  String launch(String sweepConfig, java.util.function.Consumer<ObjectNode> tweak)
      throws Exception {
    ObjectNode launch = task("launch_sweep");
    launch.put("proposal_id", "p-" + sweeps.size());
    launch.set("sweep_config", Json.parse(sweepConfig));
    tweak.accept(launch);
    JsonNode result = backend.handle(launch);
    assertThat(SchemaValidator.validate(SchemaKind.LAUNCH_SWEEP_RESULT, result)).isEmpty();
    sweeps.add(result.path("sweep_id").asText());
    return result.path("sweep_id").asText();
  }

  /** Polls until the sweep is no longer running (bounded, never a timing assertion). */
  JsonNode pollUntilDone(String sweepId, java.util.function.Consumer<ObjectNode> tweak)
      throws Exception {
    JsonNode result = null;
    for (int i = 0; i < 600; i++) {
      ObjectNode poll = task("poll_sweep");
      poll.put("sweep_id", sweepId);
      tweak.accept(poll);
      result = backend.handle(poll);
      assertThat(SchemaValidator.validate(SchemaKind.POLL_SWEEP_RESULT, result)).isEmpty();
      if (!result.path("sweep_status").asText().equals("running")) {
        return result;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sweep still running: " + result);
  }

  static String grid(String parameters) {
    return "{\"method\": \"grid\", \"metric\": {\"name\": \"score\", \"goal\": \"maximize\"},"
        + " \"parameters\": {" + parameters + "}}";
  }

  @Test
  void aGridSweepRunsEveryTrialAndReportsTheBest() throws Exception {
    String sweep = launch(grid("\"x\": {\"values\": [1, 3, 2]}"), t -> { });
    JsonNode result = pollUntilDone(sweep, t -> { });
    assertThat(result.path("sweep_status").asText()).isEqualTo("completed");
    assertThat(result.path("best_metric_value").asDouble()).isEqualTo(3.0);
    assertThat(result.path("best_run_config").path("x").asInt()).isEqualTo(3);
    assertThat(result.path("trials")).hasSize(3)
        .allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("finished"));
  }

  @Test
  void metricsAreReadFromAMetricsFileAndFromAWandbOfflineSummary() throws Exception {
    String sweep = launch(grid("\"mode\": {\"values\": [\"summary\", \"file\"]},"
        + " \"x\": {\"value\": 2}"), t -> { });
    JsonNode result = pollUntilDone(sweep, t -> { });
    List<String> metrics = new ArrayList<>();
    result.path("trials").forEach(t -> metrics.add(t.path("config").path("mode").asText() + "="
        + t.path("metric").asDouble()));
    assertThat(metrics).containsExactlyInAnyOrder("summary=20.0", "file=200.0");
  }

  @Test
  void hyperbandStopsTrialsOutsideTheTopOfABracket() throws Exception {
    String sweep = launch("{\"method\": \"grid\", \"metric\": {\"name\": \"score\"},"
        + " \"early_terminate\": {\"type\": \"hyperband\", \"min_iter\": 1, \"eta\": 2,"
        + " \"s\": 1}, \"parameters\": {\"x\": {\"values\": [1, 2, 3, 4]}, \"mode\":"
        + " {\"value\": \"steps\"}}}", t -> ((ObjectNode) t.get("compute"))
        .put("num_sweep_agents", 4));
    JsonNode result = pollUntilDone(sweep, t -> { });
    List<String> outcomes = new ArrayList<>();
    result.path("trials").forEach(t -> outcomes.add(t.path("config").path("x").asInt() + ":"
        + t.path("state").asText() + ":" + t.path("reason").asText("")));
    assertThat(outcomes).contains("4:finished:").anyMatch(o -> o.endsWith("killed:hyperband"));
    assertThat(result.path("best_metric_value").asDouble()).isEqualTo(4.0);
  }

  @Test
  void aRelaunchFindsTheExistingSweep() throws Exception {
    ObjectNode launch = task("launch_sweep");
    launch.put("proposal_id", "same");
    launch.set("sweep_config", Json.parse(grid("\"x\": {\"values\": [1]}")));
    String first = backend.handle(launch).path("sweep_id").asText();
    sweeps.add(first);
    String second = backend.handle(launch).path("sweep_id").asText();
    assertThat(second).isEqualTo(first);
    assertThat(Files.list(project.resolve(".ml-metaopt/local-sweeps"))).hasSize(1);
  }

  @Test
  void nanHangingAndFailingTrialsAreHandledAndRecorded() throws Exception {
    String sweep = launch(grid("\"mode\": {\"values\": [\"ok\", \"nan\", \"hang\", \"fail\"]}"),
        t -> { });
    JsonNode result = pollUntilDone(sweep, t -> { });
    List<String> outcomes = new ArrayList<>();
    result.path("trials").forEach(t -> outcomes.add(t.path("config").path("mode").asText() + ":"
        + t.path("state").asText() + ":" + t.path("reason").asText("")));
    assertThat(outcomes).containsExactlyInAnyOrder("ok:finished:", "nan:killed:nan",
        "hang:killed:idle", "fail:failed:exit code 3");
    List<String> errors = new ArrayList<>();
    result.path("trials").forEach(t -> errors.add(t.path("config").path("mode").asText() + ":"
        + t.path("error").asText("-")));
    assertThat(errors).as("a trial that ended without a result quotes its last stderr line")
        .contains("fail:Traceback: boom", "ok:-");
    assertThat(result.path("sweep_status").asText()).isEqualTo("completed");
    assertThat(result.path("killed_runs")).hasSize(2);
  }

  @Test
  void hostileParameterValuesReachTheProgramAsPlainArgv() throws Exception {
    String sweep = launch(grid("\"name\": {\"values\": [\"$(touch pwned)\", \"; touch pwned2\","
        + " \"`touch pwned3`\"]}"), t -> { });
    pollUntilDone(sweep, t -> { });
    assertThat(project.resolve("pwned")).doesNotExist();
    assertThat(project.resolve("pwned2")).doesNotExist();
    assertThat(project.resolve("pwned3")).doesNotExist();
    List<String> argvs = new ArrayList<>();
    try (var files = Files.walk(project.resolve(".ml-metaopt/local-sweeps"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".argv")).toList()) {
        argvs.add(Files.readString(file));
      }
    }
    assertThat(String.join("\n", argvs)).contains("--name=$(touch pwned)",
        "--name=; touch pwned2", "--name=`touch pwned3`");
  }

  @Test
  void trainCommandMacrosExpandLikeWandbAgent() throws Exception {
    // given: the user placed the parameters with W&B macros, so no ${args} is appended
    String sweep = launch(grid("\"x\": {\"values\": [2]}"), t -> {
      ((ObjectNode) t.get("project")).put("train_command",
          "python3 trial.py --extra ${args_no_hyphens} ${args_json}");
      patient(t);
    });

    // when
    pollUntilDone(sweep, t -> { });

    // then
    assertThat(Json.parse(onlyArgv()).toString())
        .isEqualTo("[\"--extra\",\"x=2\",\"{\\\"x\\\":2}\"]");
  }

  @Test
  void aSweepConfigsOwnProgramOrCommandNeverRuns() throws Exception {
    // given: a sweep config (e.g. from an edited state file) naming a shell command and a program
    String sweep = launch("{\"method\": \"grid\", \"metric\": {\"name\": \"score\"},"
        + " \"program\": \"evil.py\", \"command\": [\"/bin/sh\", \"-c\", \"touch pwned\"],"
        + " \"parameters\": {\"x\": {\"values\": [2]}}}", LocalBackendTest::patient);

    // when
    JsonNode result = pollUntilDone(sweep, t -> { });

    // then: the campaign's train_command ran, with the parameters as arguments
    assertThat(project.resolve("pwned")).doesNotExist();
    assertThat(result.path("trials").get(0).path("state").asText()).isEqualTo("finished");
    assertThat(Json.parse(onlyArgv()).toString()).isEqualTo("[\"--x=2\"]");
    JsonNode recorded = Json.parse(Files.readString(project.resolve(".ml-metaopt/local-sweeps")
        .resolve(sweep).resolve("sweep.json"))).path("config");
    assertThat(recorded.has("program")).isFalse();
    assertThat(recorded.path("command").toString())
        .isEqualTo("[\"python3\",\"trial.py\",\"${args}\"]");
  }

  @Test
  void aCampaignWithoutTrainCommandFailsTheLaunchBeforeAnyTrialStarts() throws Exception {
    // given
    ObjectNode launch = task("launch_sweep");
    launch.put("proposal_id", "no-command");
    launch.set("sweep_config", Json.parse(grid("\"x\": {\"values\": [1]}")));
    ((ObjectNode) launch.get("project")).remove("train_command");

    // when
    JsonNode result = backend.handle(launch);

    // then
    assertThat(result.path("exit_code").asInt()).isNotZero();
    assertThat(result.path("error").asText()).contains("project.train_command");
    assertThat(project.resolve(".ml-metaopt/local-sweeps")).doesNotExist();
  }

  @ParameterizedTest(name = "WANDB_MODE={0}")
  @CsvSource({"'',offline,false", "offline,offline,false", "dryrun,dryrun,false",
      "disabled,disabled,false", "online,online,true"})
  void aTrialGetsTheWandbKeyOnlyWhenItLogsOnline(String userMode, String mode, boolean key)
      throws Exception {
    // given: the key in metaopt's environment, and the user's WANDB_MODE (or none)
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("WANDB_API_KEY", "canary-key-4f1c");
    environment.remove("WANDB_MODE");
    if (!userMode.isEmpty()) {
      environment.put("WANDB_MODE", userMode);
    }
    backend = new LocalBackend(environment, Clock.systemUTC(), Duration.ofSeconds(2));

    // when
    String sweep = launch(grid("\"mode\": {\"values\": [\"wandb_env\"]}"),
        LocalBackendTest::patient);
    pollUntilDone(sweep, t -> { });

    // then
    String seen;
    try (var files = Files.walk(project.resolve(".ml-metaopt/local-sweeps"))) {
      seen = Files.readString(files.filter(f -> f.toString().endsWith(".env")).findFirst()
          .orElseThrow());
    }
    assertThat(Json.parse(seen).path("mode").asText()).isEqualTo(mode);
    assertThat(Json.parse(seen).path("has_key").asBoolean()).isEqualTo(key);
  }

  /** No idle watchdog within the test's time: the trial is judged by what it does. */
  static void patient(ObjectNode task) {
    ((ObjectNode) task.get("compute")).put("idle_timeout_minutes", 10);
  }

  /** The argv of the sweep's only trial, as the trial recorded it. */
  private String onlyArgv() throws Exception {
    try (var files = Files.walk(project.resolve(".ml-metaopt/local-sweeps"))) {
      return Files.readString(files.filter(f -> f.toString().endsWith(".argv")).findFirst()
          .orElseThrow());
    }
  }

  @Test
  void theBudgetStopsEveryTrial() throws Exception {
    String sweep = launch(grid("\"mode\": {\"values\": [\"hang\", \"hang\"]}"), t -> {
      ((ObjectNode) t.get("compute")).put("cost_per_hour_usd", 36_000); // 10 USD per second
      ((ObjectNode) t.get("compute")).put("idle_timeout_minutes", 60);
    });
    JsonNode result = pollUntilDone(sweep, t -> {
      ((ObjectNode) t.get("compute")).put("max_budget_usd", 1);
      t.put("spend_before_sweep_usd", 0.5);
    });
    assertThat(result.path("sweep_status").asText()).isEqualTo("budget_exceeded");
    assertThat(result.path("trials")).allSatisfy(t -> {
      assertThat(t.path("state").asText()).isEqualTo("killed");
      assertThat(t.path("reason").asText()).isEqualTo("budget_exceeded");
    });
    assertThat(result.path("cumulative_spend_usd").asDouble()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void theSweepTimeCapStopsTrialsThatNeverEnd() throws Exception {
    String sweep = launch(grid("\"mode\": {\"values\": [\"hang\", \"ok\"]}"), t -> {
      ((ObjectNode) t.get("compute")).put("idle_timeout_minutes", 60);
      ((ObjectNode) t.get("compute")).put("max_sweep_minutes", 0.02);
    });
    JsonNode result = pollUntilDone(sweep, t -> { });
    List<String> outcomes = new ArrayList<>();
    result.path("trials").forEach(t -> outcomes.add(t.path("config").path("mode").asText() + ":"
        + t.path("state").asText() + ":" + t.path("reason").asText("")));
    assertThat(outcomes).containsExactlyInAnyOrder("hang:killed:sweep_time_cap", "ok:finished:");
    assertThat(result.path("sweep_status").asText()).isEqualTo("completed");
  }

  @Test
  void aNewBackendInstanceContinuesTheSweepWithoutRerunningFinishedTrials() throws Exception {
    String config = "{\"method\": \"random\", \"metric\": {\"name\": \"score\"}, \"run_cap\": 6,"
        + " \"parameters\": {\"x\": {\"min\": 0.0, \"max\": 1.0}, \"mode\": {\"value\":"
        + " \"slow\"}}}";
    String sweep = launch(config, t -> { });
    ObjectNode poll = task("poll_sweep");
    poll.put("sweep_id", sweep);
    JsonNode partial = backend.handle(poll);
    for (int i = 0; i < 300 && partial.path("counts").path("finished").asInt() < 2; i++) {
      Thread.sleep(100);
      partial = backend.handle(poll);
    }
    // the orchestrator "crashes": a fresh backend (fresh JVM state) takes over from the files
    backend = new LocalBackend(System.getenv(), Clock.systemUTC(), Duration.ofSeconds(2));
    JsonNode result = pollUntilDone(sweep, t -> { });
    assertThat(result.path("trials")).hasSize(6);
    List<String> runIds = new ArrayList<>();
    result.path("trials").forEach(t -> runIds.add(t.path("run_id").asText()));
    assertThat(runIds).doesNotHaveDuplicates();
    try (var dirs = Files.list(project.resolve(".ml-metaopt/local-sweeps").resolve(sweep)
        .resolve("trials"))) {
      assertThat(dirs.count()).isEqualTo(6);
    }
  }

  @Test
  void smokeTestPassesFailsAndPassesWhenStillRunningAtTheLimit() {
    ObjectNode ok = task("run_smoke_test");
    ok.put("command", "python3 trial.py --x=1");
    JsonNode passed = backend.handle(ok);
    assertThat(passed.path("passed").asBoolean()).isTrue();
    assertThat(passed.path("stdout_tail").asText()).contains("score");

    ObjectNode bad = task("run_smoke_test");
    bad.put("command", "python3 trial.py --mode=fail");
    JsonNode failed = backend.handle(bad);
    assertThat(failed.path("passed").asBoolean()).isFalse();
    assertThat(failed.path("exit_code").asInt()).isEqualTo(3);
    assertThat(failed.path("stderr_tail").asText()).contains("Traceback");

    ObjectNode slow = task("run_smoke_test");
    slow.put("command", "python3 trial.py --mode=hang");
    JsonNode running = backend.handle(slow);
    assertThat(running.path("passed").asBoolean()).isTrue();
    assertThat(running.path("timed_out").asBoolean()).isTrue();
    assertThat(SchemaValidator.validate(SchemaKind.SMOKE_TEST_RESULT, running)).isEmpty();
  }
}
