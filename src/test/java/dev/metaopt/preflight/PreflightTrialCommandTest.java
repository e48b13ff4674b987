package dev.metaopt.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Preflight refuses a campaign whose trials would have no command of the user's to run. */
class PreflightTrialCommandTest {
  @TempDir Path dir;

  List<CheckResult> checks(String project, String workers) throws Exception {
    Files.writeString(dir.resolve("Train.java"), "class Train {}"); // the script the command names
    JsonNode campaign = Json.parse("{\"campaign\": {\"name\": \"c\"}, \"project\": " + project
        + ", \"compute\": {\"provider\": \"local\"}, \"workers\": " + workers + "}");
    return new Preflight(dir, System.getenv(), BackendChecks.local()).checks(campaign);
  }

  static List<CheckResult> named(List<CheckResult> checks) {
    return checks.stream().filter(c -> c.name().equals("project.train_command")).toList();
  }

  @Test
  void aCampaignWithoutTrainCommandFailsWhenTheBuiltInBackendRunsTrials() throws Exception {
    List<CheckResult> checks = checks("{\"smoke_test_command\": \"true\"}", "{}");

    assertThat(named(checks)).singleElement().satisfies(c -> {
      assertThat(c.isFailure()).isTrue();
      assertThat(c.detail()).contains("is not set", "a worker never chooses what runs");
      assertThat(c.remediation()).contains("train_command: \"python train.py\"");
    });
  }

  @Test
  void ownExecutionWorkersNeedNoTrainCommand() throws Exception {
    List<CheckResult> checks = checks("{\"smoke_test_command\": \"true\"}",
        "{\"execution\": {\"command\": [\"true\"]}}");

    assertThat(named(checks)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "java Train.java|false|'java' found at",
      "${interpreter} ${program} ${args}|true|uses ${interpreter}, which nothing sets"})
  void theTrainCommandIsCheckedAsTheTrialsWillRunIt(String train, boolean fails, String detail)
      throws Exception {
    List<CheckResult> checks = checks("{\"smoke_test_command\": \"true\", \"train_command\": \""
        + train + "\"}", "{}");

    assertThat(named(checks)).singleElement().satisfies(c -> {
      assertThat(c.isFailure()).isEqualTo(fails);
      assertThat(c.detail()).contains(detail);
    });
  }
}
