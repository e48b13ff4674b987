package dev.metaopt.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.TrialCommandPolicy;
import dev.metaopt.campaign.LlmSettings;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the LLM adapter asks a model for: the proposing lanes' prompt and structured-output schema
 * invite the search only, never a {@code program} or {@code command} (issue #14).
 */
class LlmWorkerRequestTest {
  @ParameterizedTest
  @EnumSource(value = Lane.class, names = {"IDEATION", "SELECTION"})
  void theModelIsAskedForTheSearchOnly(Lane lane) {
    // given
    LlmWorker worker = new LlmWorker(lane, LlmSettings.of(Json.object()
        .put("base_url", "http://127.0.0.1:9/v1").put("model", "m")), Map.of());

    // when
    ObjectNode body = worker.body("{\"lane\": \"" + lane.wireName() + "\"}");

    // then
    JsonNode sweepConfig = body.path("response_format").path("json_schema").path("schema")
        .path("$defs").path("sweep_config");
    List<String> keys = new ArrayList<>();
    sweepConfig.path("properties").fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactlyInAnyOrderElementsOf(TrialCommandPolicy.PROPOSAL_KEYS);
    assertThat(sweepConfig.path("description").asText())
        .contains(String.join(", ", TrialCommandPolicy.PROPOSAL_KEYS))
        .contains("project.train_command, never a worker's choice");
    String prompt = body.path("messages").path(0).path("content").asText();
    assertThat(prompt).contains("`sweep_config` holds the search only")
        .doesNotContain("`program`", "`command`");
  }
}
