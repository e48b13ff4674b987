package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local campaign whose budget runs out mid-sweep stops with BLOCKED_CONFIG, trials stopped. */
@Tag("e2e")
class LocalBudgetTest {
  @TempDir Path dir;

  @Test
  void budgetRunningOutStopsEveryTrialAndBlocksConfig() throws Exception {
    // given: the quickstart at 36 000 USD per trial-hour (10 USD per second) with a 1 USD cap
    Path campaign = QuickstartTest.copyQuickstart(dir.resolve("qs"));
    Files.writeString(campaign, Files.readString(campaign)
        .replace("cost_per_hour_usd: 0", "cost_per_hour_usd: 9000"));
    FakeProject.cli("preflight", campaign.toString());

    // when
    CliRun run = FakeProject.cli("run", campaign.toString());

    // then
    assertThat(run.code()).as(run.toString()).isEqualTo(7);
    JsonNode status = Json.parse(FakeProject.cli("status", "-C", dir.resolve("qs").toString(),
        "--json").out());
    assertThat(status.path("machine_state").asText()).isEqualTo("BLOCKED_CONFIG");
    assertThat(status.path("next_action").asText()).contains("Budget cap exceeded");
    assertThat(status.path("current_sweep").isNull()).isTrue();
    try (var sweeps = Files.list(dir.resolve("qs/.ml-metaopt/local-sweeps"))) {
      for (Path sweep : sweeps.toList()) {
        JsonNode record = Json.parse(Files.readString(sweep.resolve("sweep.json")));
        assertThat(record.path("trials")).allSatisfy(t ->
            assertThat(t.path("state").asText()).isNotEqualTo("running"));
        for (JsonNode t : record.path("trials")) {
          assertThat(ProcessHandle.of(t.path("pid").asLong()).map(ProcessHandle::isAlive)
              .orElse(false)).as("trial %s still alive", t.path("runId").asText()).isFalse();
        }
      }
    }
    assertThat(dir.resolve("qs/.ml-metaopt/final_report.md")).content()
        .contains("budget_exceeded");
  }
}
