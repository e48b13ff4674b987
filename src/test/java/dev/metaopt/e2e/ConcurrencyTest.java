package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.testing.ChildJvm;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One orchestrator per project; status is always readable while a run writes. */
@Tag("e2e")
class ConcurrencyTest {
  @TempDir Path dir;

  @Test
  void aSecondRunIsRefusedAndStatusKeepsWorkingWhileTheFirstWrites() throws Exception {
    // given: a campaign that keeps polling for a while, run in another JVM
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 2
        """, "{\"execution\": {\"polls_before_complete\": 60}}");
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("poll_interval_seconds: 0", "poll_interval_seconds: 0.05"));
    project.writeReadyPreflight();
    try (ChildJvm first = ChildJvm.metaopt("run", project.campaign.toString())) {
      for (int i = 0; i < 600 && !Files.exists(project.layout.stateFile()); i++) {
        Thread.sleep(50);
      }

      // when
      CliRun second = project.run();
      int statusReads = 0;
      for (int i = 0; i < 40 && first.isAlive(); i++) {
        CliRun status = FakeProject.cli("status", "-C", dir.toString(), "--json");
        assertThat(status.code()).as(status.toString()).isZero();
        JsonNode doc = Json.parse(status.out());
        assertThat(doc.path("status").asText()).isNotEmpty();
        statusReads++;
        Thread.sleep(25);
      }

      // then
      assertThat(second.code()).isEqualTo(8);
      assertThat(second.err()).contains("another metaopt process (pid " + first.pid() + ")");
      assertThat(statusReads).isPositive();
    }
  }
}
