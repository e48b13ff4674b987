package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state file that fails to parse stops every command and is never overwritten. */
class BadStateTest {
  @TempDir Path dir;

  @Test
  void runAndResumeRefuseACorruptStateAndLeaveItAsItWas() throws Exception {
    // given
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 1
          max_no_improve_iterations: 1
        """, "{}");
    String corrupt = "{\"version\": 4, \"machine_state\": \"IDEA";
    Files.writeString(project.layout.stateFile(), corrupt);

    // when
    CliRun run = project.run();
    CliRun resume = project.resume();
    CliRun status = FakeProject.cli("status", "-C", dir.toString());

    // then
    assertThat(run.code()).isEqualTo(6);
    assertThat(resume.code()).isEqualTo(6);
    assertThat(status.code()).isEqualTo(6);
    assertThat(run.err()).contains("state.json", "not valid JSON", "untouched")
        .doesNotContain("Exception", "\tat ");
    assertThat(project.layout.stateFile()).hasContent(corrupt);
  }

  @Test
  void aChangedIdentityBlocksWithoutTouchingTheState() throws Exception {
    // given: a finished-looking campaign, then the objective metric is edited
    FakeProject project = FakeProject.create(dir, """
        stop_conditions:
          max_iterations: 1
          max_no_improve_iterations: 1
        """, "{\"execution\": {\"metrics\": [0.7]}}");
    project.run("--max-steps", "3");
    String before = Files.readString(project.layout.stateFile());
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("metric: val/accuracy", "metric: val/loss"));
    project.writeReadyPreflight();

    // when
    CliRun result = project.run();

    // then
    assertThat(result.code()).isEqualTo(7);
    assertThat(result.err()).contains("identity");
    assertThat(project.layout.stateFile()).hasContent(before);
  }
}
