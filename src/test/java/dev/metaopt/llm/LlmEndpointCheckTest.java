package dev.metaopt.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.preflight.BackendChecks;
import dev.metaopt.preflight.CheckResult;
import dev.metaopt.preflight.Preflight;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Preflight asks each LLM endpoint for its model list before a campaign relies on it. */
class LlmEndpointCheckTest {
  @TempDir Path project;

  private List<CheckResult> preflight(String baseUrl, String model) throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("METAOPT_TEST_LLM_KEY", LlmWorkerCampaignTest.KEY);
    var campaign = Json.parse("{\"project\": {\"smoke_test_command\": \"true\"}, \"workers\":"
        + " {\"selection\": {\"llm\": {\"base_url\": \"" + baseUrl + "\", \"model\": \"" + model
        + "\", \"api_key_env\": \"METAOPT_TEST_LLM_KEY\"}}}}");
    return new Preflight(project, env, BackendChecks.local()).checks(campaign).stream()
        .filter(c -> c.name().equals("workers.selection")).toList();
  }

  @Test
  void anEndpointThatListsTheModelPassesAndGetsTheKeyInTheHeaderOnly() throws Exception {
    try (FakeLlmServer server = new FakeLlmServer(Set.of(), false)) {
      List<CheckResult> checks = preflight(server.baseUrl(), "fake-model");

      assertThat(checks).singleElement().satisfies(c -> {
        assertThat(c.status()).isEqualTo("passed");
        assertThat(c.detail()).contains("answers", "METAOPT_TEST_LLM_KEY")
            .doesNotContain(LlmWorkerCampaignTest.KEY);
      });
      assertThat(server.modelListings()).containsExactly("Bearer " + LlmWorkerCampaignTest.KEY);
    }
  }

  @Test
  void anEndpointThatDoesNotListTheModelIsAWarning() throws Exception {
    try (FakeLlmServer server = new FakeLlmServer(Set.of(), false)) {
      assertThat(preflight(server.baseUrl(), "qwen2.5:7b")).singleElement().satisfies(c -> {
        assertThat(c.status()).isEqualTo("warning");
        assertThat(c.detail()).contains("does not list qwen2.5:7b", "fake-model, other-model");
      });
    }
  }

  @Test
  void nothingListeningFailsWithWhatToStart() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }

    List<CheckResult> checks = preflight("http://127.0.0.1:" + port + "/v1", "qwen2.5:7b");

    assertThat(checks).singleElement().satisfies(c -> {
      assertThat(c.isFailure()).isTrue();
      assertThat(c.detail()).contains("nothing answers at http://127.0.0.1:" + port + "/v1/");
      assertThat(c.remediation()).contains("ollama serve", "workers.selection.llm.base_url");
    });
  }
}
