package dev.metaopt.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.CampaignLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code project.setup_command} runs here on the local backend, so preflight looks for its program;
 * on SkyPilot it is the node's set-up and needs nothing on this machine.
 */
class PreflightSetupCommandTest {
  @TempDir Path project;

  private static ObjectNode campaign(String provider) throws Exception {
    ObjectNode raw = (ObjectNode) CampaignLoader
        .check(Path.of("tests-fixtures/upstream/ml_metaopt_campaign.example.yaml")).raw()
        .deepCopy();
    ((ObjectNode) raw.path("project")).put("smoke_test_command", "true")
        .put("setup_command", "no-such-program-on-this-machine --build");
    ((ObjectNode) raw.path("compute")).put("provider", provider);
    return raw;
  }

  private List<CheckResult> setupChecks(String provider) throws Exception {
    Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
    return new Preflight(project, env, (c, e) -> List.of()).checks(campaign(provider)).stream()
        .filter(c -> c.name().equals("project.setup_command")).toList();
  }

  @Test
  void onTheLocalBackendAMissingSetupProgramFailsPreflight() throws Exception {
    assertThat(setupChecks("local")).singleElement().satisfies(c -> {
      assertThat(c.isFailure()).isTrue();
      assertThat(c.detail()).contains("no-such-program-on-this-machine");
    });
  }

  @Test
  void onSkyPilotTheSetupRunsOnTheNodeAndIsNotLookedForHere() throws Exception {
    assertThat(setupChecks("aws")).isEmpty();
  }
}
