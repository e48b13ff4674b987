package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.schema.SchemaValidator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failed trials carry their own error, and a sweep whose first trials fail alike stops early. */
class FailFastTest {
  /** Fails in the way its {@code mode} says; logs {@code score} otherwise. */
  static final String TRIAL = """
      import json, sys
      args = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--"))
      mode = args.get("mode", "ok")
      if mode == "crash":
          print("Traceback (most recent call last):", file=sys.stderr)
          print("ModuleNotFoundError: No module named 'torch'", file=sys.stderr)
          sys.exit(1)
      if mode == "oom":
          print("MemoryError: tried to allocate " + args["x"] + " GiB", file=sys.stderr)
          sys.exit(1)
      print(json.dumps({"epoch": 1, "val/loss": 0.4, "_step": 0}))
      """;

  /**
   * A continuous parameter, so every sampled configuration is new: a configuration already run is
   * never run again, so a space of one configuration would end after one trial.
   */
  private static final String LR =
      "\"lr\": {\"distribution\": \"uniform\", \"min\": 0, \"max\": 1}";

  @TempDir Path project;
  @RegisterExtension final LocalSweeps sweeps = LocalSweeps.oneAgent(() -> project, TRIAL);

  @Test
  void aSweepWhoseFirstThreeTrialsCrashAlikeIsStoppedWithTheirErrorLine() throws Exception {
    // given: every configuration crashes on start, and the sweep could run 8 trials
    String sweep = sweeps.launch(random("\"mode\": {\"value\": \"crash\"}, " + LR, "score"),
        t -> { });

    // when
    JsonNode result = sweeps.pollUntilDone(sweep);

    // then
    assertThat(SchemaValidator.validate(SchemaKind.POLL_SWEEP_RESULT, result)).isEmpty();
    assertThat(result.path("sweep_status").asText()).isEqualTo("failed");
    assertThat(result.path("stop_reason").asText()).isEqualTo("same_failure");
    assertThat(result.path("stop_detail").asText()).contains("first 3 trials",
        "exit code 1: ModuleNotFoundError: No module named 'torch'");
    assertThat(result.path("trials").size()).isEqualTo(FailFast.FIRST_TRIALS);
    JsonNode first = result.path("trials").get(0);
    assertThat(first.path("error").asText())
        .isEqualTo("ModuleNotFoundError: No module named 'torch'");
    assertThat(Path.of(first.path("log").asText())).isAbsolute().exists();
  }

  @Test
  void failuresThatDifferOnlyInNumbersCountAsTheSameWay() throws Exception {
    String sweep = sweeps.launch(random("\"mode\": {\"value\": \"oom\"}, \"x\": {\"values\":"
        + " [2, 4, 8, 16]}", "score"), t -> { });

    JsonNode result = sweeps.pollUntilDone(sweep);

    assertThat(result.path("stop_reason").asText()).isEqualTo("same_failure");
    assertThat(result.path("trials").size()).isEqualTo(FailFast.FIRST_TRIALS);
  }

  @Test
  void aSweepWithAFinishedTrialIsNeverStoppedEarly() throws Exception {
    // given: trial 1 finishes, every later one crashes
    String sweep = sweeps.launch("{\"method\": \"grid\", \"metric\": {\"name\": \"val/loss\"},"
        + " \"parameters\": {\"mode\": {\"values\": [\"ok\", \"crash\", \"crash\", \"crash\","
        + " \"crash\"]}}}", t -> { });

    JsonNode result = sweeps.pollUntilDone(sweep);

    assertThat(result.path("sweep_status").asText()).isEqualTo("completed");
    assertThat(result.path("trials").size()).isEqualTo(5);
    assertThat(result.has("stop_reason")).isFalse();
  }

  @Test
  void aTrialThatNeverLogsTheObjectiveFailsNamingTheMetricsItLogged() throws Exception {
    // given: the campaign says val_loss, the program logs val/loss
    String sweep = sweeps.launch(random("\"mode\": {\"value\": \"ok\"}, " + LR, "val_loss"),
        t -> ((ObjectNode) t.path("sweep_config")).put("run_cap", 3));

    JsonNode result = sweeps.pollUntilDone(sweep);

    assertThat(result.path("sweep_status").asText()).isEqualTo("failed");
    assertThat(result.path("trials")).allSatisfy(t -> {
      assertThat(t.path("reason").asText()).isEqualTo("no val_loss logged");
      assertThat(t.path("error").asText()).isEqualTo("it logged epoch, val/loss");
    });
    assertThat(result.path("trials").size()).isEqualTo(3);
  }

  private static String random(String parameters, String metric) {
    return "{\"method\": \"random\", \"run_cap\": 8, \"metric\": {\"name\": \"" + metric
        + "\", \"goal\": \"minimize\"}, \"parameters\": {" + parameters + "}}";
  }
}
