package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.orchestrator.SessionOutcome;
import dev.metaopt.state.MachineState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secret in the environment reaches only the worker that asks for it, and no file. */
class SecretsTest {
  static final String CANARY = "sk-canary-5f0c2a9e7d";

  @TempDir Path dir;

  @Test
  void aCanaryKeyPassedToAWorkerNeverLandsInAnyFile() throws Exception {
    // given: the ideation worker gets the key through ${env:...}; every other variable of the
    // orchestrator's environment holds it too, under names no worker asks for
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 2
          max_no_improve_iterations: 2
        """, "{\"execution\": {\"metrics\": [0.5, 0.6]}}");
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign).replace(
        "  ideation:\n", "  ideation:\n    env: {OPENAI_API_KEY: \"${env:OPENAI_API_KEY}\"}\n"));
    project.writeReadyPreflight();
    project.fixture.env.put("OPENAI_API_KEY", CANARY);
    project.fixture.env.put("WANDB_API_KEY", CANARY);
    project.fixture.env.put("AWS_SECRET_ACCESS_KEY", CANARY);

    // when
    SessionOutcome outcome = project.fixture.run();

    // then
    assertThat(outcome.machineState()).isEqualTo(MachineState.COMPLETE);
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as(file.toString()).doesNotContain(CANARY);
      }
    }
  }
}
