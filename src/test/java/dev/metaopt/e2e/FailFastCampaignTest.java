package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes that used to cost a whole sweep end at the smoke test, with the real reason. */
class FailFastCampaignTest {
  @TempDir Path root;

  @Test
  void aWrongMetricNameFailsAtTheSmokeTestNamingTheMetricsTheProgramLogged() throws Exception {
    // given: the campaign says val_loss, the program logs val/loss
    PythonProject project = PythonProject.create(root.resolve("p"), "val_loss");
    assertThat(project.preflight().code()).isZero();

    // when
    CliRun run = project.run();

    // then: FAILED before any sweep, saying what was logged instead
    assertThat(run.code()).as(run.toString()).isEqualTo(3);
    assertThat(project.state().path("machine_state").asText()).isEqualTo("FAILED");
    assertThat(run.out()).contains("smoke test failed", "without ever logging val_loss",
        "it logged epoch, train/loss, val/loss", "did you mean 'val/loss'?",
        project.dir.resolve(".ml-metaopt/smoke").toString());
    assertThat(project.dir.resolve(".ml-metaopt/local-sweeps")).doesNotExist();
  }

  @Test
  void aProgramThatCrashesFailsAtTheSmokeTestQuotingItsOwnErrorLine() throws Exception {
    PythonProject project = PythonProject.create(root.resolve("p"), "val/loss");
    project.fault("crash");
    assertThat(project.preflight().code()).isZero();

    CliRun run = project.run();

    assertThat(run.code()).as(run.toString()).isEqualTo(3);
    assertThat(run.out()).contains("exited with code 1: AttributeError: 'Namespace' object has"
        + " no attribute 'sed'", project.dir.resolve(".ml-metaopt/logs").toString());
  }
}
