package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.state.MachineState;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDEATE / WAIT_FOR_PROPOSALS (upstream B-01…B-14), with D-2, D-3 and D-4 fixed. */
class BackgroundControlAgentTest {
  @TempDir Path dir;
  AgentHarness harness;
  final BackgroundControlAgent agent = new BackgroundControlAgent();

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(dir);
  }

  @Test
  void b01PlanDispatchesOneSlotPerMissingProposal() {
    AgentHarness.Step step = harness.step(agent, harness.state(MachineState.IDEATE));
    assertThat(step.recommended()).isEqualTo("WAIT_FOR_PROPOSALS");
    assertThat(step.json("pool_status").asText()).isEqualTo("building");
    assertThat(step.handoff().launchRequests()).hasSize(5).allSatisfy(request -> {
      assertThat(request.path("worker_ref").asText()).isEqualTo("metaopt-ideation-worker");
      assertThat(request.path("slot_class").asText()).isEqualTo("background");
      assertThat(request.path("model_class").asText()).isEqualTo("general_worker");
      assertThat(request.path("preferred_model").asText()).isEqualTo("claude-sonnet-4");
      assertThat(request.path("task").path("objective").path("metric").asText())
          .isEqualTo("val/accuracy");
    });
    assertThat(step.handoff().launchRequests().get(0).path("result_file").asText())
        .isEqualTo(".ml-metaopt/worker-results/bg-1.json");
  }

  @Test
  void ideationTasksCarryTheTrialsOfCompletedIterationsFromTheirLastPoll() throws Exception {
    // given: iteration 1 completed; its sweep was polled 3 times
    ObjectNode state = harness.state(MachineState.IDEATE);
    state.putArray("completed_iterations").addObject().put("iteration", 1);
    Path events = dir.resolve(".ml-metaopt/executor-events");
    java.nio.file.Files.createDirectories(events);
    for (int poll = 1; poll <= 3; poll++) {
      java.nio.file.Files.writeString(events.resolve("poll-sweep-iter-1-" + poll + ".json"),
          "{\"trials\": [" + ("{\"run_id\": \"r1\", \"state\": \"finished\","
              + " \"metric\": 0.5, \"config\": {\"lr\": 0.1}},").repeat(poll - 1)
              + "{\"run_id\": \"r0\", \"state\": \"running\"}]}");
    }

    // when
    AgentHarness.Step step = harness.step(agent, state);

    // then: the last poll's table, tagged with its iteration
    var trials = step.handoff().launchRequests().get(0).path("task").path("trials");
    assertThat(trials).hasSize(3);
    assertThat(trials.get(0).path("iteration").asInt()).isEqualTo(1);
    assertThat(trials.get(0).path("config").path("lr").asDouble()).isEqualTo(0.1);
  }

  @Test
  void trialsAreFoundWhenOnlyTheLastPollIsKeptAndARetriedSweepByItsRetry() throws Exception {
    // given: each poll superseded the one before, so only poll 4 of iteration 1 is on disk, and
    // iteration 2 was retried once: its kept poll is the retry's, next to the failed attempt's
    ObjectNode state = harness.state(MachineState.IDEATE);
    ArrayNode done = state.putArray("completed_iterations");
    done.addObject().put("iteration", 1);
    done.addObject().put("iteration", 2).put("retries", 1);
    Path events = dir.resolve(".ml-metaopt/executor-events");
    java.nio.file.Files.createDirectories(events);
    String trial = "{\"trials\": [{\"run_id\": \"%s\", \"state\": \"finished\", \"metric\": 0.5,"
        + " \"config\": {\"lr\": 0.1}}]}";
    java.nio.file.Files.writeString(events.resolve("poll-sweep-iter-1-4.json"),
        trial.formatted("kept"));
    java.nio.file.Files.writeString(events.resolve("poll-sweep-iter-2-2.json"),
        trial.formatted("failed-attempt"));
    java.nio.file.Files.writeString(events.resolve("poll-sweep-iter-2-retry-1-3.json"),
        trial.formatted("retried"));

    // when
    AgentHarness.Step step = harness.step(agent, state);

    // then: iteration 1's last poll and the retry's, not the failed attempt's
    var trials = step.handoff().launchRequests().get(0).path("task").path("trials");
    assertThat(trials).extracting(t -> t.path("run_id").asText())
        .containsExactly("kept", "retried");
  }

  @Test
  void b02PlanWithAFullPoolGoesToSelection() {
    ObjectNode state = harness.state(MachineState.IDEATE);
    ArrayNode pool = state.putArray("current_proposals");
    for (int i = 1; i <= 5; i++) {
      pool.add(AgentHarness.proposal("test-campaign-p" + i, "random"));
    }
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("SELECT_AND_DESIGN_SWEEP");
    assertThat(step.handoff().launchRequests()).isEmpty();
  }

  @Test
  void d02ReplanningUsesFreshSlotIdsSoNewResultsAreRead() {
    ObjectNode state = harness.state(MachineState.IDEATE);
    ObjectNode first = harness.step(agent, state).after();
    first.put("machine_state", "IDEATE");
    AgentHarness.Step second = harness.step(agent, first);
    assertThat(second.handoff().launchRequests().get(0).path("result_file").asText())
        .isEqualTo(".ml-metaopt/worker-results/bg-6.json");
  }

  @Test
  void b05PlanUnfreezesThePool() {
    ObjectNode state = harness.state(MachineState.IDEATE);
    ((ObjectNode) state.get("proposal_cycle")).put("current_pool_frozen", true);
    assertThat(harness.step(agent, state).after().path("proposal_cycle")
        .path("current_pool_frozen").asBoolean()).isFalse();
  }

  @Test
  void b08GateTurnsCandidatesIntoProposalsWithCampaignWideIds() {
    ObjectNode state = gateState("bg-1", "bg-2");
    ((ObjectNode) state.get("proposal_cycle")).put("proposal_seq", 7);
    harness.result(".ml-metaopt/worker-results/bg-1.json", AgentHarness.candidateResult("0.1"));
    harness.result(".ml-metaopt/worker-results/bg-2.json", AgentHarness.candidateResult("0.2"));

    AgentHarness.Step step = harness.step(agent, state);

    assertThat(step.after().path("current_proposals")).hasSize(2);
    ObjectNode proposal = (ObjectNode) step.after().path("current_proposals").get(0);
    assertThat(proposal.path("proposal_id").asText()).isEqualTo("test-campaign-p8");
    assertThat(proposal.path("source_slot_id").asText()).isEqualTo("bg-1");
    assertThat(proposal.path("source_file").asText()).isEqualTo("bg-1.json");
    assertThat(proposal.path("created_at").asText()).isEqualTo("2026-05-01T12:00:00Z");
    assertThat(step.recommended()).isEqualTo("IDEATE");
    assertThat(step.json("processed_results")).hasSize(2);
    assertThat(step.json("current_proposal_count").asInt()).isEqualTo(2);
  }

  @Test
  void d03GateReadsOnlyTheSlotsItDispatched() {
    ObjectNode state = gateState("bg-9");
    harness.result(".ml-metaopt/worker-results/bg-1.json", AgentHarness.candidateResult("0.1"));
    harness.result(".ml-metaopt/worker-results/bg-9.json", AgentHarness.candidateResult("0.9"));
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.after().path("current_proposals")).singleElement()
        .satisfies(p -> assertThat(p.path("source_slot_id").asText()).isEqualTo("bg-9"));
  }

  @Test
  void b10FrozenPoolSendsCandidatesToNextProposals() {
    ObjectNode state = gateState("bg-1");
    ((ObjectNode) state.get("proposal_cycle")).put("current_pool_frozen", true);
    harness.result(".ml-metaopt/worker-results/bg-1.json", AgentHarness.candidateResult("0.1"));
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.after().path("current_proposals")).isEmpty();
    assertThat(step.after().path("next_proposals")).hasSize(1);
  }

  @Test
  void candidatesWithAnotherMetricOrADuplicateConfigAreRejectedWithAWarning() {
    ObjectNode state = gateState("bg-1", "bg-2");
    state.putArray("current_proposals").add(AgentHarness.parse("{\"proposal_id\":"
        + " \"test-campaign-p1\", \"sweep_config\": " + AgentHarness.parse(
        AgentHarness.candidateResult("0.5")).path("proposal_candidates").get(0)
        .path("sweep_config") + "}"));
    harness.result(".ml-metaopt/worker-results/bg-1.json", AgentHarness.candidateResult("0.5"));
    harness.result(".ml-metaopt/worker-results/bg-2.json",
        AgentHarness.candidateResult("0.1").replace("val/accuracy", "val/loss"));
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.after().path("current_proposals")).hasSize(1);
    assertThat(step.handoff().json().path("warnings").toString())
        .contains("duplicates a proposal", "val/loss");
  }

  @Test
  void d15MalformedIdeationResultIsDroppedNotACrash() {
    ObjectNode state = gateState("bg-1");
    harness.result(".ml-metaopt/worker-results/bg-1.json", "{not json");
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("IDEATE");
    assertThat(step.handoff().json().path("warnings").toString()).contains("bg-1");
  }

  @Test
  void threeBarrenGatesInARowBlockTheProtocol() {
    ObjectNode state = gateState("bg-1");
    ((ObjectNode) state.get("proposal_cycle")).put("barren_rounds", 2);
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("BLOCKED_PROTOCOL");
    assertThat(step.after().path("next_action").asText()).contains("ideation produced no valid");
  }

  @Test
  void b14GateWithoutResultsGoesBackToIdeate() {
    AgentHarness.Step step = harness.step(agent, gateState());
    assertThat(step.recommended()).isEqualTo("IDEATE");
    assertThat(step.json("processed_results")).isEmpty();
  }

  @Test
  void proposalsWrittenForAnEarlierSearchSpaceAreDroppedAndIdeationRefillsThePool() {
    // given: two proposals pooled while search_space held lr as a list of values
    harness.load.set("search_space", AgentHarness.parse("{\"lr\": {\"values\": [0.1, 0.2]}}"));
    ObjectNode state = gateState("bg-1", "bg-2");
    harness.result(".ml-metaopt/worker-results/bg-1.json", AgentHarness.candidateResult("0.1"));
    harness.result(".ml-metaopt/worker-results/bg-2.json", AgentHarness.candidateResult("0.2"));
    ObjectNode pooled = harness.step(agent, state).after();
    ((ArrayNode) pooled.path("current_proposals")).add(
        AgentHarness.proposal("test-campaign-p0", "random")); // pooled before the digest existed
    pooled.put("machine_state", "IDEATE");

    // when: the user made lr a range before the next run
    harness.load.set("search_space",
        AgentHarness.parse("{\"lr\": {\"min\": 0.05, \"max\": 0.5}}"));
    AgentHarness.Step plan = harness.step(agent, pooled);

    // then: the two are dropped, saying why; the undated one stays; ideation fills the rest
    assertThat(plan.after().path("current_proposals")).extracting(p -> p.path("proposal_id")
        .asText()).containsExactly("test-campaign-p0");
    assertThat(plan.handoff().json().path("warnings")).extracting(JsonNode::asText)
        .containsExactly("test-campaign-p1 dropped from the pool: it was written for an earlier"
            + " search_space; ideation proposes from the current one",
            "test-campaign-p2 dropped from the pool: it was written for an earlier search_space;"
            + " ideation proposes from the current one");
    assertThat(plan.handoff().launchRequests()).hasSize(4);
  }

  @Test
  void proposalsWrittenForTheCurrentSearchSpaceStayPooled() {
    harness.load.set("search_space", AgentHarness.parse("{\"lr\": {\"values\": [0.1, 0.2]}}"));
    ObjectNode state = gateState("bg-1");
    harness.result(".ml-metaopt/worker-results/bg-1.json", AgentHarness.candidateResult("0.1"));
    ObjectNode pooled = harness.step(agent, state).after();
    pooled.put("machine_state", "IDEATE");

    AgentHarness.Step plan = harness.step(agent, pooled);

    assertThat(plan.after().path("current_proposals")).hasSize(1);
    assertThat(plan.handoff().json().path("warnings")).isEmpty();
    assertThat(plan.handoff().launchRequests()).hasSize(4);
  }

  private ObjectNode gateState(String... slots) {
    ObjectNode state = harness.state(MachineState.WAIT_FOR_PROPOSALS);
    ArrayNode pending = ((ObjectNode) state.get("proposal_cycle")).putArray("pending_slots");
    for (String slot : slots) {
      pending.add(slot);
    }
    return state;
  }
}
