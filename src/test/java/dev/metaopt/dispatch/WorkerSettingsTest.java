package dev.metaopt.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker process gets only the base variables and what its lane asks for. */
class WorkerSettingsTest {
  static final Map<String, String> ORCHESTRATOR_ENV = Map.of(
      "PATH", "/usr/bin", "HOME", "/home/u", "OPENAI_API_KEY", "sk-1",
      "AWS_SECRET_ACCESS_KEY", "aws-1", "WANDB_API_KEY", "wb-1");

  @Test
  void onlyBaseVariablesAndExplicitReferencesReachTheWorker() throws Exception {
    WorkerSettings settings = WorkerSettings.of(Json.parse("{\"ideation\": {\"command\":"
        + " [\"w\"], \"env\": {\"KEY\": \"${env:OPENAI_API_KEY}\", \"MODE\": \"fast\"}}}"),
        Lane.IDEATION);
    assertThat(settings.processEnvironment(ORCHESTRATOR_ENV)).containsExactlyInAnyOrderEntriesOf(
        Map.of("PATH", "/usr/bin", "HOME", "/home/u", "KEY", "sk-1", "MODE", "fast"));
  }

  @Test
  void aReferenceToAnUnsetVariableIsAClearError() throws Exception {
    WorkerSettings settings = WorkerSettings.of(Json.parse("{\"analysis\": {\"env\":"
        + " {\"KEY\": \"${env:MISSING_KEY}\"}}}"), Lane.ANALYSIS);
    assertThatThrownBy(() -> settings.processEnvironment(ORCHESTRATOR_ENV))
        .hasMessageContaining("${env:MISSING_KEY}", "not set");
  }

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
