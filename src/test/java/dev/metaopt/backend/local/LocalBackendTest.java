package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.SmokeTest;
import dev.metaopt.json.Json;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import dev.metaopt.testing.FileEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The local backend running real trial processes (a small Python script). Time-based rules are
 * judged on a manual clock the tests advance; between polls the tests wait for trials to end.
 */
@Tag("e2e")
class LocalBackendTest {
  /** A trial whose behaviour is chosen by its {@code mode} parameter. */
  static final String TRIAL = """
      import json, sys, time, os, socket
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
          time.sleep(600)
      if mode == "file_hang":
          with open(os.environ["METAOPT_METRICS_FILE"] + ".pid", "w") as f:
              f.write(str(os.getpid()))
          with open(os.environ["METAOPT_METRICS_FILE"], "a") as f:
              f.write(json.dumps({"score": 0.2, "_step": 0}) + "\\n")
          time.sleep(600)
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
          if mode == "steps" and step == 1:
              # at the bracket step: tell the test, then wait until it lets the trial go on
              link = socket.create_connection(("127.0.0.1", int(args["port"])))
              link.sendall(b"at step 1\\n")
              link.makefile().readline()
      """;

  @TempDir Path project;
  @RegisterExtension final LocalSweeps sweeps = LocalSweeps.twoAgents(() -> project, TRIAL);

  @Test
  void aGridSweepRunsEveryTrialAndReportsTheBest() throws Exception {
    String sweep = sweeps.launch(LocalSweeps.grid("\"x\": {\"values\": [1, 3, 2]}"), t -> { });
    JsonNode result = sweeps.pollUntilDone(sweep, t -> { });
    assertThat(result.path("sweep_status").asText()).isEqualTo("completed");
    assertThat(result.path("best_metric_value").asDouble()).isEqualTo(3.0);
    assertThat(result.path("best_run_config").path("x").asInt()).isEqualTo(3);
    assertThat(result.path("trials")).hasSize(3)
        .allSatisfy(t -> assertThat(t.path("state").asText()).isEqualTo("finished"));
  }

  @Test
  void metricsAreReadFromAMetricsFileAndFromAWandbOfflineSummary() throws Exception {
    String sweep = sweeps.launch(LocalSweeps.grid("\"mode\": {\"values\": [\"summary\","
        + " \"file\"]}, \"x\": {\"value\": 2}"), t -> { });
    JsonNode result = sweeps.pollUntilDone(sweep, t -> { });
    List<String> metrics = new ArrayList<>();
    result.path("trials").forEach(t -> metrics.add(t.path("config").path("mode").asText() + "="
        + t.path("metric").asDouble()));
    assertThat(metrics).containsExactlyInAnyOrder("summary=20.0", "file=200.0");
  }

  @Test
  void hyperbandStopsTrialsOutsideTheTopOfABracket() throws Exception {
    try (ServerSocket rendezvous = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      rendezvous.setSoTimeout((int) TimeUnit.SECONDS.toMillis(LocalSweeps.MAX_WAIT_SECONDS));
      // given: four trials, each stopped at the bracket step (1) until the test lets it go on
      String sweep = sweeps.launch("{\"method\": \"grid\", \"metric\": {\"name\": \"score\"},"
          + " \"early_terminate\": {\"type\": \"hyperband\", \"min_iter\": 1, \"eta\": 2,"
          + " \"s\": 1}, \"parameters\": {\"x\": {\"values\": [1, 2, 3, 4]}, \"mode\":"
          + " {\"value\": \"steps\"}, \"port\": {\"value\": " + rendezvous.getLocalPort()
          + "}}}", t -> ((ObjectNode) t.get("compute")).put("num_sweep_agents", 4));
      List<Socket> atBracket = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          Socket link = rendezvous.accept();
          atBracket.add(link);
          new BufferedReader(new InputStreamReader(link.getInputStream(),
              StandardCharsets.UTF_8)).readLine();
        }

        // when: the sweep is polled with every trial at the bracket step, then the rest go on
        // and end (polls while two survivors still sit at the step would judge them again)
        JsonNode atStep = sweeps.poll(sweep, t -> { });
        for (Socket link : atBracket) {
          new PrintWriter(link.getOutputStream(), true, StandardCharsets.UTF_8).println("go");
        }
        sweeps.awaitEveryTrialEnd(sweep);
        JsonNode result = sweeps.pollUntilDone(sweep, t -> { });

        // then: the bottom half of the bracket was stopped there, the top half finished
        assertThat(atStep.path("killed_runs")).hasSize(2);
        assertThat(LocalSweeps.outcomes(result, "x")).containsExactlyInAnyOrder(
            "1:killed:hyperband", "2:killed:hyperband", "3:finished:", "4:finished:");
        assertThat(result.path("best_metric_value").asDouble()).isEqualTo(4.0);
      } finally {
        for (Socket link : atBracket) {
          link.close();
        }
      }
    }
  }

  @Test
  void aRelaunchFindsTheExistingSweep() throws Exception {
    ObjectNode launch = sweeps.task("launch_sweep");
    launch.put("proposal_id", "same");
    launch.set("sweep_config", Json.parse(LocalSweeps.grid("\"x\": {\"values\": [1]}")));
    String first = sweeps.backend().handle(launch).path("sweep_id").asText();
    String second = sweeps.backend().handle(launch).path("sweep_id").asText();
    try {
      assertThat(second).isEqualTo(first);
      assertThat(Files.list(project.resolve(".ml-metaopt/local-sweeps"))).hasSize(1);
    } finally {
      sweeps.pollUntilDone(first, t -> { });
    }
  }

  @Test
  void nanHangingAndFailingTrialsAreHandledAndRecorded() throws Exception {
    // given: four trials, one of which never ends
    String sweep = sweeps.launch(LocalSweeps.grid("\"mode\": {\"values\": [\"ok\", \"nan\","
        + " \"hang\", \"fail\"]}"), t -> { });
    JsonNode started = sweeps.pollUntil(sweep, t -> { }, r -> onlyHangRuns(r));
    // its one line logged and seen before the clock moves: seen only after, that line would be
    // fresh activity and the trial not idle (a slow Python start on a loaded machine did that)
    TrialProcess.TrialFiles hang = sweeps.files(sweep, runIdOf(started, "hang"));
    FileEvents.await(hang.dir(), () -> TrialActivity.bytesLogged(hang) > 0,
        Duration.ofSeconds(LocalSweeps.MAX_WAIT_SECONDS));
    sweeps.poll(sweep);

    // when: the hanging one stays silent past the idle timeout
    sweeps.clock.advance(Duration.ofMinutes(2));
    JsonNode result = sweeps.pollUntilDone(sweep, t -> { });

    // then
    assertThat(LocalSweeps.outcomes(result, "mode")).containsExactlyInAnyOrder("ok:finished:",
        "nan:killed:nan", "hang:killed:idle", "fail:failed:exit code 3");
    List<String> errors = new ArrayList<>();
    result.path("trials").forEach(t -> errors.add(t.path("config").path("mode").asText() + ":"
        + t.path("error").asText("-")));
    assertThat(errors).as("a trial that ended without a result says why: its last stderr line,"
        + " the objective's first value that was not finite").contains("fail:Traceback: boom",
        "ok:-", "nan:score = NaN at step 1");
    assertThat(result.path("sweep_status").asText()).isEqualTo("completed");
    assertThat(result.path("killed_runs")).hasSize(2);
  }

  private static String runIdOf(JsonNode poll, String mode) {
    for (JsonNode trial : poll.path("trials")) {
      if (trial.path("config").path("mode").asText().equals(mode)) {
        return trial.path("run_id").asText();
      }
    }
    throw new AssertionError("no trial with mode " + mode + " in " + poll);
  }

  /** Every trial was started and the only one still running is the hanging one. */
  private static boolean onlyHangRuns(JsonNode poll) {
    List<String> outcomes = LocalSweeps.outcomes(poll, "mode");
    return outcomes.size() == 4 && outcomes.stream()
        .filter(o -> o.contains(":running:")).allMatch(o -> o.startsWith("hang:"));
  }

  @Test
  void hostileParameterValuesReachTheProgramAsPlainArgv() throws Exception {
    String sweep = sweeps.launch(LocalSweeps.grid("\"name\": {\"values\": [\"$(touch pwned)\","
        + " \"; touch pwned2\", \"`touch pwned3`\"]}"), t -> { });
    sweeps.pollUntilDone(sweep, t -> { });
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
    String sweep = sweeps.launch(LocalSweeps.grid("\"x\": {\"values\": [2]}"), t ->
        ((ObjectNode) t.get("project")).put("train_command",
            "python3 trial.py --extra ${args_no_hyphens} ${args_json}"));

    // when
    sweeps.pollUntilDone(sweep, t -> { });

    // then
    assertThat(Json.parse(onlyArgv()).toString())
        .isEqualTo("[\"--extra\",\"x=2\",\"{\\\"x\\\":2}\"]");
  }

  @Test
  void aSweepConfigsOwnProgramOrCommandNeverRuns() throws Exception {
    // given: a sweep config (e.g. from an edited state file) naming a shell command and a program
    String sweep = sweeps.launch("{\"method\": \"grid\", \"metric\": {\"name\": \"score\"},"
        + " \"program\": \"evil.py\", \"command\": [\"/bin/sh\", \"-c\", \"touch pwned\"],"
        + " \"parameters\": {\"x\": {\"values\": [2]}}}", t -> { });

    // when
    JsonNode result = sweeps.pollUntilDone(sweep, t -> { });

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
    ObjectNode launch = sweeps.task("launch_sweep");
    launch.put("proposal_id", "no-command");
    launch.set("sweep_config", Json.parse(LocalSweeps.grid("\"x\": {\"values\": [1]}")));
    ((ObjectNode) launch.get("project")).remove("train_command");

    // when
    JsonNode result = sweeps.backend().handle(launch);

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
    sweeps.environment.put("WANDB_API_KEY", "canary-key-4f1c");
    sweeps.environment.remove("WANDB_MODE");
    if (!userMode.isEmpty()) {
      sweeps.environment.put("WANDB_MODE", userMode);
    }
    sweeps.restart();

    // when
    String sweep = sweeps.launch(LocalSweeps.grid("\"mode\": {\"values\": [\"wandb_env\"]}"),
        t -> { });
    sweeps.pollUntilDone(sweep, t -> { });

    // then
    String seen;
    try (var files = Files.walk(project.resolve(".ml-metaopt/local-sweeps"))) {
      seen = Files.readString(files.filter(f -> f.toString().endsWith(".env")).findFirst()
          .orElseThrow());
    }
    assertThat(Json.parse(seen).path("mode").asText()).isEqualTo(mode);
    assertThat(Json.parse(seen).path("has_key").asBoolean()).isEqualTo(key);
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
    // given: two trials that never end, at 10 USD per second
    String sweep = sweeps.launch(LocalSweeps.grid("\"mode\": {\"values\": [\"hang\","
        + " \"hang\"]}"), t -> ((ObjectNode) t.get("compute"))
            .put("cost_per_hour_usd", 36_000).put("idle_timeout_minutes", 60));

    // when: a minute passes with 0.5 of the 1 USD budget already spent before this sweep
    sweeps.clock.advance(Duration.ofMinutes(1));
    JsonNode result = sweeps.poll(sweep, t -> {
      ((ObjectNode) t.get("compute")).put("max_budget_usd", 1);
      t.put("spend_before_sweep_usd", 0.5);
    });

    // then
    assertThat(result.path("sweep_status").asText()).isEqualTo("budget_exceeded");
    assertThat(result.path("trials")).hasSize(2).allSatisfy(t -> {
      assertThat(t.path("state").asText()).isEqualTo("killed");
      assertThat(t.path("reason").asText()).isEqualTo("budget_exceeded");
    });
    assertThat(result.path("cumulative_spend_usd").asDouble()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void theSweepTimeCapStopsTrialsThatNeverEnd() throws Exception {
    // given: a trial that ends and one that never does, in a sweep capped at 1.2 s
    String sweep = sweeps.launch(LocalSweeps.grid("\"mode\": {\"values\": [\"hang\","
        + " \"ok\"]}"), t -> ((ObjectNode) t.get("compute"))
            .put("idle_timeout_minutes", 60).put("max_sweep_minutes", 0.02));
    sweeps.pollUntil(sweep, t -> { }, r -> LocalSweeps.outcomes(r, "mode")
        .contains("ok:finished:"));

    // when: the cap passes
    sweeps.clock.advance(Duration.ofSeconds(2));
    JsonNode result = sweeps.pollUntilDone(sweep, t -> { });

    // then
    assertThat(LocalSweeps.outcomes(result, "mode")).containsExactlyInAnyOrder(
        "hang:killed:sweep_time_cap", "ok:finished:");
    assertThat(result.path("sweep_status").asText()).isEqualTo("completed");
  }

  @Test
  void aNewBackendInstanceContinuesTheSweepWithoutRerunningFinishedTrials() throws Exception {
    String config = "{\"method\": \"random\", \"metric\": {\"name\": \"score\"}, \"run_cap\": 6,"
        + " \"parameters\": {\"x\": {\"min\": 0.0, \"max\": 1.0}}}";
    String sweep = sweeps.launch(config, t -> { });
    sweeps.pollUntil(sweep, t -> { }, r -> r.path("counts").path("finished").asInt() >= 2);
    // the orchestrator "crashes": a fresh backend (fresh JVM state) takes over from the files
    sweeps.restart();
    JsonNode result = sweeps.pollUntilDone(sweep, t -> { });
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
  void smokeTestPassesFailsAndPassesWhenStillRunningAtTheLimit() throws IOException {
    // the product's 60 s limit for commands that end; a 2 s one for the command that never does
    LocalBackend backend = new LocalBackend(sweeps.environment, sweeps.clock, SmokeTest.LIMIT,
        TrialProcesses.REAL);
    ObjectNode ok = sweeps.task("run_smoke_test");
    ok.put("command", "python3 trial.py --x=1");
    JsonNode passed = backend.handle(ok);
    assertThat(passed.path("passed").asBoolean()).isTrue();
    assertThat(passed.path("stdout_tail").asText()).contains("score");

    ObjectNode bad = sweeps.task("run_smoke_test");
    bad.put("command", "python3 trial.py --mode=fail");
    JsonNode failed = backend.handle(bad);
    assertThat(failed.path("passed").asBoolean()).isFalse();
    assertThat(failed.path("exit_code").asInt()).isEqualTo(3);
    assertThat(failed.path("stderr_tail").asText()).contains("Traceback");

    ObjectNode slow = sweeps.task("run_smoke_test");
    slow.put("command", "python3 trial.py --mode=hang");
    JsonNode running = sweeps.backend().handle(slow);
    assertThat(running.path("passed").asBoolean()).isTrue();
    assertThat(running.path("timed_out").asBoolean()).isTrue();
    assertThat(SchemaValidator.validate(SchemaKind.SMOKE_TEST_RESULT, running)).isEmpty();
  }
}
