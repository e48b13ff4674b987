package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.testing.ChildJvm;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.FileEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart as a new user runs it: preflight, run, on the embedded local backend with the
 * built-in workers and a real training program (compiled once per campaign by its build.sh).
 * And the same campaign killed with SIGKILL in the middle of a sweep, then resumed.
 */
@Tag("e2e")
@ExtendWith(FinishedQuickstart.class)
class QuickstartTest {
  static final Path QUICKSTART = Path.of("examples/quickstart");

  @TempDir Path root;

  static Path copyQuickstart(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String file : List.of("Train.java", "build.sh", "ml_metaopt_campaign.yaml")) {
      Files.copy(QUICKSTART.resolve(file), dir.resolve(file));
    }
    return dir.resolve("ml_metaopt_campaign.yaml");
  }

  @Test
  void quickstartCompletesImprovesOnItsFirstIterationAndReportsTheBestConfiguration(
      FinishedQuickstart.Run quickstart) throws Exception {
    // given / when: the quickstart preflighted and run (both exited 0)
    Path campaign = quickstart.campaign();

    // then
    JsonNode state = FakeProject.readJson(campaign.resolveSibling(".ml-metaopt/state.json"));
    assertThat(state.path("machine_state").asText()).isEqualTo("COMPLETE");
    JsonNode iterations = state.path("completed_iterations");
    assertThat(iterations.size()).isGreaterThanOrEqualTo(2);
    double first = iterations.get(0).path("best_metric_value").asDouble();
    assertThat(state.path("baseline").path("value").asDouble()).isGreaterThan(first);
    String report = Files.readString(campaign.resolveSibling(".ml-metaopt/final_report.md"));
    assertThat(report).contains("## Best run", "| lr |", "| hidden |",
        state.path("baseline").path("wandb_run_id").asText());
    assertNoTrialRanTwice(campaign.resolveSibling(".ml-metaopt"));
    // the trainer was compiled once per campaign, by the first smoke test's build.sh: every
    // sweep's setup ran build.sh after it and found the class up to date
    FileTime compiled = Files.getLastModifiedTime(campaign.resolveSibling("build/Train.class"));
    try (var sweeps = Files.list(campaign.resolveSibling(".ml-metaopt/local-sweeps"))) {
      assertThat(sweeps.toList()).isNotEmpty().allSatisfy(sweep -> assertThat(
          Files.getLastModifiedTime(sweep.resolve("setup.stdout.log"))).isGreaterThan(compiled));
    }
  }

  @Test
  void killedMidSweepAndResumedFinishesLikeAnUninterruptedRunWithNoTrialRunTwice(
      FinishedQuickstart.Run quickstart) throws Exception {
    // given: one campaign run start to finish, and the same campaign killed mid-sweep
    Path whole = quickstart.campaign();
    Path killed = copyQuickstart(root.resolve("killed"));
    FakeProject.cli("preflight", killed.toString());
    try (ChildJvm orchestrator = ChildJvm.metaopt("run", killed.toString())) {
      waitForTrials(killed.resolveSibling(".ml-metaopt"), 3);
      orchestrator.kill(); // SIGKILL: no cleanup, no lock release, no flush
    }

    // when
    CliRun resume = FakeProject.cli("resume", "-C", killed.getParent().toString());

    // then
    assertThat(resume.code()).as(resume.toString()).isZero();
    JsonNode a = FakeProject.readJson(whole.resolveSibling(".ml-metaopt/state.json"));
    JsonNode b = FakeProject.readJson(killed.resolveSibling(".ml-metaopt/state.json"));
    assertThat(b.path("machine_state").asText()).isEqualTo("COMPLETE");
    assertThat(b.path("completed_iterations").size())
        .isEqualTo(a.path("completed_iterations").size());
    assertThat(b.path("baseline").path("value")).isEqualTo(a.path("baseline").path("value"));
    assertThat(b.path("baseline").path("config")).isEqualTo(a.path("baseline").path("config"));
    assertNoTrialRanTwice(killed.resolveSibling(".ml-metaopt"));
  }

  /** Each sweep started each configuration index at most once (a crashed trial may rerun). */
  static void assertNoTrialRanTwice(Path metaopt) throws IOException {
    try (var sweeps = Files.list(metaopt.resolve("local-sweeps"))) {
      for (Path sweep : sweeps.toList()) {
        JsonNode record = Json.parse(Files.readString(sweep.resolve("sweep.json")));
        Map<Integer, List<String>> byIndex = new HashMap<>();
        for (JsonNode trial : record.path("trials")) {
          byIndex.computeIfAbsent(trial.path("index").asInt(), k -> new ArrayList<>())
              .add(trial.path("state").asText());
        }
        byIndex.forEach((index, states) -> assertThat(states.stream()
            .filter(s -> !s.equals("crashed")).count())
            .as("sweep %s index %d: %s", sweep.getFileName(), index, states).isEqualTo(1));
      }
    }
  }

  private static void waitForTrials(Path metaopt, int atLeast) throws Exception {
    FileEvents.await(metaopt, () -> trials(metaopt) >= atLeast, Duration.ofMinutes(5));
  }

  private static long trials(Path metaopt) {
    Path sweeps = metaopt.resolve("local-sweeps");
    if (!Files.isDirectory(sweeps)) {
      return 0;
    }
    try (var all = Files.walk(sweeps, 3)) {
      return all.filter(p -> p.getParent().getFileName().toString().equals("trials")).count();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a directory appeared or went while walking: look again at the next event
    }
  }
}
