package dev.metaopt.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.TrialRecord;
import dev.metaopt.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configurations run more than once, grouped whatever order their parameters are listed in. */
class RepeatedConfigurationTest {
  private static TrialRow trial(String state, Double objective, Object... pairs) {
    Map<String, JsonNode> config = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      config.put((String) pairs[i], Json.toTree(pairs[i + 1]));
    }
    return new TrialRow(1, new TrialRecord("s", "r", state, config, objective,
        Map.of(), null, null, null, null, null, null));
  }

  @Test
  void runsOfOneConfigurationWithAResultAreGroupedAndTheirSpreadMeasured() {
    List<RepeatedConfiguration> repeated = RepeatedConfiguration.of(List.of(
        trial("finished", 1.0, "a", 1, "b", "x"),
        trial("finished", 3.0, "b", "x", "a", 1), // the same configuration, listed otherwise
        trial("failed", null, "a", 1, "b", "x"), // no result: not a measurement
        trial("finished", 2.0, "a", 1, "b", "x"),
        trial("finished", 5.0, "a", 2, "b", "x"))); // ran once

    assertThat(repeated).hasSize(1);
    RepeatedConfiguration r = repeated.get(0);
    assertThat(r.values()).containsExactly(1.0, 3.0, 2.0);
    assertThat(r.mean()).isEqualTo(2.0);
    assertThat(r.sd()).isCloseTo(1.0, within(1e-12)); // sample sd of 1, 2, 3
    assertThat(r.min()).isEqualTo(1.0);
    assertThat(r.max()).isEqualTo(3.0);
  }

  @Test
  void numbersAreComparedByValueAsTheBackendCountsRuns() {
    // 3 and 3.0 are one configuration to the local backend's max_runs_per_config too
    List<RepeatedConfiguration> repeated = RepeatedConfiguration.of(List.of(
        trial("finished", 1.0, "a", 3), trial("finished", 2.0, "a", 3.0)));

    assertThat(repeated).singleElement().extracting(RepeatedConfiguration::values)
        .isEqualTo(List.of(1.0, 2.0));
  }
}
