package dev.metaopt.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.metaopt.campaign.WorkerSettings;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A worker process gets only the base variables and what its lane asks for. */
class WorkerEnvironmentTest {
  static final Map<String, String> ORCHESTRATOR_ENV = Map.of(
      "PATH", "/usr/bin", "HOME", "/home/u", "OPENAI_API_KEY", "sk-1",
      "AWS_SECRET_ACCESS_KEY", "aws-1", "WANDB_API_KEY", "wb-1");

  @Test
  void onlyBaseVariablesAndExplicitReferencesReachTheWorker() throws Exception {
    WorkerSettings settings = WorkerSettings.of(Json.parse("{\"ideation\": {\"command\":"
        + " [\"w\"], \"env\": {\"KEY\": \"${env:OPENAI_API_KEY}\", \"MODE\": \"fast\"}}}"),
        Lane.IDEATION);
    assertThat(WorkerEnvironment.of(settings, ORCHESTRATOR_ENV)).containsExactlyInAnyOrderEntriesOf(
        Map.of("PATH", "/usr/bin", "HOME", "/home/u", "KEY", "sk-1", "MODE", "fast"));
  }

  @Test
  void aReferenceToAnUnsetVariableIsAClearError() throws Exception {
    WorkerSettings settings = WorkerSettings.of(Json.parse("{\"analysis\": {\"env\":"
        + " {\"KEY\": \"${env:MISSING_KEY}\"}}}"), Lane.ANALYSIS);
    assertThatThrownBy(() -> WorkerEnvironment.of(settings, ORCHESTRATOR_ENV))
        .hasMessageContaining("${env:MISSING_KEY}", "not set");
  }
}
