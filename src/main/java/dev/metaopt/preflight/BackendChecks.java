package dev.metaopt.preflight;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The checks specific to the campaign's execution backend. */
@FunctionalInterface
public interface BackendChecks {
  List<CheckResult> check(JsonNode campaign, Map<String, String> env);

  /** The embedded local backend needs nothing beyond the common checks. */
  static BackendChecks local() {
    return (campaign, env) -> List.of(CheckResult.passed("backend",
        "local backend: trials run on this machine"));
  }
}
