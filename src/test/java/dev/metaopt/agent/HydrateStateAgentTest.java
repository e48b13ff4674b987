package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.state.MachineState;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.StateValidator;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HYDRATE_STATE (upstream H-01…H-18), with D-1 and D-6 fixed. */
class HydrateStateAgentTest {
  @TempDir Path dir;
  AgentHarness harness;
  final HydrateStateAgent agent = new HydrateStateAgent();

  @BeforeEach
  void setUp() {
    harness = new AgentHarness(dir);
  }

  @Test
  void h01FreshStateIsInitialisedInIdeateWithTheHook() {
    AgentHarness.Step step = harness.step(agent, null);
    assertThat(step.recommended()).isEqualTo("IDEATE");
    assertThat(step.after().path("current_iteration").asInt()).isEqualTo(1);
    assertThat(step.after().path("next_action").asText()).isEqualTo("maintain background pool");
    assertThat(step.handoff().directives()).extracting(d -> d.path("action").asText())
        .containsExactly("ensure_agents_hook");
    assertThat(step.after().path("campaign_started_at").asText())
        .isEqualTo("2026-05-01T12:00:00Z");
  }

  @Test
  void d01FreshPatchCarriesAllEighteenKeysIncludingTheNullOnes() {
    AgentHarness.Step step = harness.step(agent, null);
    ObjectNode patch = step.handoff().statePatch();
    assertThat(patch.has("selected_sweep") && patch.get("selected_sweep").isNull()).isTrue();
    assertThat(patch.has("current_sweep") && patch.get("current_sweep").isNull()).isTrue();
    assertThat(patch.has("baseline") && patch.get("baseline").isNull()).isTrue();
    ObjectNode persisted = step.after();
    persisted.put("machine_state", "IDEATE");
    persisted.put("status", "RUNNING");
    assertThat(StateKeys.ALL).allMatch(persisted::has);
    assertThat(StateValidator.validate(persisted)).isEmpty();
  }

  @Test
  void h05AndH06StartTimeIsKeptOrAdded() {
    ObjectNode state = harness.state(MachineState.IDEATE);
    assertThat(harness.step(agent, state).after().path("campaign_started_at").asText())
        .isEqualTo("2026-01-01T00:00:00Z");
    state.putNull("campaign_started_at");
    assertThat(harness.step(agent, state).after().path("campaign_started_at").asText())
        .isEqualTo("2026-05-01T12:00:00Z");
  }

  @Test
  void h07TerminalStateOnlyGetsItsHookRemoved() {
    ObjectNode state = harness.state(MachineState.BLOCKED_PROTOCOL);
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isNull();
    assertThat(step.handoff().statePatch()).isNull();
    assertThat(step.handoff().directives()).singleElement()
        .satisfies(d -> assertThat(d.path("action").asText()).isEqualTo("remove_agents_hook"));
  }

  @Test
  void h08IdentityMismatchBlocksWithoutAPatch() {
    ObjectNode state = harness.state(MachineState.IDEATE);
    state.put("campaign_identity_hash", "sha256:" + "0".repeat(64));
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("BLOCKED_CONFIG");
    assertThat(step.handoff().statePatch()).isNull();
    assertThat(step.json("state_preserved").asBoolean()).isTrue();
    assertThat(step.json("recovery_action").asText()).contains("archive .ml-metaopt/");
  }

  @Test
  void crashRecoveryFromWaitForSweepReconnectsToTheSweep() {
    ObjectNode state = harness.state(MachineState.WAIT_FOR_SWEEP);
    state.set("current_sweep", AgentHarness.parse("{\"sweep_id\": \"sw-1\", \"sweep_url\": \"u\","
        + " \"sky_job_ids\": [], \"launched_at\": \"t\", \"cumulative_spend_usd\": 1.0}"));
    AgentHarness.Step step = harness.step(agent, state);
    assertThat(step.recommended()).isEqualTo("WAIT_FOR_SWEEP");
    assertThat(step.handoff().summary()).contains("reconnecting", "sw-1");
  }

  @Test
  void d06ResumingInAnalyzeWithASweepIdStaysInAnalyze() {
    ObjectNode state = harness.state(MachineState.ANALYZE);
    state.set("current_sweep", AgentHarness.parse("{\"sweep_id\": \"sw-1\", \"sweep_url\": \"u\","
        + " \"sky_job_ids\": [], \"launched_at\": \"t\", \"cumulative_spend_usd\": 1.0}"));
    assertThat(harness.step(agent, state).recommended()).isEqualTo("ANALYZE");
  }
}
