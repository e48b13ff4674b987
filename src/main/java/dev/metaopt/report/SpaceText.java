package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.stats.HumanNumber;
import java.util.ArrayList;
import java.util.List;

/** A W&B parameter spec in a few words for people: {@code [0.0005, 0.5] log}, {@code {4, 8}}. */
final class SpaceText {
  private SpaceText() {}

  static String of(JsonNode spec) {
    if (spec.has("value")) {
      return "= " + value(spec.path("value"));
    }
    if (spec.path("values").isArray()) {
      List<String> values = new ArrayList<>();
      spec.path("values").forEach(v -> values.add(value(v)));
      return "{" + String.join(", ", values) + "}";
    }
    String distribution = spec.path("distribution").asText("uniform");
    if (spec.has("min") && spec.has("max")) {
      String range = "[" + value(spec.path("min")) + ", " + value(spec.path("max")) + "]";
      return switch (distribution) {
        case "log_uniform_values", "q_log_uniform_values" -> range + " log";
        case "log_uniform", "q_log_uniform" -> "e^" + range + " log";
        case "int_uniform" -> range + " integers";
        default -> range;
      };
    }
    if (spec.has("mu")) {
      return distribution + "(μ " + value(spec.path("mu")) + ", σ "
          + value(spec.path("sigma")) + ")";
    }
    return Json.compact(spec);
  }

  static String value(JsonNode v) {
    return v.isNumber() ? HumanNumber.format(v.asDouble()) : v.isValueNode() ? v.asText()
        : Json.compact(v);
  }
}
