package dev.metaopt.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.schema.ValidationIssue;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upstream state cases V-02…V-14 (upstream-conformance §3), plus the places where we
 * deliberately differ: a null baseline and a null iteration metric are valid.
 */
class StateValidatorTest {
  private static List<String> rules(JsonNode state) {
    return StateValidator.validate(state).stream().map(ValidationIssue::rule).toList();
  }

  private static ObjectNode running(Consumer<ObjectNode> edit) {
    ObjectNode state = StateFixtures.load("running");
    edit.accept(state);
    return state;
  }

  @ParameterizedTest
  @ValueSource(strings = {"running", "complete", "blocked-protocol"})
  void acceptsTheValidUpstreamFixtures(String name) {
    // given: V-02
    ObjectNode fixture = StateFixtures.load(name);

    // when / then
    assertThat(StateValidator.validate(fixture)).isEmpty();
  }

  @Test
  void upstreamFixturesHaveTheV4Shape() {
    // given: V-03
    ObjectNode running = StateFixtures.load("running");
    ObjectNode complete = StateFixtures.load("complete");

    // when / then
    assertThat(running.path("version").asInt()).isEqualTo(4);
    assertThat(complete.path("version").asInt()).isEqualTo(4);
    assertThat(running.path("current_sweep").path("sweep_id").asText()).isNotEmpty();
    assertThat(running.path("current_sweep").path("sky_job_ids").isArray()).isTrue();
    assertThat(complete.get("current_sweep").isNull()).isTrue();
    assertThat(complete.get("selected_sweep").isNull()).isTrue();
  }

  @Test
  void rejectsATerminalStatusPairedWithAnotherMachineState() {
    // when: V-04a, COMPLETE + WAIT_FOR_SWEEP
    List<ValidationIssue> issues =
        StateValidator.validate(StateFixtures.load("invalid-status-pair"));

    // then
    assertThat(issues).extracting(ValidationIssue::format).containsExactly(
        "status: invalid status/machine_state pairing: status COMPLETE requires machine_state"
            + " COMPLETE (got WAIT_FOR_SWEEP); a terminal status only pairs with the identical"
            + " machine_state");
  }

  @Test
  void rejectsRunningWithATerminalMachineState() {
    // given
    ObjectNode state = running(s -> {
      s.put("machine_state", "COMPLETE");
      s.putNull("current_sweep");
    });

    // when / then
    assertThat(rules(state)).containsExactly(
        "invalid status/machine_state pairing: RUNNING requires a non-terminal machine_state");
  }

  @Test
  void namesTheMissingProposalCycle() {
    // when: V-04b
    List<ValidationIssue> issues =
        StateValidator.validate(StateFixtures.load("invalid-missing-proposal-cycle"));

    // then
    assertThat(issues).singleElement().extracting(ValidationIssue::format).asString()
        .contains("missing required state keys").contains("proposal_cycle");
  }

  @Test
  void listsEveryMissingKeySorted() {
    // given
    ObjectNode state = running(s -> s.remove(List.of("version", "baseline", "campaign_id")));

    // when / then
    assertThat(rules(state)).first().isEqualTo(
        "missing required state keys: [baseline, campaign_id, version]");
  }

  static Stream<Arguments> brokenFields() {
    return Stream.of(
        // V-07
        broken("proposal_cycle = []", s -> s.putArray("proposal_cycle"),
            "proposal_cycle must be an object"),
        broken("current_sweep = []", s -> s.putArray("current_sweep"),
            "current_sweep must be an object"),
        broken("selected_sweep = []", s -> s.putArray("selected_sweep"),
            "selected_sweep must be an object"),
        // V-08
        broken("baseline.value = true", s -> obj(s, "baseline").put("value", true),
            "baseline.value must be numeric"),
        broken("baseline.metric = \"\"", s -> obj(s, "baseline").put("metric", ""),
            "baseline.metric is required"),
        broken("selected_sweep.proposal_id = \"\"",
            s -> obj(s, "selected_sweep").put("proposal_id", ""),
            "selected_sweep.proposal_id is required"),
        // V-10
        broken("current_sweep.sweep_id removed", s -> obj(s, "current_sweep").remove("sweep_id"),
            "current_sweep.sweep_id is required"),
        broken("cumulative_spend_usd = true",
            s -> obj(s, "current_sweep").put("cumulative_spend_usd", true),
            "current_sweep.cumulative_spend_usd must be numeric"),
        // V-11
        broken("hash sha256:ABC123", s -> s.put("campaign_identity_hash", "sha256:ABC123"),
            "campaign_identity_hash must be a sha256 digest"),
        broken("hash sha256:abcdef", s -> s.put("campaign_identity_hash", "sha256:abcdef"),
            "campaign_identity_hash must be a sha256 digest"),
        // V-12
        broken("completed_iterations = {}", s -> s.putObject("completed_iterations"),
            "completed_iterations must be a list"),
        broken("completed_iterations = [\"iter-1\"]",
            s -> s.putArray("completed_iterations").add("iter-1"),
            "completed_iterations entries must be objects"),
        broken("iteration 0", s -> iterations(s).addObject().put("iteration", 0)
            .put("best_metric_value", 0.9),
            "completed_iterations entries must include positive iteration"),
        broken("best_metric_value = true", s -> iterations(s).addObject().put("iteration", 1)
            .put("best_metric_value", true),
            "completed_iterations best_metric_value must be numeric"),
        // V-13
        broken("campaign_id \"\"", s -> s.put("campaign_id", ""), "campaign_id is required"),
        broken("current_iteration true", s -> s.put("current_iteration", true),
            "current_iteration must be a positive integer"),
        broken("objective metric \"\"", s -> obj(s, "objective_snapshot").put("metric", ""),
            "objective_snapshot.metric is required"),
        broken("direction sideways",
            s -> obj(s, "objective_snapshot").put("direction", "sideways"),
            "objective_snapshot.direction must be minimize or maximize"),
        broken("improvement_threshold true",
            s -> obj(s, "objective_snapshot").put("improvement_threshold", true),
            "objective_snapshot.improvement_threshold must be numeric"),
        broken("current_proposals [\"proposal\"]",
            s -> s.putArray("current_proposals").add("proposal"),
            "current_proposals entries must be objects"),
        broken("next_proposals [123]", s -> s.putArray("next_proposals").add(123),
            "next_proposals entries must be objects"),
        broken("key_learnings [\"\"]", s -> s.putArray("key_learnings").add(""),
            "key_learnings entries must be non-empty strings"),
        broken("no_improve_iterations -1", s -> s.put("no_improve_iterations", -1),
            "no_improve_iterations must be a non-negative integer"),
        // V-14
        broken("version 3", s -> s.put("version", 3), "state must use version 4"));
  }

  private static Arguments broken(String what, Consumer<ObjectNode> edit, String rule) {
    return Arguments.of(what, edit, rule);
  }

  private static ObjectNode obj(ObjectNode state, String key) {
    return (ObjectNode) state.get(key);
  }

  private static ArrayNode iterations(ObjectNode state) {
    return state.putArray("completed_iterations");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFields")
  void rejectsABrokenFieldNamingIt(String what, Consumer<ObjectNode> edit, String rule) {
    // given
    ObjectNode state = running(edit);

    // when / then
    assertThat(rules(state)).contains(rule);
  }

  @Test
  void reportsEveryBrokenFieldAtOnce() {
    // given: all nine V-13 mutations together
    ObjectNode state = running(s -> {
      s.put("campaign_id", "");
      s.put("current_iteration", true);
      obj(s, "objective_snapshot").put("metric", "").put("direction", "sideways")
          .put("improvement_threshold", true);
      s.putArray("current_proposals").add("proposal");
      s.putArray("next_proposals").add(123);
      s.putArray("key_learnings").add("");
      s.put("no_improve_iterations", -1);
    });

    // when / then
    assertThat(rules(state)).containsExactlyInAnyOrder(
        "campaign_id is required",
        "current_iteration must be a positive integer",
        "objective_snapshot.metric is required",
        "objective_snapshot.direction must be minimize or maximize",
        "objective_snapshot.improvement_threshold must be numeric",
        "current_proposals entries must be objects",
        "next_proposals entries must be objects",
        "key_learnings entries must be non-empty strings",
        "no_improve_iterations must be a non-negative integer");
  }

  @Test
  void rejectsATerminalStateWithALiveSweep() {
    // given: V-09, complete + running's current_sweep
    ObjectNode state = StateFixtures.load("complete");
    state.set("current_sweep", StateFixtures.load("running").get("current_sweep"));

    // when / then
    assertThat(rules(state)).containsExactly("terminal states must have current_sweep = null");
  }

  @ParameterizedTest
  @ValueSource(strings = {"BLOCKED_CONFIG", "BLOCKED_PROTOCOL", "FAILED"})
  void acceptsABlockedStateWithoutALiveSweep(String terminal) {
    // given: V-09, running turned into a terminal state with current_sweep null
    ObjectNode state = running(s -> {
      s.put("status", terminal);
      s.put("machine_state", terminal);
      s.putNull("current_sweep");
    });

    // when / then
    assertThat(StateValidator.validate(state)).isEmpty();
  }

  @Test
  void acceptsANullBaselineBeforeTheFirstIteration() {
    // given: deliberately unlike upstream's test validator (its contract prose allows null)
    ObjectNode state = running(s -> s.putNull("baseline"));

    // when / then
    assertThat(StateValidator.validate(state)).isEmpty();
  }

  @Test
  void acceptsAnIterationWithoutAFiniteMetric() {
    // given
    ObjectNode state = running(s -> iterations(s).addObject().put("iteration", 1)
        .putNull("best_metric_value"));

    // when / then
    assertThat(StateValidator.validate(state)).isEmpty();
  }

  @Test
  void rejectsABaselineThatIsNeitherObjectNorNull() {
    // given
    ObjectNode state = running(s -> s.put("baseline", 0.9));

    // when / then
    assertThat(rules(state)).containsExactly("baseline must be an object or null");
  }

  @Test
  void rejectsUnknownStatusAndMachineState() {
    // given
    ObjectNode state = running(s -> s.put("status", "running").put("machine_state", "MAINTAIN"));

    // when / then
    assertThat(rules(state)).containsExactly(
        "status must be one of [RUNNING, COMPLETE, BLOCKED_CONFIG, BLOCKED_PROTOCOL, FAILED]",
        "machine_state must be one of the 14 machine states");
  }

  @Test
  void rejectsAnUnknownTopLevelKey() {
    // given
    ObjectNode state = running(s -> s.put("machine_sate", "IDEATE"));

    // when / then
    assertThat(rules(state)).containsExactly("unknown state key 'machine_sate'");
  }

  @Test
  void rejectsADocumentThatIsNotAnObject() {
    assertThat(rules(Json.nodes().arrayNode())).containsExactly("state must be a JSON object");
    assertThat(rules(null)).containsExactly("state must be a JSON object");
  }

  @Test
  void reportsSchemaViolationsTheContractRulesDoNotCover() {
    // given: sky_job_ids must hold strings; only the published schema says so
    ObjectNode state = running(s -> obj(s, "current_sweep").putArray("sky_job_ids").add(7));

    // when
    List<ValidationIssue> issues = StateValidator.validate(state);

    // then
    assertThat(issues).extracting(ValidationIssue::path)
        .contains("/current_sweep/sky_job_ids/0");
  }

  @Test
  void theRulesAloneLeaveTheSchemaPassOut() {
    // given: a violation only the published schema reports, and one the rules report
    ObjectNode schemaOnly =
        running(s -> obj(s, "current_sweep").putArray("sky_job_ids").add(7));
    ObjectNode ruleBroken = running(s -> s.put("machine_sate", "IDEATE"));

    // when / then
    assertThat(StateValidator.checkRules(schemaOnly)).isEmpty();
    assertThat(StateValidator.checkRules(ruleBroken)).extracting(ValidationIssue::rule)
        .containsExactly("unknown state key 'machine_sate'");
  }
}
