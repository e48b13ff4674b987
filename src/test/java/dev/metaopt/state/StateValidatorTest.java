package dev.metaopt.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import dev.metaopt.validation.ValidationIssue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The upstream state-validation cases (conformance V-02 … V-14) against our validator. */
class StateValidatorTest {
  static final Path STATES = Path.of("tests-fixtures/upstream/state");

  static ObjectNode fixture(String name) {
    try {
      return (ObjectNode) Json.parse(Files.readString(STATES.resolve(name + ".json")));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String problems(JsonNode state) {
    return String.join("\n",
        StateValidator.validate(state).stream().map(ValidationIssue::format).toList());
  }

  static String problemsOf(String base, Consumer<ObjectNode> change) {
    ObjectNode state = fixture(base);
    change.accept(state);
    return problems(state);
  }

  @Test
  void v02UpstreamRunningCompleteAndBlockedFixturesAreValid() {
    assertThat(problems(fixture("running"))).isEmpty();
    assertThat(problems(fixture("complete"))).isEmpty();
    assertThat(problems(fixture("blocked-protocol"))).isEmpty();
  }

  @Test
  void v04InvalidFixturesAreRejectedNamingTheProblem() {
    assertThat(problems(fixture("invalid-status-pair"))).contains("COMPLETE", "WAIT_FOR_SWEEP");
    assertThat(problems(fixture("invalid-missing-proposal-cycle")))
        .contains("missing required state keys", "proposal_cycle");
  }

  @Test
  void v07ObjectsMustBeObjects() {
    assertThat(problemsOf("running", s -> s.putArray("proposal_cycle")))
        .contains("proposal_cycle must be an object");
    assertThat(problemsOf("running", s -> s.putArray("current_sweep")))
        .contains("current_sweep must be an object");
    assertThat(problemsOf("running", s -> s.putArray("selected_sweep")))
        .contains("selected_sweep must be an object");
  }

  @Test
  void v08BaselineAndSelectedSweepFields() {
    assertThat(problemsOf("running", s -> ((ObjectNode) s.get("baseline")).put("value", true)))
        .contains("baseline.value must be numeric");
    assertThat(problemsOf("running", s -> ((ObjectNode) s.get("baseline")).put("metric", "")))
        .contains("baseline.metric is required");
    assertThat(problemsOf("running",
        s -> ((ObjectNode) s.get("selected_sweep")).put("proposal_id", "")))
        .contains("selected_sweep.proposal_id is required");
  }

  @Test
  void v08DeliberateDifferenceBaselineMayBeNullBeforeTheFirstIteration() {
    assertThat(problemsOf("running", s -> s.putNull("baseline"))).isEmpty();
  }

  @Test
  void v09TerminalStatesNeedNoLiveSweep() {
    JsonNode liveSweep = fixture("running").get("current_sweep");
    assertThat(problemsOf("complete", s -> s.set("current_sweep", liveSweep)))
        .contains("terminal states must have current_sweep = null");
    for (String terminal : List.of("BLOCKED_CONFIG", "BLOCKED_PROTOCOL")) {
      assertThat(problemsOf("running", s -> {
        s.put("status", terminal);
        s.put("machine_state", terminal);
        s.putNull("current_sweep");
      })).isEmpty();
    }
  }

  @Test
  void v10CurrentSweepFields() {
    assertThat(problemsOf("running", s -> ((ObjectNode) s.get("current_sweep")).remove("sweep_id")))
        .contains("current_sweep.sweep_id is required");
    assertThat(problemsOf("running",
        s -> ((ObjectNode) s.get("current_sweep")).put("cumulative_spend_usd", true)))
        .contains("current_sweep.cumulative_spend_usd must be numeric");
  }

  @Test
  void v11IdentityHashMustBeASha256Digest() {
    assertThat(problemsOf("running", s -> s.put("campaign_identity_hash", "sha256:ABC123")))
        .contains("campaign_identity_hash must be a sha256 digest");
    assertThat(problemsOf("running", s -> s.put("campaign_identity_hash", "sha256:abcdef")))
        .contains("campaign_identity_hash must be a sha256 digest");
  }

  @Test
  void v12CompletedIterations() {
    assertThat(problemsOf("running", s -> s.putObject("completed_iterations")))
        .contains("completed_iterations must be a list");
    assertThat(problemsOf("running", s -> s.putArray("completed_iterations").add("iter-1")))
        .contains("entries must be objects");
    assertThat(problemsOf("running", s -> s.putArray("completed_iterations").addObject()
        .put("iteration", 0).put("best_metric_value", 0.9)))
        .contains("positive iteration");
    assertThat(problemsOf("running", s -> s.putArray("completed_iterations").addObject()
        .put("iteration", 1).put("best_metric_value", true)))
        .contains("completed_iterations best_metric_value must be numeric");
  }

  @Test
  void v13EveryFieldRuleIsReportedAtOnce() {
    String all = problemsOf("running", s -> {
      s.put("campaign_id", "");
      s.put("current_iteration", true);
      ObjectNode objective = (ObjectNode) s.get("objective_snapshot");
      objective.put("metric", "");
      objective.put("direction", "sideways");
      objective.put("improvement_threshold", true);
      s.putArray("current_proposals").add("proposal");
      s.putArray("next_proposals").add(123);
      s.putArray("key_learnings").add("");
      s.put("no_improve_iterations", -1);
    });
    assertThat(all).contains(
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
  void v14OnlyVersion4IsAccepted() {
    assertThat(problemsOf("running", s -> s.put("version", 3))).contains("version 4");
  }

  @Test
  void statusIsDerivedFromMachineStateForEveryState() {
    for (MachineState state : MachineState.values()) {
      assertThat(state.status().name())
          .isEqualTo(state.isTerminal() ? state.name() : "RUNNING");
    }
  }
}
