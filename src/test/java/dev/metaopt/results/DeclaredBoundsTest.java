package dev.metaopt.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of the best run's values sit on a bound of the declared search space. */
class DeclaredBoundsTest {
  private final JsonNode space = parse("""
      {"lr": {"distribution": "log_uniform_values", "min": 0.0001, "max": 0.1},
       "layers": {"distribution": "int_uniform", "min": 1, "max": 8},
       "dropout": {"min": 0.0, "max": 0.5},
       "batch": {"distribution": "q_uniform", "min": 16, "max": 256, "q": 16},
       "scale": {"distribution": "log_uniform", "min": -3, "max": 0},
       "decay": {"distribution": "inv_log_uniform_values", "min": 0.01, "max": 100},
       "act": {"values": ["relu", "tanh"]},
       "opt": {"parameters": {"momentum": {"min": 0.5, "max": 0.99}}}}
      """);

  private static JsonNode parse(String json) {
    try {
      return Json.parse(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> hits(Map<String, JsonNode> config) {
    return DeclaredBounds.of(space, config).stream()
        .map(h -> h.parameter() + " " + h.bound()).toList();
  }

  private static Map<String, JsonNode> config(Object... pairs) {
    Map<String, JsonNode> config = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      config.put((String) pairs[i], Json.toTree(pairs[i + 1]));
    }
    return config;
  }

  @Test
  void valuesOnAMinOrMaxAreNamedWithTheirBoundNestedParametersByTheirPath() {
    assertThat(hits(config("lr", 0.1, "layers", 1, "dropout", 0.25, "decay", 0.01,
        "opt.momentum", 0.99, "act", "relu")))
        .containsExactly("lr max", "layers min", "decay min", "opt.momentum max");
  }

  @Test
  void aQuantisedValueIsOnABoundWhenNoStepFitsBetweenThem() {
    // W&B rounds a q_uniform draw to a multiple of q: 256 is the top, 240 one step below
    assertThat(hits(config("batch", 256))).containsExactly("batch max");
    assertThat(hits(config("batch", 240))).isEmpty();
  }

  @Test
  void valuesInsideTheRangeAndRangesOfExponentsAreNotBounds() {
    // log_uniform's min and max are exponents: e^-3 … e^0, not bounds on the value itself
    assertThat(hits(config("lr", 0.0999, "layers", 4, "dropout", 0.0001, "scale", 0.0,
        "act", "tanh"))).isEmpty();
  }
}
