package dev.metaopt.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.preflight.BackendChecks;
import dev.metaopt.state.MachineState;
import dev.metaopt.testing.LocalCampaignFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Campaigns whose ideation, selection and analysis lanes are an LLM behind the adapter. */
@Tag("e2e")
class LlmWorkerCampaignTest {
  static final String KEY = "sk-test-llm-0b9d41";
  @TempDir Path dir;

  SessionOutcome run(FakeLlmServer server, int retries) throws Exception {
    StringBuilder workers = new StringBuilder("workers:\n");
    for (String lane : new String[] {"ideation", "selection", "analysis"}) {
      workers.append("  ").append(lane).append(":\n    retries: ").append(retries)
          .append("\n    llm: {base_url: \"").append(server.baseUrl())
          .append("\", model: fake-model, api_key_env: METAOPT_TEST_LLM_KEY}\n");
    }
    LocalCampaignFixture project = LocalCampaignFixture.local(dir, "llm-campaign", 5,
        workers.toString());
    project.env.put("METAOPT_TEST_LLM_KEY", KEY);
    project.preflight(BackendChecks.local());
    return project.run();
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
