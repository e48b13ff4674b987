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
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The local smoke test runs the selected sweep's first configuration as a real trial. */
class SampledSmokeTest {
  static final String SWEEP = "{\"method\": \"random\", \"metric\": {\"name\": \"score\","
      + " \"goal\": \"maximize\"}, \"run_cap\": 1, \"parameters\": {\"x\": {\"min\": 0.0,"
      + " \"max\": 1.0}, \"mode\": {\"value\": \"%s\"}}}";

  @TempDir Path project;
  @RegisterExtension final LocalSweeps sweeps = LocalSweeps.oneAgent(() -> project,
      LocalBackendTest.TRIAL);

  private JsonNode smoke(String mode) throws Exception {
    return smoke(mode, project -> { });
  }

  private JsonNode smoke(String mode, Consumer<ObjectNode> projectSection) throws Exception {
    return smoke(sweeps.backend(), mode, projectSection);
  }

  private JsonNode smoke(LocalBackend backend, String mode, Consumer<ObjectNode> projectSection)
      throws Exception {
    ObjectNode smoke = sweeps.task("run_smoke_test");
    projectSection.accept((ObjectNode) smoke.path("project"));
    smoke.put("name", "smoke-test-iter-1");
    smoke.put("command", "true");
    smoke.set("sweep_config", Json.parse(SWEEP.formatted(mode)));
    JsonNode result = backend.handle(smoke);
    assertThat(SchemaValidator.validate(SchemaKind.SMOKE_TEST_RESULT, result)).isEmpty();
    return result;
  }

  @Test
  void itRunsTheConfigurationTheSweepsFirstTrialGetsThroughTheTrialCommand() throws Exception {
    // when
    JsonNode result = smoke("ok");
    String sweep = sweeps.launch(SWEEP.formatted("ok"), t -> { });
    JsonNode trials = sweeps.pollUntilDone(sweep).path("trials");

    // then
    assertThat(result.path("passed").asBoolean()).isTrue();
    JsonNode sampled = result.path("sampled_trial");
    assertThat(sampled.path("metric_logged").asBoolean()).isTrue();
    assertThat(sampled.path("config")).isEqualTo(trials.get(0).path("config"));
    assertThat(sampled.path("command").get(0).asText()).isEqualTo("python3");
    assertThat(Path.of(sampled.path("files").asText()).resolve("stdout.log")).content()
        .contains("score");
  }

  @Test
  void aFailingConfigurationFailsTheSmokeTestWithItsErrorLine() throws Exception {
    JsonNode result = smoke("fail");

    assertThat(result.path("passed").asBoolean()).isFalse();
    assertThat(result.path("failure").asText()).contains("first configuration",
        "exited with code 3: Traceback: boom");
  }

  @Test
  void aConfigurationStillRunningAtTheLimitPassesWithAWarningWhenTheMetricIsNotYetLogged()
      throws Exception {
    JsonNode result = smoke("quiet");

    assertThat(result.path("passed").asBoolean()).isTrue();
    assertThat(result.path("sampled_trial").path("timed_out").asBoolean()).isTrue();
    assertThat(result.path("sampled_trial").path("stopped_at_metric").asBoolean()).isFalse();
    assertThat(result.path("sampled_trial").path("warning").asText())
        .contains("score was not logged", "it logged no metric at all");
  }

  /**
   * A smoke limit the trials below never reach (they log, then sleep 600 s): whatever the
   * machine's load, the trial is stopped because it logged the objective, never by the limit.
   */
  private LocalBackend backendWithAnUnreachedLimit() {
    return new LocalBackend(System.getenv(), Clock.systemUTC(), Duration.ofMinutes(15),
        TrialProcesses.REAL);
  }

  @Test
  void theSampledTrialIsStoppedAndPassesAsSoonAsItLogsTheObjectiveOnStdout() throws Exception {
    // when: a trial that logs the objective once, then runs on for ten minutes
    JsonNode result = smoke(backendWithAnUnreachedLimit(), "hang", project -> { });

    // then
    JsonNode sampled = result.path("sampled_trial");
    assertThat(result.path("passed").asBoolean()).as(result.toString()).isTrue();
    assertThat(sampled.path("stopped_at_metric").asBoolean()).isTrue();
    assertThat(sampled.path("timed_out").asBoolean()).isFalse();
    assertThat(sampled.path("metric_logged").asBoolean()).isTrue();
    assertThat(sampled.has("exit_code")).isFalse();
    assertThat(sampled.has("warning")).isFalse();
  }

  @Test
  void aSampledTrialLoggingToTheMetricsFileIsStoppedWithItsProcessOnceTheObjectiveIsThere()
      throws Exception {
    // when: a trial that writes the objective to METAOPT_METRICS_FILE, then runs on
    JsonNode result = smoke(backendWithAnUnreachedLimit(), "file_hang", project -> { });

    // then: passed, and the trial's process is gone
    JsonNode sampled = result.path("sampled_trial");
    assertThat(result.path("passed").asBoolean()).as(result.toString()).isTrue();
    assertThat(sampled.path("stopped_at_metric").asBoolean()).isTrue();
    long pid = Long.parseLong(Files.readString(Path.of(sampled.path("files").asText())
        .resolve("metrics.jsonl.pid")).strip());
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("trial process alive")
        .isNotEqualTo(Optional.of(true));
  }

  @Test
  void theSetupCommandPreparesTheMachineBeforeTheSampledTrialAsForTheSweep() throws Exception {
    // given: a program that exists only once project.setup_command has built it
    JsonNode result = smoke("ok", project -> project
        .put("setup_command", "mkdir -p build && cp trial.py build/trial.py")
        .put("train_command", "python3 build/trial.py"));

    // then
    assertThat(result.path("passed").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("sampled_trial").path("metric_logged").asBoolean()).isTrue();
  }

  @Test
  void aFailingSetupCommandFailsTheSmokeTestWithItsLastErrorLine() throws Exception {
    JsonNode result = smoke("ok", project -> project
        .put("setup_command", "echo 'error: no compiler' >&2; exit 2"));

    assertThat(result.path("passed").asBoolean()).isFalse();
    assertThat(result.path("failure").asText())
        .contains("project.setup_command exited 2: error: no compiler");
  }

  /** Two configurations, {@code x} 0.25 or 0.75, and a run cap of {@code runs}. */
  private static String twoConfigurations(int runs) {
    return "{\"method\": \"random\", \"metric\": {\"name\": \"score\", \"goal\":"
        + " \"maximize\"}, \"run_cap\": " + runs + ", \"parameters\": {\"x\": {\"values\":"
        + " [0.25, 0.75]}, \"mode\": {\"value\": \"ok\"}}}";
  }

  /** The smoke test of iteration 2's sweep over {@code sweepConfig}. */
  private JsonNode smokeOfIterationTwo(String sweepConfig) throws Exception {
    ObjectNode smoke = sweeps.task("run_smoke_test");
    smoke.put("name", "smoke-test-iter-2");
    smoke.put("command", "true");
    smoke.put("iteration", 2);
    smoke.put("proposal_id", "p-1");
    smoke.set("sweep_config", Json.parse(sweepConfig));
    JsonNode result = sweeps.backend().handle(smoke);
    assertThat(SchemaValidator.validate(SchemaKind.SMOKE_TEST_RESULT, result)).isEmpty();
    return result;
  }

  @Test
  void afterAnEarlierIterationTheSmokeTestRunsTheConfigurationTheSweepsFirstTrialGets()
      throws Exception {
    // given: iteration 1 measured one of the two configurations
    String first = sweeps.launch(twoConfigurations(1), t -> { });
    JsonNode measured = sweeps.pollUntilDone(first).path("trials").get(0).path("config");

    // when
    JsonNode result = smokeOfIterationTwo(twoConfigurations(1));
    String second = sweeps.launch(twoConfigurations(1), t -> t.put("iteration", 2));
    JsonNode trials = sweeps.pollUntilDone(second).path("trials");

    // then: the smoke test ran the other one, as the sweep did
    JsonNode sampled = result.path("sampled_trial");
    assertThat(result.path("passed").asBoolean()).as(result.toString()).isTrue();
    assertThat(sampled.path("config")).isEqualTo(trials.get(0).path("config"))
        .isNotEqualTo(measured);
  }

  @Test
  void whenEarlierIterationsMeasuredEveryConfigurationTheSmokeTestPassesWithoutRunningOne()
      throws Exception {
    // given: iteration 1 measured both configurations
    sweeps.pollUntilDone(sweeps.launch(twoConfigurations(2), t -> { }));

    // when
    JsonNode result = smokeOfIterationTwo(twoConfigurations(2));

    // then
    JsonNode sampled = result.path("sampled_trial");
    assertThat(result.path("passed").asBoolean()).as(result.toString()).isTrue();
    assertThat(sampled.path("skipped").asText()).contains("already been measured",
        "compute.max_runs_per_config", "the sweep will run no trial");
    assertThat(sampled.has("config")).isFalse();
    assertThat(sweeps.metaoptDir().resolve("smoke")).doesNotExist();
  }
}
