package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.ExitCode;
import dev.metaopt.testing.ChildJvm;
import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C as a person presses it: the terminal sends SIGINT to every process of the foreground
 * process group. metaopt must stop cleanly and leave the trials running; {@code resume} then
 * collects them without running any trial again.
 */
@Tag("e2e")
class CtrlCTest {
  @TempDir Path root;

  @Test
  void ctrlCStopsMetaoptLeavesTrialsRunningAndResumeCollectsThemWithNoRerun() throws Exception {
    // given: a campaign in its own process group with two trials running
    HeldTrialsProject project = HeldTrialsProject.create(root.resolve("project"));
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    ChildJvm metaopt = ChildJvm.inOwnProcessGroup(out, err, "run", project.campaign.toString());
    try {
      List<Long> trials = project.awaitLiveTrials(2, metaopt);
      Await.until("the sweep is polled", metaopt, project::polled);

      // when: Ctrl-C reaches the whole process group
      metaopt.signalGroup("INT");
      int code = metaopt.awaitExit();

      // then: metaopt stopped with its documented code, said how to resume, freed the lock
      String said = Files.readString(out) + Files.readString(err);
      assertThat(code).as(said).isEqualTo(ExitCode.INTERRUPTED.code());
      assertThat(said).contains("metaopt resume -C " + project.dir);
      for (JsonNode trial : project.trialRecords()) {
        if (trial.path("state").asText().equals("running")) {
          assertThat(said).contains(trial.path("runId").asText());
        }
      }
      assertThat(project.layout.lockFile()).doesNotExist();
      assertThat(Files.readString(err)).as("stderr is a file, not a terminal: plain lines only")
          .contains("trial ").doesNotContain("\r", "\u001b");
      // ... and the trials are still running
      assertThat(project.liveTrialPids()).containsAll(trials);

      // when: the trials finish and the user resumes
      project.release();
      CliRun resume = FakeProject.cli("resume", "-C", project.dir.toString());

      // then: the campaign completes and every trial ran exactly once, none lost or repeated
      assertThat(resume.code()).as(resume.toString()).isZero();
      List<JsonNode> records = project.trialRecords();
      Set<Integer> indexes = new HashSet<>();
      for (JsonNode trial : records) {
        assertThat(trial.path("state").asText()).as(trial.toString()).isEqualTo("finished");
        assertThat(indexes.add(trial.path("index").asInt())).as("ran twice: " + trial).isTrue();
      }
      assertThat(records).hasSize(3);
    } finally {
      metaopt.kill();
      project.killTrials();
    }
  }

  @Test
  void aSecondCtrlCAbandonsTheStepInProgressWithoutRecordingItsKilledWorkAsAFailure()
      throws Exception {
    // given: a campaign whose smoke test is running (it waits until released)
    HeldTrialsProject project = HeldTrialsProject.create(root.resolve("project"), true);
    Path out = root.resolve("out.txt");
    Path err = root.resolve("err.txt");
    ChildJvm metaopt = ChildJvm.inOwnProcessGroup(out, err, "run", project.campaign.toString());
    Path smokeMarker = project.dir.resolve("smoke-running");
    try {
      Await.until("the smoke test runs", metaopt, () -> Files.exists(smokeMarker)
          && !Files.readString(smokeMarker).isEmpty());
      long smokePid = Long.parseLong(Files.readString(smokeMarker).strip());

      // when: Ctrl-C, metaopt says it will stop after the step, and Ctrl-C again
      metaopt.signalGroup("INT");
      Await.until("metaopt acknowledges the first Ctrl-C", metaopt,
          () -> Files.readString(err).contains("Press Ctrl-C again"));
      assertThat(ProcessHandle.of(smokePid).map(ProcessHandle::isAlive)).as("smoke test alive")
          .contains(true);
      metaopt.signalGroup("INT");
      int code = metaopt.awaitExit();

      // then: stopped at once, the killed smoke test recorded nowhere, resumable
      String said = Files.readString(out) + Files.readString(err);
      assertThat(code).as(said).isEqualTo(ExitCode.INTERRUPTED.code());
      assertThat(said).contains("metaopt resume -C " + project.dir);
      ProcessHandle.of(smokePid).ifPresent(smoke -> assertThat(smoke.isAlive())
          .as("smoke test killed").isFalse());
      assertThat(project.layout.executorEventsDir().resolve("smoke-test-iter-1.json"))
          .doesNotExist();
      assertThat(project.layout.lockFile()).doesNotExist();

      // when
      project.release();
      CliRun resume = FakeProject.cli("resume", "-C", project.dir.toString());

      // then: the smoke test is run again and the campaign completes
      assertThat(resume.code()).as(resume.toString()).isZero();
    } finally {
      metaopt.kill();
      project.killTrials();
    }
  }
}
