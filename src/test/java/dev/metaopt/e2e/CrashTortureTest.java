package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.state.StateStore;
import dev.metaopt.testing.ChildJvm;
import dev.metaopt.testing.CliRun;
import dev.metaopt.testing.LocalCampaignFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash torture: a seeded local campaign is halted (as by {@code kill -9}) at many crash points —
 * mid-write, mid-dispatch, mid-poll, around every state transition — then resumed; each outcome
 * must equal the uninterrupted run's, with a valid state file at every crash and no sweep, trial
 * or iteration record duplicated. {@code -Dmetaopt.torturePoints=N} sets how many points are
 * tried (default 50, the CI run); see docs/RELIABILITY.md for the long run.
 */
@Tag("e2e")
class CrashTortureTest {
  @TempDir Path root;

  static Path project(Path dir) throws Exception {
    LocalCampaignFixture project = LocalCampaignFixture.local(dir, "torture", 11, "");
    assertThat(FakeProject.cli("preflight", project.campaign.toString()).code()).isZero();
    return project.campaign;
  }

  static int runChild(List<String> jvmOptions, String... args) throws Exception {
    try (ChildJvm child = ChildJvm.metaopt(jvmOptions, Map.of(), args)) {
      return child.awaitExit();
    }
  }

  @Test
  void everyCrashPointResumesToTheSameOutcomeWithoutDuplicates() throws Exception {
    // given: the uninterrupted run, counting its crash points
    Path reference = project(root.resolve("reference"));
    Path countFile = root.resolve("count.txt");
    assertThat(runChild(List.of("-Dmetaopt.crashCount=" + countFile), "run",
        reference.toString())).isZero();
    long points = Long.parseLong(Files.readString(countFile).strip());
    JsonNode expected = outcome(reference.getParent());
    // at least the 16 named points, so every working state is crashed in
    int tries = Math.max(16, Integer.getInteger("metaopt.torturePoints", 50));
    assertThat(points).isGreaterThan(tries);

    // when / then: crash at evenly spread points, resume, compare
    // Named points around every state's step (each state of both iterations), then points spread
    // over the whole run. How many points a run passes varies a little with timing (polls), so
    // spread points cover 90% of the reference count; a run that ends first is still checked.
    List<String> crashSettings = new ArrayList<>();
    for (String state : List.of("IDEATE", "WAIT_FOR_PROPOSALS", "SELECT_AND_DESIGN_SWEEP",
        "LOCAL_SANITY", "LAUNCH_SWEEP", "WAIT_FOR_SWEEP", "ANALYZE", "ROLL_ITERATION")) {
      crashSettings.add("-Dmetaopt.crashAt=before executing the " + state + " handoff@1");
      crashSettings.add("-Dmetaopt.crashAt=after executing the " + state
          + " handoff, before persisting@2");
    }
    for (int i = 1; i <= 2 * tries; i++) {
      crashSettings.add("-Dmetaopt.crashAfter="
          + Math.max(1, Math.round(i * 0.9 * points / (2 * tries + 1))));
    }
    List<String> divergent = new ArrayList<>();
    TreeSet<String> crashedIn = new TreeSet<>();
    int crashes = 0;
    for (int i = 0; i < crashSettings.size() && crashes < tries; i++) {
      String setting = crashSettings.get(i);
      Path campaign = project(root.resolve("crash-" + i));
      Path dir = campaign.getParent();
      int code = runChild(List.of(setting), "run", campaign.toString());
      assertThat(code).as(setting).isIn(0, 137);
      crashes += code == 137 ? 1 : 0;
      ProjectLayout layout = new ProjectLayout(dir);
      if (Files.exists(layout.stateFile())) {
        // the state file is valid at every crash (read() throws otherwise)
        crashedIn.add(new StateStore(layout).read().orElseThrow().path("machine_state").asText());
      }
      CliRun resumed = Files.exists(layout.stateFile())
          ? FakeProject.cli("resume", "-C", dir.toString())
          : FakeProject.cli("run", campaign.toString());
      assertThat(resumed.code()).as("resume after %s: %s", setting, resumed).isZero();
      JsonNode actual = outcome(dir);
      if (!actual.equals(expected)) {
        divergent.add(setting + ": " + actual);
      }
      QuickstartTest.assertNoTrialRanTwice(layout.metaoptDir());
      try (var sweeps = Files.list(layout.metaoptDir().resolve("local-sweeps"))) {
        assertThat(sweeps.count()).as("sweeps after %s", setting)
            .isEqualTo(expected.path("iterations").size());
      }
    }
    assertThat(crashes).as("kill points exercised").isGreaterThanOrEqualTo(tries);
    assertThat(divergent).as("expected %s", expected).isEmpty();
    assertThat(crashedIn).as("states crashed in").contains("IDEATE", "WAIT_FOR_PROPOSALS",
        "SELECT_AND_DESIGN_SWEEP", "LOCAL_SANITY", "LAUNCH_SWEEP", "WAIT_FOR_SWEEP", "ANALYZE",
        "ROLL_ITERATION");
  }

  /** What must not depend on crashes: results, never timestamps or paths. */
  static JsonNode outcome(Path dir) throws Exception {
    JsonNode state = Json.parse(Files.readString(dir.resolve(".ml-metaopt/state.json")));
    ObjectNode outcome = Json.object();
    outcome.set("machine_state", state.path("machine_state"));
    outcome.set("current_iteration", state.path("current_iteration"));
    outcome.set("baseline_value", state.path("baseline").path("value"));
    outcome.set("baseline_config", state.path("baseline").path("config"));
    outcome.set("baseline_run", state.path("baseline").path("wandb_run_id"));
    outcome.set("no_improve", state.path("no_improve_iterations"));
    outcome.set("learnings", state.path("key_learnings"));
    ArrayNode iterations = outcome.putArray("iterations");
    for (JsonNode record : state.path("completed_iterations")) {
      ObjectNode copy = record.deepCopy();
      copy.remove("best_run_url");
      iterations.add(copy);
    }
    return outcome;
  }
}
