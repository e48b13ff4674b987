package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** W&B parameter semantics: every distribution samples inside its domain. */
class ParameterSamplingTest {
  static Parameter parse(String spec) throws Exception {
    return SweepSpec.parameter("p", Json.parse(spec));
  }

  static List<Double> samples(Parameter p, int n) {
    SplittableRandom random = new SplittableRandom(1);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(p.sample(random).asDouble());
    }
    return values;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"distribution\": \"uniform\", \"min\": -2, \"max\": 3.5}|-2|3.5",
      "{\"min\": 0.1, \"max\": 0.2}|0.1|0.2",
      "{\"distribution\": \"log_uniform_values\", \"min\": 0.0001, \"max\": 0.1}|0.0001|0.1",
      "{\"distribution\": \"log_uniform\", \"min\": -4, \"max\": 0}|0.0183|1.0",
      "{\"distribution\": \"inv_log_uniform_values\", \"min\": 0.01, \"max\": 1}|0.01|1",
      "{\"distribution\": \"q_uniform\", \"min\": 0, \"max\": 10, \"q\": 2.5}|0|10",
      "{\"distribution\": \"q_log_uniform_values\", \"min\": 1, \"max\": 1024, \"q\": 1}|1|1024"})
  void boundedDistributionsStayInTheirRange(String spec, double low, double high)
      throws Exception {
    assertThat(samples(parse(spec), 500)).allSatisfy(v ->
        assertThat(v).isBetween(low - 1e-9, high + 1e-9));
  }

  @Test
  void intUniformGivesEveryIntegerAndNothingElse() throws Exception {
    Parameter p = parse("{\"min\": 2, \"max\": 5}");
    List<JsonNode> values = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 400; i++) {
      values.add(p.sample(random));
    }
    assertThat(values).allSatisfy(v -> assertThat(v.isIntegralNumber()).isTrue());
    assertThat(values.stream().map(JsonNode::asInt).distinct().sorted().toList())
        .containsExactly(2, 3, 4, 5);
  }

  @Test
  void quantisedValuesAreMultiplesOfQ() throws Exception {
    assertThat(samples(parse("{\"distribution\": \"q_uniform\", \"min\": 0, \"max\": 10,"
        + " \"q\": 2.5}"), 200)).allSatisfy(v -> assertThat(v % 2.5).isCloseTo(0, within()));
  }

  @Test
  void logUniformValuesIsUniformInTheLog() throws Exception {
    List<Double> values = samples(parse("{\"distribution\": \"log_uniform_values\","
        + " \"min\": 0.0001, \"max\": 1}"), 2000);
    long belowGeometricMean = values.stream().filter(v -> v < 0.01).count();
    assertThat(belowGeometricMean).isBetween(900L, 1100L);
  }

  @Test
  void normalAndLogNormalFollowMuAndSigma() throws Exception {
    double mean = samples(parse("{\"distribution\": \"normal\", \"mu\": 5, \"sigma\": 0.5}"),
        2000).stream().mapToDouble(d -> d).average().orElseThrow();
    assertThat(mean).isCloseTo(5, org.assertj.core.data.Offset.offset(0.1));
    assertThat(samples(parse("{\"distribution\": \"log_normal\", \"mu\": 0, \"sigma\": 1}"),
        500)).allSatisfy(v -> assertThat(v).isPositive());
  }

  @Test
  void probabilitiesWeightTheChoices() throws Exception {
    Parameter p = parse("{\"values\": [\"a\", \"b\"], \"probabilities\": [0.9, 0.1]}");
    SplittableRandom random = new SplittableRandom(5);
    long a = 0;
    for (int i = 0; i < 1000; i++) {
      a += p.sample(random).asText().equals("a") ? 1 : 0;
    }
    assertThat(a).isBetween(850L, 950L);
  }

  /** Every configuration a grid sweep over {@code parameters} runs, in order, as JSON. */
  static List<String> grid(String parameters) throws Exception {
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"grid\", \"metric\": {\"name\":"
        + " \"m\", \"goal\": \"maximize\"}, \"parameters\": {" + parameters + "}}"));
    List<String> configs = new ArrayList<>();
    for (int i = 0; ; i++) {
      var next = Suggester.suggest(spec, 0, i, SearchHistory.empty());
      if (next.isEmpty()) {
        return configs;
      }
      configs.add(Json.compact(Suggester.nest(next.get())));
    }
  }

  @Test
  void gridEnumeratesEveryCombinationIncludingNestedParameters() throws Exception {
    List<String> configs = grid("\"a\": {\"values\": [1, 2, 3]},"
        + " \"opt\": {\"parameters\": {\"name\": {\"values\": [\"sgd\", \"adam\"]}}},"
        + " \"c\": {\"value\": true}");
    assertThat(configs).hasSize(6).doesNotHaveDuplicates()
        .contains("{\"a\":3,\"c\":true,\"opt\":{\"name\":\"adam\"}}");
  }

  @Test
  void gridTakesQUniformAsWandbsGridDoesFromMinInStepsOfQWithoutMax() throws Exception {
    // wandb/sweeps grid_search.py: q_uniform becomes numpy.arange(min, max, q)
    assertThat(grid("\"batch\": {\"distribution\": \"q_uniform\", \"min\": 16, \"max\": 64,"
        + " \"q\": 16}")).containsExactly("{\"batch\":16}", "{\"batch\":32}", "{\"batch\":48}");
    assertThat(grid("\"p\": {\"distribution\": \"q_uniform\", \"min\": 0.1, \"max\": 1,"
        + " \"q\": 0.25}")).containsExactly("{\"p\":0.1}", "{\"p\":0.35}", "{\"p\":0.6}",
        "{\"p\":0.85}");
  }

  @Test
  void gridOverAContinuousParameterIsRefusedWithAClearMessage() throws Exception {
    // as W&B's grid refuses them (wandb/sweeps grid_search.py)
    for (String parameter : List.of("{\"min\": 0.1, \"max\": 0.2}", "{\"distribution\":"
        + " \"q_log_uniform_values\", \"min\": 1, \"max\": 64, \"q\": 1}",
        "{\"values\": [1, 2], \"probabilities\": [0.9, 0.1]}")) {
      assertThatThrownBy(() -> grid("\"lr\": " + parameter)).as(parameter)
          .hasMessageContaining("grid search needs discrete parameters (value, values without"
              + " probabilities, int_uniform or q_uniform)");
    }
  }

  @Test
  void aProposedSpecOutsideWandbsBoundsIsRefusedAtLaunchNamingTheField() {
    // a worker's sweep_config is not checked by the campaign validator: the parser checks it
    assertThatThrownBy(() -> parse("{\"distribution\": \"q_uniform\", \"min\": 0,"
        + " \"max\": 1, \"q\": 0}"))
        .hasMessageContaining("sweep_config.parameters.p.q must be > 0 (got 0)");
    assertThatThrownBy(() -> parse("{\"values\": [1, 2], \"probabilities\": [0.5, 0.6]}"))
        .hasMessageContaining("sweep_config.parameters.p.probabilities must sum to 1");
    assertThatThrownBy(() -> parse("{\"distribution\": \"log_uniform_values\", \"min\": 0,"
        + " \"max\": 1}")).hasMessageContaining("sweep_config.parameters.p.min must be > 0");
  }

  @Test
  void aQuantisedRangeTooWideToListIsSampledNotEnumerated() throws Exception {
    // 2e300 / 0.5 values: counted without overflowing, so the space is not taken as finite
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"random\", \"metric\":"
        + " {\"name\": \"m\", \"goal\": \"minimize\"}, \"parameters\": {\"p\":"
        + " {\"distribution\": \"q_uniform\", \"min\": -1e300, \"max\": 1e300, \"q\": 0.5},"
        + " \"n\": {\"distribution\": \"int_uniform\", \"min\": -9007199254740992,"
        + " \"max\": 9007199254740992}}}"));

    Map<String, JsonNode> values = Suggester.suggest(spec, 1, 0, SearchHistory.empty())
        .orElseThrow();

    assertThat(values.get("p").asDouble()).isBetween(-1e300, 1e300);
    assertThat(values.get("n").asLong()).isBetween(-9007199254740992L, 9007199254740992L);
  }

  @Test
  void badSpecsNameTheField() {
    assertThatThrownBy(() -> parse("{\"distribution\": \"gaussian\"}"))
        .hasMessageContaining("sweep_config.parameters.p.distribution 'gaussian' is unknown");
    assertThatThrownBy(() -> parse("{\"min\": 3, \"max\": 1}"))
        .hasMessageContaining("sweep_config.parameters.p.max must be greater than min (3)");
    // W&B's schema requires both ends: a missing max is no silent default of 1
    assertThatThrownBy(() -> parse("{\"distribution\": \"uniform\", \"min\": 0.5}"))
        .hasMessageContaining("sweep_config.parameters.p.max is required for a range");
  }

  @Test
  void suggestionsAreDeterministicForASeed() throws Exception {
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"random\", \"metric\": {\"name\":"
        + " \"m\"}, \"parameters\": {\"lr\": {\"min\": 0.1, \"max\": 0.2}}}"));
    Map<String, JsonNode> a = Suggester.suggest(spec, 7, 3, SearchHistory.empty()).orElseThrow();
    Map<String, JsonNode> b = Suggester.suggest(spec, 7, 3, SearchHistory.empty()).orElseThrow();
    Map<String, JsonNode> c = Suggester.suggest(spec, 8, 3, SearchHistory.empty()).orElseThrow();
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
