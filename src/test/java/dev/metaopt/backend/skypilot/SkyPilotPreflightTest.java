package dev.metaopt.backend.skypilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.CampaignLoader;
import dev.metaopt.json.Json;
import dev.metaopt.preflight.CheckResult;
import dev.metaopt.preflight.Preflight;
import dev.metaopt.preflight.SkyPilotChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preflight that means it, against the faithful fakes: versions, an enabled cloud, the API
 * server started by metaopt without the W&B key (reference rows 2, 5, 6, 14, 15).
 */
class SkyPilotPreflightTest {
  @TempDir Path root;
  @RegisterExtension final SkyPilotFakes fakes = new SkyPilotFakes();
  private SkyPilotHarness project;

  @BeforeEach
  void start() throws IOException {
    project = fakes.project(root, 2);
  }

  @Test
  void aSkyPilotOlderThanTheTaskYamlNeedsFails() throws Exception {
    // given: resources.infra and --secret exist since SkyPilot 0.10 (row 2)
    project.env.put("SKYPILOT_FAKE_VERSION", "0.9.3");

    // then
    assertThat(failures()).anySatisfy(c -> assertThat(c.detail())
        .contains("skypilot, version 0.9.3 is older than the 0.10.0 metaopt needs"));
  }

  @Test
  void aDisabledCloudFailsThoughSkyCheckExitsZero() throws Exception {
    // given: sky check prints the cloud disabled and exits 0 (row 15)
    project.env.put("SKYPILOT_FAKE_DISABLED", "vast");

    // then
    assertThat(failures()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("sky_check");
      assertThat(c.detail()).contains("reports vast disabled");
    });
  }

  @Test
  void theApiServerIsStartedByMetaoptAndHoldsNoWandbKey() throws Exception {
    // when (rows 5 and 6)
    assertThat(failures()).isEmpty();

    // then
    assertThat(project.calls("sky")).filteredOn(c -> !c.get(0).startsWith("-")).first()
        .isEqualTo(List.of("api", "start"));
    JsonNode serverEnv = Json.parse(Files.readString(project.state.resolve(
        "api-server-env.json")));
    assertThat(serverEnv).extracting(JsonNode::asText).doesNotContain("WANDB_API_KEY");
  }

  @Test
  void aCampaignWithoutATrainCommandIsRefused() throws Exception {
    // given
    Files.writeString(project.campaign, Files.readString(project.campaign)
        .replaceAll(",\\s*train_command: \"python train.py\"", ""));

    // then
    assertThat(failures()).anySatisfy(c -> assertThat(c.detail())
        .contains("project.train_command is not set"));
  }

  @Test
  void kubernetesWithoutARateIsWarnedAbout() throws Exception {
    // given: Kubernetes prices nothing without a pricing config (row 14)
    project.writeCampaign("kubernetes", 1, "");

    // when
    List<CheckResult> results = checks();

    // then
    assertThat(results).filteredOn(r -> r.status().equals("warning")).singleElement()
        .satisfies(w -> assertThat(w.detail()).contains("kubernetes reports no price",
            "compute.cost_per_hour_usd"));
  }

  private List<CheckResult> failures() throws IOException {
    return checks().stream().filter(CheckResult::isFailure).toList();
  }

  private List<CheckResult> checks() throws IOException {
    return new Preflight(project.dir, project.env, new SkyPilotChecks(project.dir))
        .checks(CampaignLoader.check(project.campaign).raw());
  }
}
