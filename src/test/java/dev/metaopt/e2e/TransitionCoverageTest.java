package dev.metaopt.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.agent.Agents;
import dev.metaopt.machine.AgentId;
import dev.metaopt.machine.Transition;
import dev.metaopt.machine.TransitionTable;
import dev.metaopt.state.Ledger;
import dev.metaopt.state.MachineState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs one scenario per branch of the state machine and fails if any transition of the table was
 * never taken: a transition nothing exercises is either dead or untested.
 */
class TransitionCoverageTest {
  private static final String THREE_ITERATIONS = """
      stop_conditions:
        max_iterations: 3
        max_no_improve_iterations: 5
      """;

  @TempDir Path root;
  private final Set<String> taken = new TreeSet<>();
  private int scenarios;

  @Test
  void everyTransitionOfTheTableIsExercised() throws Exception {
    // normal campaign, one step per invocation: hydrate resumes into every state on the way
    FakeProject stepped = project(THREE_ITERATIONS, "{\"execution\": {\"metrics\": [0.6, 0.7,"
        + " 0.8]}}");
    int code = 5;
    for (int i = 0; code == 5 && i < 300; i++) {
      code = stepped.run("--max-steps", "1").code();
    }
    collect(stepped);
    // ideation slots that fail half the time, and slots that propose two candidates
    collect(run(THREE_ITERATIONS, "{\"ideation\": {\"mode\": \"flaky\"}}"));
    collect(run(THREE_ITERATIONS, "{\"ideation\": {\"mode\": \"double\"}}"));
    collect(run(THREE_ITERATIONS, "{\"ideation\": {\"mode\": \"invalid_schema\"}}"));
    collect(run(THREE_ITERATIONS, "{\"selection\": {\"mode\": \"unknown_winner\"}}"));
    collect(retried(run(THREE_ITERATIONS, "{\"execution\": {\"smoke\": \"fail\"}}")));
    collect(maxIterationsRaised());
    collect(run(THREE_ITERATIONS, "{\"garbage\": [\"run_smoke_test\"]}"));
    collect(run(THREE_ITERATIONS, "{\"execution\": {\"launch\": \"error\"}}"));
    collect(run(THREE_ITERATIONS, "{\"garbage\": [\"launch_sweep\"]}"));
    collect(run(THREE_ITERATIONS, "{\"execution\": {\"spend_per_poll\": 4.0,"
        + " \"polls_before_complete\": 5}}"));
    collect(run(THREE_ITERATIONS, "{\"execution\": {\"final_status\": \"failed\"}}"));
    collect(run(THREE_ITERATIONS, "{\"garbage\": [\"poll_sweep\"]}"));
    collect(run(THREE_ITERATIONS, "{\"garbage\": [\"analysis\"]}"));
    collect(run("""
        stop_conditions:
          max_iterations: 9
          target_metric: 0.65
          max_no_improve_iterations: 5
        """, "{\"execution\": {\"metrics\": [0.7]}}"));
    collect(run("""
        stop_conditions:
          max_iterations: 9
          max_no_improve_iterations: 1
        """, "{\"execution\": {\"metrics\": [0.7, 0.7]}}"));
    collect(budgetLoweredBeforeRollover());
    collect(missingPreflight());
    collect(identityChanged());
    for (MachineState state : List.of(MachineState.IDEATE, MachineState.WAIT_FOR_PROPOSALS,
        MachineState.SELECT_AND_DESIGN_SWEEP, MachineState.LOCAL_SANITY,
        MachineState.LAUNCH_SWEEP, MachineState.WAIT_FOR_SWEEP, MachineState.ANALYZE,
        MachineState.ROLL_ITERATION)) {
      collect(rogueIn(state));
    }

    // then
    List<String> missing = TransitionTable.transitions().stream().map(Transition::key)
        .filter(key -> !taken.contains(key)).toList();
    assertThat(missing).as("transitions never taken in %d scenarios", scenarios).isEmpty();
  }

  private FakeProject project(String stop, String scenario) throws Exception {
    Path dir = Files.createDirectory(root.resolve("s" + (++scenarios)));
    return FakeProject.create(dir, stop, scenario);
  }

  private FakeProject run(String stop, String scenario) throws Exception {
    FakeProject project = project(stop, scenario);
    project.run();
    return project;
  }

  /** The user lowers max_budget_usd (identity unchanged) while the campaign is rolling over. */
  private FakeProject budgetLoweredBeforeRollover() throws Exception {
    FakeProject project = project(THREE_ITERATIONS,
        "{\"execution\": {\"metrics\": [0.6], \"spend_per_poll\": 1.0}}");
    stepUntil(project, MachineState.ROLL_ITERATION);
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("max_budget_usd: 10", "max_budget_usd: 1"));
    project.run();
    return project;
  }

  /** {@code resume --retry} of a FAILED campaign re-enters its smoke test. */
  private static FakeProject retried(FakeProject failed) {
    assertThat(failed.state().path("machine_state").asText()).isEqualTo("FAILED");
    FakeProject.cli("resume", "--retry", "-C", failed.dir.toString());
    return failed;
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
    project.run();
    return project;
  }

  private FakeProject identityChanged() throws Exception {
    FakeProject project = project(THREE_ITERATIONS, "{}");
    project.run("--max-steps", "2");
    project.write("ml_metaopt_campaign.yaml", Files.readString(project.campaign)
        .replace("entity: test-entity", "entity: other-entity"));
    project.writeReadyPreflight();
    project.run();
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
    project.run("--max-steps", "1");
    for (int i = 0; i < 300 && !project.state().path("machine_state").asText()
        .equals(state.name()); i++) {
      project.run("--max-steps", "1");
    }
    assertThat(project.state().path("machine_state").asText()).isEqualTo(state.name());
  }

  private void collect(FakeProject project) {
    for (ObjectNode event : Ledger.read(project.layout.ledgerFile())) {
      String type = event.path("event").asText();
      if (type.equals("transition") || type.equals("protocol_violation")) {
        taken.add(event.path("from").asText() + "->" + event.path("to").asText());
      }
    }
  }
}
