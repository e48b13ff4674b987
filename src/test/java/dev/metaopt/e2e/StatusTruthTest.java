package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.json.Json;
import dev.metaopt.testing.ChildJvm;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} tells the truth: who is running the campaign, how far the sweep is, and where. */
@Tag("e2e")
class StatusTruthTest {
  @TempDir Path root;

  @Test
  void afterKill9StatusSaysInterruptedAndHowToResumeAndBothViewsAgree() throws Exception {
    // given: a campaign killed with SIGKILL while two trials run
    HeldTrialsProject project = HeldTrialsProject.create(root.resolve("project"));
    ChildJvm metaopt = ChildJvm.metaopt("run", project.campaign.toString());
    try {
      project.awaitLiveTrials(2, metaopt);
      Await.until("the sweep is polled", metaopt, project::polled);
      metaopt.kill();

      // when
      CliRun plain = FakeProject.cli("status", "-C", project.dir.toString());
      CliRun json = FakeProject.cli("status", "--json", "-C", project.dir.toString());

      // then
      assertThat(plain.code()).as(plain.toString()).isZero();
      assertThat(plain.out()).contains("interrupted: run `metaopt resume -C " + project.dir + "`")
          .contains("no metaopt process is running it")
          .containsPattern("sweep +local-\\w+: 0/3 done, 2 running");
      JsonNode status = Json.parse(json.out());
      assertThat(status.path("interrupted").asBoolean()).isTrue();
      assertThat(status.path("session").path("active").asBoolean()).isFalse();
      assertThat(status.path("resume_command").asText())
          .isEqualTo("metaopt resume -C " + project.dir);
      JsonNode progress = status.path("sweep_progress");
      assertThat(progress.path("trials").path("running").asInt()).isEqualTo(2);
      assertThat(progress.path("trials").path("done").asInt()).isZero();
      assertThat(progress.path("trials").path("total").asInt()).isEqualTo(3);
      assertThat(progress.path("running_runs")).hasSize(2);
      assertThat(progress.path("elapsed_seconds").isNumber()).isTrue();

      // when: the trials end and the campaign is resumed through its campaign file
      project.release();
      CliRun resume = FakeProject.cli("resume", project.campaign.toString());

      // then: status says it ended, where its report is, and nothing about resuming
      assertThat(resume.code()).as(resume.toString()).isZero();
      CliRun done = FakeProject.cli("status", project.campaign.toString());
      assertThat(done.out()).contains("status     COMPLETE\n")
          .contains("report     " + project.layout.finalReport())
          .doesNotContain("interrupted");
      assertThat(project.layout.lockFile()).doesNotExist();
    } finally {
      metaopt.kill();
      project.killTrials();
    }
  }

  @Test
  void statusFindsTheProjectFromAnyDirectoryInsideIt() throws Exception {
    // given: a campaign with state, and a directory deep inside the project
    FakeProject project = FakeProject.create(Files.createDirectories(root.resolve("p")), """
        stop_conditions:
          max_iterations: 1
          max_no_improve_iterations: 1
        """, "{}");
    assertThat(project.run().code()).isZero();
    Path deep = Files.createDirectories(project.dir.resolve("src/models"));

    // when
    CliRun fromInside = FakeProject.cli("status", "-C", deep.toString());
    CliRun byDirectoryArgument = FakeProject.cli("status", deep.toString());

    // then
    assertThat(fromInside.code()).as(fromInside.toString()).isZero();
    assertThat(fromInside.out()).contains("(" + project.dir + ")");
    assertThat(byDirectoryArgument.out()).isEqualTo(fromInside.out());
  }

  @Test
  void statusJsonWithoutStatePrintsAJsonErrorOnStdout() throws Exception {
    // when
    CliRun result = FakeProject.cli("status", "--json", "-C", root.toString());

    // then
    assertThat(result.code()).isEqualTo(ExitCode.INVALID_INPUT.code());
    JsonNode error = Json.parse(result.out());
    assertThat(error.path("exit_code").asInt()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(error.path("error").asText()).contains("no campaign state in "
        + root.resolve(".ml-metaopt"));
  }
}
