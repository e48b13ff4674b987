package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code workers.<lane>.llm}: an endpoint, a model and the NAME of the key's variable. */
class CampaignLlmSettingsTest {
  @TempDir Path dir;

  @Test
  void llmWorkerSettingsAreValidated() {
    // given
    CampaignText campaign = CampaignText.example().append("""
        workers:
          ideation:
            command: [x]
            llm: {base_url: "ftp://host", model: "", api_key_env: "sk-123", temperature: 5}
          analysis:
            llm: {base_url: "https://api.openai.com/v1", model: gpt-4o-mini,
                  api_key_env: OPENAI_API_KEY}
        """);

    // when
    List<String> issues = campaign.issues(dir);

    // then: only the ideation lane is wrong, and every problem is named
    assertThat(issues).containsExactlyInAnyOrder(
        "workers.ideation: has both command and llm; a lane is served by one worker: keep one"
            + " of them",
        "workers.ideation.llm.base_url: must be an http(s) URL (got \"ftp://host\"); the"
            + " OpenAI-compatible API root, e.g. https://api.openai.com/v1",
        "workers.ideation.llm.model: must be a non-empty string; the model name",
        "workers.ideation.llm.api_key_env: must be an environment variable NAME (not the key)"
            + " (got \"sk-123\"); e.g. OPENAI_API_KEY; export the key in your shell",
        "workers.ideation.llm.temperature: must be a number in [0, 2] (got 5); sampling"
            + " temperature");
  }
}
