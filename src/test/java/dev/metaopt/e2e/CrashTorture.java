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

/**
 * The crash-torture harness: a seeded local campaign run once without interruption, then again
 * and again halted (as by {@code kill -9}) at one crash point each time and resumed; each outcome
 * must equal the uninterrupted run's, with a valid state file at every crash and no sweep, trial
 * or iteration record duplicated. {@code -Dmetaopt.torturePoints=N} sets how many kill points the
 * two torture classes try between them (default 50, the CI run); see docs/RELIABILITY.md.
 */
final class CrashTorture {
  /** Kill points of both classes: the named points of every state, the rest spread. */
  static final int POINTS = Integer.getInteger("metaopt.torturePoints", 50);
  /** The working states, each crashed in before and after its step. */
  static final List<String> STATES = List.of("IDEATE", "WAIT_FOR_PROPOSALS",
      "SELECT_AND_DESIGN_SWEEP", "LOCAL_SANITY", "LAUNCH_SWEEP", "WAIT_FOR_SWEEP", "ANALYZE",
      "ROLL_ITERATION");

  private final Path root;
  private final JsonNode expected;
  /** How many crash points the uninterrupted run passed. */
  final long points;
  /** The settings whose resumed outcome differed from the uninterrupted run's. */
  final List<String> divergent = new ArrayList<>();
  /** The machine states the campaign was in when it crashed. */
  final TreeSet<String> crashedIn = new TreeSet<>();
  /** The iterations the campaign was in when it crashed. */
  final TreeSet<Integer> crashedInIterations = new TreeSet<>();
  /** How many settings halted the run (exit 137) rather than letting it finish. */
  int crashes;

  private CrashTorture(Path root, JsonNode expected, long points) {
    this.root = root;
    this.expected = expected;
    this.points = points;
  }

  /** Runs the campaign once without interruption under {@code root}, counting its crash points. */
  static CrashTorture reference(Path root) throws Exception {
    Path reference = project(root.resolve("reference"));
    Path countFile = root.resolve("count.txt");
    assertThat(runChild(List.of("-Dmetaopt.crashCount=" + countFile), "run",
        reference.toString())).isZero();
    long points = Long.parseLong(Files.readString(countFile).strip());
    return new CrashTorture(root, outcome(reference.getParent()), points);
  }

  /**
   * Crashes a fresh copy of the campaign with each setting in turn until {@code wanted} of them
   * have halted it, resuming and checking each.
   */
  void crashAndResume(List<String> settings, int wanted) throws Exception {
    for (int i = 0; i < settings.size() && crashes < wanted; i++) {
      crashAndResume(settings.get(i), root.resolve("crash-" + i));
    }
    assertThat(crashes).as("kill points exercised").isGreaterThanOrEqualTo(wanted);
    assertThat(divergent).as("expected %s", expected).isEmpty();
  }

  private void crashAndResume(String setting, Path at) throws Exception {
    Path campaign = project(at);
    Path dir = campaign.getParent();
    int code = runChild(List.of(setting), "run", campaign.toString());
    assertThat(code).as(setting).isIn(0, 137);
    crashes += code == 137 ? 1 : 0;
    ProjectLayout layout = new ProjectLayout(dir);
    if (Files.exists(layout.stateFile())) {
      // the state file is valid at every crash (read() throws otherwise)
      JsonNode state = new StateStore(layout).read().orElseThrow();
      crashedIn.add(state.path("machine_state").asText());
      crashedInIterations.add(state.path("current_iteration").asInt());
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

  private static Path project(Path dir) throws Exception {
    LocalCampaignFixture project = LocalCampaignFixture.local(dir, "torture", 11, "");
    assertThat(FakeProject.cli("preflight", project.campaign.toString()).code()).isZero();
    return project.campaign;
  }

  private static int runChild(List<String> jvmOptions, String... args) throws Exception {
    try (ChildJvm child = ChildJvm.metaopt(jvmOptions, Map.of(), args)) {
      return child.awaitExit();
    }
  }

  /** What must not depend on crashes: results, never timestamps or paths. */
  private static JsonNode outcome(Path dir) throws Exception {
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
