package dev.metaopt.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import dev.metaopt.state.MachineState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LOAD_CAMPAIGN (upstream L-01…L-16). */
class LoadCampaignAgentTest {
  static final String HASH =
      "sha256:76d87a271abe95ba765ac749237a1383dd4c75956671de88f15bba9cca13bc81";

  @TempDir Path dir;
  ProjectLayout layout;
  Path campaign;

  @BeforeEach
  void setUp() throws Exception {
    layout = new ProjectLayout(dir);
    campaign = dir.resolve("ml_metaopt_campaign.yaml");
    Files.copy(Path.of("tests-fixtures/upstream/ml_metaopt_campaign.example.yaml"), campaign);
    Files.createDirectories(layout.metaoptDir());
  }

  void preflight(String status, String hash, int version) throws Exception {
    Files.writeString(layout.preflightFile(), "{\"schema_version\": " + version + ","
        + " \"campaign_id\": \"gnn-mnist-optimization\", \"campaign_identity_hash\": \"" + hash
        + "\", \"status\": \"" + status + "\", \"next_action\": \"fix backend connectivity and"
        + " re-run metaopt-preflight\", \"failures\": " + (status.equals("FAILED")
        ? "[{\"check\": \"sky\"}]" : "[]") + "}");
  }

  Handoff load(ObjectNode state) {
    LoadCampaignAgent agent = new LoadCampaignAgent();
    AgentContext ctx = new AgentContext(MachineState.LOAD_CAMPAIGN, state, null, campaign,
        layout, AgentHarness.CLOCK);
    return AgentHarness.run(agent, ctx);
  }

  static ObjectNode stateWithHash(String hash) {
    ObjectNode state = Json.object();
    state.put("campaign_identity_hash", hash);
    return state;
  }

  @Test
  void l01ValidCampaignWithMatchingStateAndReadyPreflightGoesToHydrate() throws Exception {
    preflight("READY", HASH, 1);
    Handoff handoff = load(stateWithHash(HASH));
    JsonNode json = handoff.json();
    assertThat(json.path("handoff_type").asText()).isEqualTo("load_campaign.validate");
    assertThat(json.path("campaign_valid").asBoolean()).isTrue();
    assertThat(json.path("campaign_id").asText()).isEqualTo("gnn-mnist-optimization");
    assertThat(handoff.recommended()).contains(MachineState.HYDRATE_STATE);
    assertThat(json.path("recovery_action").isNull()).isTrue();
    assertThat(json.path("validation_issues")).isEmpty();
    assertThat(json.path("state_peek").path("identity_relation").asText()).isEqualTo("match");
    assertThat(json.path("campaign_identity_hash").asText()).isEqualTo(HASH);
    assertThat(json.path("preflight_readiness").path("status").asText())
        .isEqualTo("fresh_ready");
    // L-04: the envelope constants
    assertThat(handoff.statePatch()).isNull();
    assertThat(handoff.directives()).isEmpty();
    assertThat(handoff.launchRequests()).isEmpty();
  }

  @Test
  void l02InvalidCampaignBlocksAndListsEveryMissingField() throws Exception {
    Files.writeString(campaign, "objective: {metric: rmse, direction: minimize,"
        + " improvement_threshold: 0.0005}\nstop_conditions: {max_iterations: 10,"
        + " max_no_improve_iterations: 3}\n");
    Handoff handoff = load(null);
    assertThat(handoff.json().path("campaign_valid").asBoolean()).isFalse();
    assertThat(handoff.recommended()).contains(MachineState.BLOCKED_CONFIG);
    assertThat(handoff.json().path("validation_issues").size()).isGreaterThanOrEqualTo(3);
    assertThat(handoff.json().path("validation_issues").toString())
        .contains("missing required field");
    assertThat(handoff.json().path("campaign_identity_hash").isNull()).isTrue();
  }

  @Test
  void l03IdentityMismatchIsOnlyAdvisoryAtLoad() throws Exception {
    preflight("READY", HASH, 1);
    Handoff handoff = load(stateWithHash("sha256:" + "0".repeat(64)));
    assertThat(handoff.json().path("state_peek").path("identity_relation").asText())
        .isEqualTo("mismatch");
    assertThat(handoff.recommended()).contains(MachineState.HYDRATE_STATE);
  }

  @Test
  void l08MissingPreflightBlocksConfig() {
    Handoff handoff = load(null);
    assertThat(handoff.recommended()).contains(MachineState.BLOCKED_CONFIG);
    assertThat(handoff.json().path("recovery_action").asText()).contains("metaopt preflight");
    assertThat(handoff.json().path("preflight_readiness").path("status").asText())
        .isEqualTo("missing");
  }

  @Test
  void l09AndL10StalePreflightBlocksConfig() throws Exception {
    preflight("READY", "sha256:" + "0".repeat(64), 1);
    assertThat(load(null).json().path("preflight_readiness").path("status").asText())
        .isEqualTo("stale");
    preflight("READY", HASH, 999);
    Handoff handoff = load(null);
    assertThat(handoff.json().path("preflight_readiness").path("status").asText())
        .isEqualTo("stale");
    assertThat(handoff.recommended()).contains(MachineState.BLOCKED_CONFIG);
  }

  @Test
  void l11FailedPreflightBlocksWithItsRemediation() throws Exception {
    preflight("FAILED", HASH, 1);
    Handoff handoff = load(null);
    assertThat(handoff.recommended()).contains(MachineState.BLOCKED_CONFIG);
    assertThat(handoff.json().path("recovery_action").asText())
        .isEqualTo("fix backend connectivity and re-run metaopt-preflight");
    JsonNode readiness = handoff.json().path("preflight_readiness");
    assertThat(readiness.path("status").asText()).isEqualTo("fresh_failed");
    assertThat(readiness.path("failures")).hasSize(1);
  }

  @Test
  void l12UnknownPreflightStatusIsStale() throws Exception {
    preflight("INVALID_STATUS", HASH, 1);
    JsonNode readiness = load(null).json().path("preflight_readiness");
    assertThat(readiness.path("status").asText()).isEqualTo("stale");
    assertThat(readiness.path("binding_fresh").asBoolean()).isFalse();
  }

  @Test
  void l13AndL15CampaignErrorsWinOverPreflight() throws Exception {
    preflight("READY", HASH, 1);
    Files.writeString(campaign, "version: 2\ncampaign_id: bad\n");
    Handoff handoff = load(null);
    JsonNode readiness = handoff.json().path("preflight_readiness");
    assertThat(readiness.path("status").asText()).isEqualTo("not_evaluated");
    assertThat(readiness.path("exists").asBoolean()).isTrue();
    assertThat(handoff.json().path("recovery_action").asText()).contains("repair");
  }

  @Test
  void l14UnreadablePreflightBlocks() throws Exception {
    Files.writeString(layout.preflightFile(), "NOT VALID JSON {{{{");
    JsonNode readiness = load(null).json().path("preflight_readiness");
    assertThat(readiness.path("status").asText()).isEqualTo("unreadable");
    assertThat(readiness.path("readable").asBoolean()).isFalse();
  }

  @Test
  void l16SectionsAreCarriedForLaterAgents() throws Exception {
    preflight("READY", HASH, 1);
    JsonNode json = load(null).json();
    for (String section : new String[] {"compute", "wandb", "project", "proposal_policy",
        "stop_conditions", "objective_snapshot"}) {
      assertThat(json.path(section).isObject()).as(section).isTrue();
    }
  }
}
