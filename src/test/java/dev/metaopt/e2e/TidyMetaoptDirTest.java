package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code .ml-metaopt/} holds what a person needs, not one file per poll or crash debris. */
class TidyMetaoptDirTest {
  private static final String TWO_ITERATIONS = """
      stop_conditions:
        max_iterations: 2
        max_no_improve_iterations: 5
      """;

  @TempDir Path dir;

  @Test
  void eachSweepLeavesOnePollFileNotOnePerPoll() throws Exception {
    // given: sweeps that need six polls each
    FakeProject project = FakeProject.create(dir, TWO_ITERATIONS,
        "{\"execution\": {\"polls_before_complete\": 5}}");

    // when
    CliRun run = project.run();

    // then
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(project.backendLines("polls.jsonl")).hasSize(12);
    try (Stream<Path> events = Files.list(project.layout.executorEventsDir())) {
      assertThat(events.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("poll-sweep"))).containsExactlyInAnyOrder(
              "poll-sweep-iter-1-6.json", "poll-sweep-iter-2-6.json");
    }
  }

  @Test
  void temporaryFilesLeftByAWriteCutShortAreRemovedAtTheNextStart() throws Exception {
    // given: a campaign killed mid-write in three places, and files that are not ours to judge
    FakeProject project = FakeProject.create(dir, TWO_ITERATIONS, "{}");
    project.run("--max-steps", "3");
    Path metaopt = project.layout.metaoptDir();
    Path state = touch(metaopt.resolve(".state.json.8212941736455.tmp"));
    Path handoff = touch(metaopt.resolve("handoffs/.metaopt-select-design-IDEATE.json.77.tmp"));
    Path sweep = touch(metaopt.resolve("local-sweeps/local-1/.sweep.json.4031.tmp"));
    Path wandb = touch(metaopt.resolve("local-sweeps/local-1/trials/t1/wandb-dir/.run.1.tmp"));
    Path trialExit = touch(metaopt.resolve("local-sweeps/local-1/trials/t1/exit_code.tmp"));

    // when
    CliRun resume = project.resume();

    // then
    assertThat(resume.code()).as(resume.toString()).isZero();
    assertThat(state).doesNotExist();
    assertThat(handoff).doesNotExist();
    assertThat(sweep).doesNotExist();
    assertThat(wandb).exists();
    assertThat(trialExit).exists();
    assertThat(project.layout.logsDir().resolve("metaopt.log")).content()
        .contains("removed 3 temporary file(s)");
  }

  @Test
  void resumeOfACampaignKilledBeforeItsFirstStateSaysToRunItAgain() throws Exception {
    // given: LOAD_CAMPAIGN ran, the process died before state.json was written
    FakeProject project = FakeProject.create(dir, TWO_ITERATIONS, "{}");
    project.run("--max-steps", "1");
    Files.delete(project.layout.stateFile());

    // when
    CliRun resume = project.resume();

    // then
    assertThat(resume.code()).isEqualTo(6);
    assertThat(resume.err()).contains("stopped before its first state was written",
        "nothing is lost", "'metaopt run " + project.campaign + "'");
  }

  private static Path touch(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "partial");
    return file;
  }
}
