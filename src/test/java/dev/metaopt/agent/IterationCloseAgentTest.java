package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ROLL_ITERATION (upstream I-01…I-19), with D-9 and D-10 fixed. */
class IterationCloseAgentTest {
  @TempDir Path dir;
  AgentHarness harness;
  final IterationCloseAgent agent = new IterationCloseAgent();

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(dir);
  }

  ObjectNode rolling() {
    ObjectNode state = harness.state(MachineState.ROLL_ITERATION);
    ((ObjectNode) state.get("proposal_cycle")).put("current_pool_frozen", true);
    state.putArray("current_proposals").add(AgentHarness.proposal("test-campaign-p1", "grid"))
        .add(AgentHarness.proposal("test-campaign-p2", "bayes"));
    state.putArray("next_proposals").add(AgentHarness.proposal("test-campaign-p3", "random"));
    state.putObject("selected_sweep").put("proposal_id", "test-campaign-p1");
    state.putArray("completed_iterations").addObject().put("iteration", 1)
        .put("proposal_id", "test-campaign-p1").put("best_metric_value", 0.93)
        .put("spend_usd", 1.0);
    return state;
  }

  /** Plans (writing the rollover artifact as the orchestrator would) then gates. */
  AgentHarness.Step planAndGate(ObjectNode state) {
    AgentHarness.Step plan = harness.step(agent, state);
    for (ObjectNode artifact : plan.handoff().artifacts()) {
      harness.result(artifact.path("path").asText(), artifact.has("json")
          ? artifact.get("json").toString() : artifact.path("text").asText());
    }
    ObjectNode planned = plan.after();
    planned.put("machine_state", "ROLL_ITERATION");
    return harness.step(agent, planned);
  }

  @Test
  void i01AndI02PlanComputesTheRolloverAsArtifacts() {
    AgentHarness.Step step = harness.step(agent, rolling());
    assertThat(step.recommended()).isEqualTo("ROLL_ITERATION");
    assertThat(step.handoff().launchRequests()).isEmpty();
    assertThat(step.handoff().artifacts()).extracting(a -> a.path("path").asText())
        .containsExactly(".ml-metaopt/worker-results/rollover-iter-1.json",
            ".ml-metaopt/tasks/rollover-iter-1.md");
    ObjectNode rollover = (ObjectNode) step.handoff().artifacts().get(0).get("json");
    assertThat(rollover.fieldNames()).toIterable().contains("filtered_proposals",
        "merged_proposals", "needs_fresh_ideation", "summary");
  }

  @Test
  void i04AndI07ContinuingOpensTheNextIteration() {
    AgentHarness.Step step = planAndGate(rolling());
    assertThat(step.recommended()).isEqualTo("IDEATE");
    assertThat(step.json("continue_campaign").asBoolean()).isTrue();
    assertThat(step.after().path("current_iteration").asInt()).isEqualTo(2);
    assertThat(step.after().path("selected_sweep").isNull()).isTrue();
    assertThat(step.after().path("current_sweep").isNull()).isTrue();
    assertThat(step.after().path("proposal_cycle").path("cycle_id").asText())
        .isEqualTo("iter-2-cycle-1");
    assertThat(step.after().path("proposal_cycle").path("current_pool_frozen").asBoolean())
        .isFalse();
    assertThat(step.after().path("next_proposals")).isEmpty();
  }

  @Test
  void d09CarriedProposalsStayWholeObjectsWithTheirIds() {
    AgentHarness.Step step = planAndGate(rolling());
    assertThat(step.after().path("current_proposals")).allSatisfy(p -> assertThat(p.isObject())
        .isTrue());
    assertThat(step.after().path("current_proposals")).extracting(p -> p.path("proposal_id")
        .asText()).containsExactly("test-campaign-p2", "test-campaign-p3");
  }

  @Test
  void d10NeedsFreshIdeationUsesTheCampaignsTarget() {
    AgentHarness.Step step = harness.step(agent, rolling());
    // two carried proposals, target 5 (upstream always compared with 2)
    assertThat(step.handoff().artifacts().get(0).path("json").path("needs_fresh_ideation")
        .asBoolean()).isTrue();
  }

  @Test
  void i06SpendAtTheBudgetBlocksConfig() {
    ObjectNode state = rolling();
    ((ObjectNode) state.path("completed_iterations").get(0)).put("spend_usd", 11.0);
    AgentHarness.Step step = planAndGate(state);
    assertThat(step.recommended()).isEqualTo("BLOCKED_CONFIG");
    assertThat(step.json("stop_reason").asText()).isEqualTo("budget_exhausted");
    assertThat(step.after().path("next_action").asText()).contains("Budget cap exceeded");
  }

  @Test
  void i08bMaxIterationsCompletesWithoutIncrementing() {
    ObjectNode state = rolling();
    state.put("current_iteration", 20);
    ((ObjectNode) state.path("completed_iterations").get(0)).put("iteration", 20);
    AgentHarness.Step step = planAndGate(state);
    assertThat(step.recommended()).isEqualTo("COMPLETE");
    assertThat(step.json("stop_reason").asText()).isEqualTo("max_iterations");
    assertThat(step.after().path("current_iteration").asInt()).isEqualTo(20);
    assertThat(step.after().path("completed_iterations").get(0).path("stop_reason").asText())
        .isEqualTo("max_iterations");
  }

  @Test
  void i09PlateauCompletes() {
    ObjectNode state = rolling();
    state.put("no_improve_iterations", 5);
    assertThat(planAndGate(state).json("stop_reason").asText())
        .isEqualTo("max_no_improve_iterations");
  }

  @Test
  void whenSeveralStopConditionsHoldTheMessageNamesEachThatMustBeLifted() {
    // given: the iteration limit reached and the plateau too
    ObjectNode state = rolling();
    state.put("current_iteration", 20);
    ((ObjectNode) state.path("completed_iterations").get(0)).put("iteration", 20);
    state.put("no_improve_iterations", 5);

    // when
    AgentHarness.Step step = planAndGate(state);

    // then: the first is the reason; the way on lifts both, since either alone keeps it stopped
    assertThat(step.json("stop_reason").asText()).isEqualTo("max_iterations");
    assertThat(step.after().path("next_action").asText()).contains("campaign complete"
        + " (max_iterations)", "to go on, raise stop_conditions.max_iterations, and raise"
        + " stop_conditions.max_no_improve_iterations (each of these stops it now) in ");
  }

  @Test
  void aSearchSpaceMeasuredThroughoutCompletesUntilTheCampaignWidensItOrAllowsMoreRuns() {
    String[][] cases = {
        // the space the iteration's sweep found exhausted, its runs per configuration then,
        // the campaign's runs per configuration now → the next state
        {"{\"x\": {\"values\": [1, 2]}}", "1", "1", "COMPLETE"},
        {"{\"x\": {\"values\": [1]}}", "1", "1", "IDEATE"},
        {"{\"x\": {\"values\": [1, 2]}}", "1", "2", "IDEATE"}};
    for (int i = 0; i < cases.length; i++) {
      String[] c = cases[i];
      harness = new AgentHarness(dir.resolve("case" + i)); // a rollover file per case
      harness.load.set("search_space", AgentHarness.parse("{\"x\": {\"values\": [1, 2]}}"));
      ((ObjectNode) harness.load.path("compute")).put("max_runs_per_config",
          Integer.parseInt(c[2]));
      ObjectNode state = rolling();
      ObjectNode record = (ObjectNode) state.path("completed_iterations").get(0);
      record.putObject("sweep_config").set("parameters", AgentHarness.parse(c[0]));
      record.put("space_exhausted_at_max_runs_per_config", Integer.parseInt(c[1]));

      AgentHarness.Step step = planAndGate(state);

      assertThat(step.recommended()).as(String.join(" ", c)).isEqualTo(c[3]);
      assertThat(step.json("stop_reason").asText()).as(String.join(" ", c))
          .isEqualTo(c[3].equals("COMPLETE") ? "search_space_exhausted" : "");
    }
  }

  @Test
  void i10TargetMetricWinsFirst() {
    ObjectNode state = rolling();
    ((ObjectNode) state.get("baseline")).put("value", 0.995);
    state.put("no_improve_iterations", 5);
    AgentHarness.Step step = planAndGate(state);
    assertThat(step.recommended()).isEqualTo("COMPLETE");
    assertThat(step.json("stop_reason").asText()).isEqualTo("target_metric");
    assertThat(step.after().path("current_iteration").asInt()).isEqualTo(1);
  }

  @Test
  void i14AndI15DirectivesForContinuingAndStopping() {
    assertThat(planAndGate(rolling()).handoff().directives())
        .extracting(d -> d.path("action").asText()).containsExactly("emit_iteration_report");
    ObjectNode stopping = rolling();
    stopping.put("no_improve_iterations", 5);
    assertThat(planAndGate(stopping).handoff().directives())
        .extracting(d -> d.path("action").asText())
        .containsExactly("emit_iteration_report", "remove_agents_hook", "emit_final_report");
  }

  @Test
  void i19IterationReportNamesTheIteration() {
    assertThat(planAndGate(rolling()).json("iteration_report").asText())
        .startsWith("=== Iteration 1 Report ===").contains("Baseline value: 0.923");
  }
}
