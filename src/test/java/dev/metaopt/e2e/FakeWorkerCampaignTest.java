package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole campaigns with scripted fake workers, driven through the CLI as a user would. */
@Tag("e2e")
class FakeWorkerCampaignTest {
  private static final String STOP_AFTER_THREE = """
      stop_conditions:
        max_iterations: 3
        max_no_improve_iterations: 5
      """;

  @TempDir Path dir;

  @Test
  void reachesCompleteOnMaxIterations() {
    // given
    FakeProject project = FakeProject.create(dir, STOP_AFTER_THREE,
        "{\"execution\": {\"metrics\": [0.6, 0.7, 0.8]}}");

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isZero();
    JsonNode state = project.state();
    assertThat(state.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(state.path("completed_iterations")).hasSize(3);
    assertThat(state.path("completed_iterations").get(2).path("stop_reason").asText())
        .isEqualTo("max_iterations");
    assertThat(state.path("baseline").path("value").asDouble()).isEqualTo(0.8);
    assertThat(state.path("current_sweep").isNull()).isTrue();
    assertThat(project.backendLines("launches.jsonl")).hasSize(3);
    assertThat(project.layout.finalReport()).content().contains("max_iterations", "0.8");
    assertThat(project.layout.agentsFile()).doesNotExist();
    assertThat(project.layout.logsDir().resolve("metaopt.log")).content()
        .contains("ROLL_ITERATION -> COMPLETE", "final report");
  }

  @Test
  void reachesCompleteOnTargetMetric() {
    // given
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 10
          target_metric: 0.75
          max_no_improve_iterations: 5
        """, "{\"execution\": {\"metrics\": [0.6, 0.8, 0.9]}}");

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(project.state().path("completed_iterations")).hasSize(2);
    assertThat(project.layout.finalReport()).content().contains("target_metric");
  }

  @Test
  void reachesCompleteOnPlateau() {
    // given
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 10
          max_no_improve_iterations: 2
        """, "{\"execution\": {\"metrics\": [0.6, 0.6, 0.605]}}");

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isZero();
    JsonNode state = project.state();
    assertThat(state.path("completed_iterations")).hasSize(3);
    assertThat(state.path("no_improve_iterations").asInt()).isEqualTo(2);
    assertThat(project.layout.finalReport()).content().contains("max_no_improve_iterations");
  }

  @Test
  void stopsWithBlockedConfigWhenTheBudgetRunsOutDuringASweep() {
    // given: each poll costs 4 USD of a 10 USD budget and a sweep needs 3 polls
    FakeProject project = FakeProject.create(dir, STOP_AFTER_THREE,
        "{\"execution\": {\"metrics\": [0.6], \"spend_per_poll\": 4.0,"
            + " \"polls_before_complete\": 5}}");

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isEqualTo(7);
    JsonNode state = project.state();
    assertThat(state.path("machine_state").asText()).isEqualTo("BLOCKED_CONFIG");
    assertThat(state.path("current_sweep").isNull()).isTrue();
    assertThat(project.backendLines("stops.jsonl")).hasSize(1);
    assertThat(project.layout.finalReport()).content().contains("budget_exceeded");
    assertThat(project.status().path("next_action").asText()).contains("Budget cap exceeded");
  }

  @Test
  void failsWhenTheSmokeTestFails() {
    // given
    FakeProject project = FakeProject.create(dir, STOP_AFTER_THREE,
        "{\"execution\": {\"smoke\": \"fail\"}}");

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isEqualTo(3);
    assertThat(project.state().path("machine_state").asText()).isEqualTo("FAILED");
    assertThat(project.backendLines("launches.jsonl")).isEmpty();
    assertThat(project.status().path("next_action").asText()).contains("smoke test failed");
  }

  @Test
  void blocksProtocolWhenIdeationOutputViolatesItsSchema() {
    // given
    FakeProject project = FakeProject.create(dir, STOP_AFTER_THREE,
        "{\"ideation\": {\"mode\": \"invalid_schema\"}}");

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isEqualTo(4);
    assertThat(project.state().path("machine_state").asText()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(Files.exists(project.layout.workerResultsDir().resolve("bg-1.json"))).isFalse();
    assertThat(project.layout.workerResultsDir().resolve("bg-1.json.attempt-1.invalid.txt"))
        .content().contains("worker-ideation");
  }

  @Test
  void blocksProtocolWhenSelectionPicksAProposalOutsideThePool() {
    // given
    FakeProject project = FakeProject.create(dir, STOP_AFTER_THREE,
        "{\"selection\": {\"mode\": \"unknown_winner\"}}");

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isEqualTo(4);
    assertThat(project.status().path("next_action").asText())
        .contains("not-in-pool-p999", "not in the frozen pool");
  }

  @Test
  void steppingOneStepAtATimeEndsWhereOneRunEnds(@TempDir Path other) {
    // given
    String scenario = "{\"execution\": {\"metrics\": [0.6, 0.7, 0.8]}}";
    FakeProject stepped = FakeProject.create(dir, STOP_AFTER_THREE, scenario);
    FakeProject whole = FakeProject.create(other, STOP_AFTER_THREE, scenario);

    // when
    int code = 5;
    int invocations = 0;
    while (code == 5 && invocations < 200) {
      code = stepped.run("--max-steps", "1").code();
      invocations++;
    }
    whole.run();

    // then
    assertThat(code).isZero();
    assertThat(invocations).isGreaterThan(10);
    JsonNode a = stepped.state();
    JsonNode b = whole.state();
    for (String key : new String[] {"machine_state", "current_iteration", "baseline",
        "no_improve_iterations", "key_learnings"}) {
      assertThat(strip(a.path(key))).as(key).isEqualTo(strip(b.path(key)));
    }
    assertThat(a.path("completed_iterations").size())
        .isEqualTo(b.path("completed_iterations").size());
    assertThat(stepped.backendLines("launches.jsonl")).hasSize(3);
  }

  /** Drops timestamps, which differ between two runs. */
  private static JsonNode strip(JsonNode node) {
    JsonNode copy = node.deepCopy();
    if (copy.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("established_at");
      ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("wandb_run_url");
    }
    return copy;
  }
}
