package dev.metaopt.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bound campaign: values as written, and every default from one place. */
class CampaignBindingTest {
  @Test
  void theUpstreamExampleBindsWithTheDefaultsOfWhatItOmits() {
    // given the upstream example (a SkyPilot campaign with no extensions)
    CampaignCheck check = CampaignLoader.check(
        Path.of("tests-fixtures/upstream/ml_metaopt_campaign.example.yaml"));

    // when
    Campaign campaign = check.campaign();

    // then written values are kept and omitted ones take the documented defaults
    assertThat(campaign.compute().isLocal()).isFalse();
    assertThat(campaign.compute().numSweepAgents())
        .isEqualTo(check.raw().path("compute").path("num_sweep_agents").asInt());
    assertThat(campaign.compute().maxBudgetUsd())
        .isEqualTo(check.raw().path("compute").path("max_budget_usd").asDouble());
    assertThat(campaign.compute().costPerHourUsd()).isZero();
    assertThat(campaign.compute().maxSweepMinutes())
        .isEqualTo(Campaign.Compute.DEFAULT_MAX_SWEEP_MINUTES);
    assertThat(campaign.compute().pollInterval())
        .isEqualTo(Campaign.Compute.DEFAULT_REMOTE_POLL_INTERVAL);
    assertThat(campaign.project().trainCommand()).isEmpty();
    assertThat(campaign.campaign().seed()).isEqualTo(Campaign.Meta.DEFAULT_SEED);
    assertThat(campaign.worker(Lane.SELECTION).command()).isEmpty();
    assertThat(campaign.worker(Lane.EXECUTION).timeout()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aLocalCampaignPollsFasterThanARemoteOneUnlessItSaysOtherwise() throws Exception {
    assertThat(Campaign.Compute.from(Json.parse("{\"provider\": \"local\"}")).pollInterval())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(Campaign.Compute.from(Json.parse("{\"provider\": \"aws\"}")).pollInterval())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(Campaign.Compute.from(Json.parse(
        "{\"provider\": \"aws\", \"poll_interval_seconds\": 0.5}")).pollInterval())
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aMissingBudgetIsNoBudgetAndTheLoadHandoffBindsLikeTheFile() throws Exception {
    Campaign fromHandoff = Campaign.bind(Json.parse("{\"compute\": {\"provider\": \"local\"},"
        + " \"objective_snapshot\": {\"metric\": \"loss\", \"direction\": \"minimize\","
        + " \"improvement_threshold\": 0.01}, \"proposal_policy\": {\"current_target\": 3}}"));
    assertThat(fromHandoff.compute().hasBudget()).isFalse();
    assertThat(fromHandoff.objective().maximize()).isFalse();
    assertThat(fromHandoff.objective().improvementThreshold()).isEqualTo(0.01);
    assertThat(fromHandoff.proposalPolicy().currentTarget()).isEqualTo(3);
    assertThat(fromHandoff.stopConditions().targetMetric()).isEmpty();
  }
}
