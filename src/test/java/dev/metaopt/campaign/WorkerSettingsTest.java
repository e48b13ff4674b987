package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A lane's worker settings as read from the campaign, with their defaults. */
class WorkerSettingsTest {
  @Test
  void defaultsAreBuiltInWorkerTenMinutesAndOneRetry() {
    WorkerSettings settings = WorkerSettings.of(null, Lane.SELECTION);
    assertThat(settings.command()).isEmpty();
    assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.retries()).isEqualTo(1);
    assertThat(WorkerSettings.of(null, Lane.EXECUTION).timeout()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void timeoutIsReadUnderEitherName() throws Exception {
    assertThat(WorkerSettings.of(Json.parse("{\"analysis\": {\"timeout\": 42}}"), Lane.ANALYSIS)
        .timeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(WorkerSettings.of(Json.parse("{\"analysis\": {\"timeout_seconds\": 7}}"),
        Lane.ANALYSIS).timeout()).isEqualTo(Duration.ofSeconds(7));
  }
}
