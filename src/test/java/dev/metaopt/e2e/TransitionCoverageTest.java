package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.ExitCode;
import dev.metaopt.agent.Agents;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Transition;
import dev.metaopt.machine.TransitionTable;
import dev.metaopt.state.Ledger;
import dev.metaopt.state.MachineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs one scenario per branch of the state machine, each its own test, and fails (after all of
 * them) if any transition of the table was never taken: a transition nothing exercises is either
 * dead or untested. The scripted workers run in this JVM: what is under test is the machine, not
 * the worker process (FakeWorkerCampaignTest runs the same scripts as processes).
 */
@Tag("e2e")
class TransitionCoverageTest {
  private static final String THREE_ITERATIONS = """
      stop_conditions:
        max_iterations: 3
        max_no_improve_iterations: 5
      """;
  private static final Set<String> TAKEN = new ConcurrentSkipListSet<>();
  private static final AtomicInteger SCENARIOS = new AtomicInteger();

  @TempDir static Path root;

  @TestFactory
  Stream<DynamicTest> eachBranchOfTheMachine() {
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(scenario("a normal campaign, one step per run: hydrate resumes into every state",
        () -> {
          FakeProject stepped = project(THREE_ITERATIONS,
              "{\"execution\": {\"metrics\": [0.6, 0.7, 0.8]}}");
          for (int i = 0; i < 300 && stepped.step(1) == ExitCode.PAUSED; i++) {
            // one step per orchestrator, as `metaopt run --max-steps 1` per invocation
          }
          return stepped;
        }));
    tests.add(scenario("ideation slots that fail half the time",
        () -> run(THREE_ITERATIONS, "{\"ideation\": {\"mode\": \"flaky\"}}")));
    tests.add(scenario("ideation slots that propose two candidates",
        () -> run(THREE_ITERATIONS, "{\"ideation\": {\"mode\": \"double\"}}")));
    for (String scenario : List.of("{\"ideation\": {\"mode\": \"invalid_schema\"}}",
        "{\"selection\": {\"mode\": \"unknown_winner\"}}",
        "{\"garbage\": [\"run_smoke_test\"]}",
        "{\"execution\": {\"launch\": \"error\"}}",
        "{\"garbage\": [\"launch_sweep\"]}",
        "{\"execution\": {\"spend_per_poll\": 4.0, \"polls_before_complete\": 5}}",
        "{\"execution\": {\"final_status\": \"failed\"}}",
        "{\"garbage\": [\"poll_sweep\"]}",
        "{\"garbage\": [\"analysis\"]}")) {
      tests.add(scenario("scenario " + scenario, () -> run(THREE_ITERATIONS, scenario)));
    }
    tests.add(scenario("a failed smoke test, then resume --retry", () -> retried(
        run(THREE_ITERATIONS, "{\"execution\": {\"smoke\": \"fail\"}}"))));
    tests.add(scenario("max_iterations raised after COMPLETE", this::maxIterationsRaised));
    tests.add(scenario("a broken smoke result, then resume --retry after the fix", () -> fixed(
        run(THREE_ITERATIONS, "{\"garbage\": [\"run_smoke_test\"]}"))));
    tests.add(scenario("stuck ideation, then resume --retry after the fix", () -> fixed(
        run(THREE_ITERATIONS, "{\"ideation\": {\"mode\": \"invalid_schema\"}}"))));
    tests.add(scenario("a sweep stopped by its budget, then the budget raised", () -> raised(
        run(THREE_ITERATIONS, "{\"execution\": {\"spend_per_poll\": 4.0,"
            + " \"polls_before_complete\": 5}}"))));
    tests.add(scenario("a rollover stopped by the budget, then the budget raised",
        () -> raised(budgetLoweredBeforeRollover())));
    tests.add(scenario("the target metric is reached", () -> run("""
        stop_conditions:
          max_iterations: 9
          target_metric: 0.65
          max_no_improve_iterations: 5
        """, "{\"execution\": {\"metrics\": [0.7]}}")));
    tests.add(scenario("no improvement for too long", () -> run("""
        stop_conditions:
          max_iterations: 9
          max_no_improve_iterations: 1
        """, "{\"execution\": {\"metrics\": [0.7, 0.7]}}")));
    tests.add(scenario("the budget is lowered before the rollover",
        this::budgetLoweredBeforeRollover));
    tests.add(scenario("the preflight artifact is missing", this::missingPreflight));
    tests.add(scenario("the campaign identity changes", this::identityChanged));
    for (MachineState state : List.of(MachineState.IDEATE, MachineState.WAIT_FOR_PROPOSALS,
        MachineState.SELECT_AND_DESIGN_SWEEP, MachineState.LOCAL_SANITY,
        MachineState.LAUNCH_SWEEP, MachineState.WAIT_FOR_SWEEP, MachineState.ANALYZE,
        MachineState.ROLL_ITERATION)) {
      tests.add(scenario("a rogue agent in " + state, () -> rogueIn(state)));
    }
    return tests.stream();
  }

  @AfterAll
  static void everyTransitionOfTheTableIsExercised() {
    List<String> missing = TransitionTable.transitions().stream().map(Transition::key)
        .filter(key -> !TAKEN.contains(key)).toList();
    assertThat(missing).as("transitions never taken in %d scenarios", SCENARIOS.get()).isEmpty();
  }

  /** A test that runs one scenario and records the transitions its ledger shows. */
  private static DynamicTest scenario(String name, ThrowingSupplier<FakeProject> body) {
    return DynamicTest.dynamicTest(name, () -> {
      FakeProject project = body.get();
      for (ObjectNode event : Ledger.read(project.layout.ledgerFile())) {
        String type = event.path("event").asText();
        if (type.equals("transition") || type.equals("protocol_violation")) {
          TAKEN.add(event.path("from").asText() + "->" + event.path("to").asText());
        }
      }
    });
  }

  private static FakeProject project(String stop, String scenario) throws Exception {
    Path dir = Files.createDirectory(root.resolve("s" + SCENARIOS.incrementAndGet()));
    return FakeProject.scripted(dir, stop, scenario);
  }

  private static FakeProject run(String stop, String scenario) throws Exception {
    FakeProject project = project(stop, scenario);
    project.step(Integer.MAX_VALUE);
    return project;
  }

  /** The user lowers max_budget_usd (identity unchanged) while the campaign is rolling over. */
  private FakeProject budgetLoweredBeforeRollover() throws Exception {
    FakeProject project = project(THREE_ITERATIONS,
        "{\"execution\": {\"metrics\": [0.6], \"spend_per_poll\": 1.0}}");
    stepUntil(project, MachineState.ROLL_ITERATION);
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("max_budget_usd: 10", "max_budget_usd: 1"));
    project.step(Integer.MAX_VALUE);
    return project;
  }

  /** {@code resume --retry} of a FAILED campaign re-enters its smoke test. */
  private static FakeProject retried(FakeProject failed) {
    assertThat(failed.state().path("machine_state").asText()).isEqualTo("FAILED");
    FakeProject.cli("resume", "--retry", "-C", failed.dir.toString());
    return failed;
  }

  /** {@code resume --retry} of a BLOCKED_PROTOCOL campaign whose worker was fixed. */
  private static FakeProject fixed(FakeProject blocked) {
    assertThat(blocked.state().path("machine_state").asText()).isEqualTo("BLOCKED_PROTOCOL");
    blocked.write("scenario.json", "{}");
    blocked.retry();
    return blocked;
  }

  /** A budget-stopped campaign whose max_budget_usd is raised, run again. */
  private static FakeProject raised(FakeProject stopped) throws Exception {
    assertThat(stopped.state().path("machine_state").asText()).isEqualTo("BLOCKED_CONFIG");
    stopped.write("scenario.json", "{}");
    stopped.write("ml_metaopt_campaign.yaml", Files.readString(stopped.campaign)
        .replaceAll("max_budget_usd: \\d+", "max_budget_usd: 100"));
    stopped.step(Integer.MAX_VALUE);
    return stopped;
  }

  /** A COMPLETE campaign whose max_iterations is raised goes on with the next iteration. */
  private FakeProject maxIterationsRaised() throws Exception {
    FakeProject project = run(THREE_ITERATIONS, "{}");
    assertThat(project.state().path("machine_state").asText()).isEqualTo("COMPLETE");
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("max_iterations: 3", "max_iterations: 4"));
    project.run();
    return project;
  }

  private FakeProject missingPreflight() throws Exception {
    FakeProject project = project(THREE_ITERATIONS, "{}");
    Files.delete(project.layout.preflightFile());
    project.step(Integer.MAX_VALUE);
    return project;
  }

  private FakeProject identityChanged() throws Exception {
    FakeProject project = project(THREE_ITERATIONS, "{}");
    project.step(2);
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("entity: test-entity", "entity: other-entity"));
    project.writeReadyPreflight();
    project.step(Integer.MAX_VALUE);
    return project;
  }

  /** Steps until {@code state}, then lets a rogue agent govern it. */
  private FakeProject rogueIn(MachineState state) throws Exception {
    FakeProject project = project(THREE_ITERATIONS, "{\"execution\": {\"polls_before_complete\":"
        + " 2}}");
    stepUntil(project, state);
    AgentId owner = Agents.registry().forState(state).id();
    ProtocolViolationTest.runWith(project,
        Agents.registry().with(new RogueAgent(owner, "campaign_id")));
    return project;
  }

  private static void stepUntil(FakeProject project, MachineState state) {
    project.step(1);
    for (int i = 0; i < 300 && !project.state().path("machine_state").asText()
        .equals(state.name()); i++) {
      project.step(1);
    }
    assertThat(project.state().path("machine_state").asText()).isEqualTo(state.name());
  }
}
