package dev.metaopt.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.Campaign;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The checks specific to the campaign's execution backend. */
@FunctionalInterface
public interface BackendChecks {
  List<CheckResult> check(JsonNode campaign, Map<String, String> env);

  /** The checks of the campaign's backend, run from {@code projectDir}. */
  static BackendChecks forCompute(Campaign.Compute compute, Path projectDir) {
    return compute.isLocal() ? local() : new SkyPilotChecks(projectDir);
  }

  /** The embedded local backend needs nothing beyond the common checks. */
  static BackendChecks local() {
    return (campaign, env) -> List.of(CheckResult.passed("backend",
        "local backend: trials run on this machine"));
  }
}
