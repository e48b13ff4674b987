package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.campaign.IdentityHash;
import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upstream state file, interrupted in WAIT_FOR_SWEEP, resumes by polling its sweep. */
class UpstreamResumeTest {
  @TempDir Path dir;

  @Test
  void upstreamRunningStateResumesByPollingTheExistingSweepAndNeverLaunches() throws Exception {
    // given: upstream running.json bound to this campaign's identity
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 5
        """, "{\"execution\": {\"metrics\": [0.9, 0.95]}}");
    ObjectNode state = (ObjectNode) FakeProject.readJson(
        Path.of("tests-fixtures/upstream/state/running.json"));
    state.put("campaign_identity_hash",
        IdentityHash.of(CampaignLoader.check(project.campaign).raw()));
    Files.writeString(project.layout.stateFile(), Json.pretty(state));

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).as(result.toString()).isZero();
    assertThat(project.backendLines("polls.jsonl")).first().asString()
        .contains("wandb-sweep-abc123");
    assertThat(project.backendLines("launches.jsonl")).isEmpty();
    var end = project.state();
    assertThat(end.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(end.path("completed_iterations")).hasSize(2);
    assertThat(end.path("completed_iterations").get(1).path("sweep_id").asText())
        .isEqualTo("wandb-sweep-abc123");
    assertThat(end.path("baseline").path("value").asDouble()).isEqualTo(0.95);
  }
}
