package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The baseline rule: maximize improves when {@code new > base + threshold}, minimize when
 * {@code new < base - threshold}; the first finite result establishes the baseline; a missing or
 * non-finite result never improves.
 */
public final class Improvement {
  private Improvement() {}

  public static boolean improves(JsonNode candidate, JsonNode baseline, JsonNode objective) {
    if (!candidate.isNumber() || !Double.isFinite(candidate.asDouble())) {
      return false;
    }
    JsonNode base = baseline.path("value");
    if (!baseline.isObject() || !base.isNumber()) {
      return true;
    }
    double threshold = objective.path("improvement_threshold").asDouble(0.0);
    double value = candidate.asDouble();
    return "minimize".equals(objective.path("direction").asText())
        ? value < base.asDouble() - threshold
        : value > base.asDouble() + threshold;
  }

  /** True when {@code value} reaches {@code target} in the objective's direction. */
  public static boolean reaches(double value, double target, JsonNode objective) {
    return "minimize".equals(objective.path("direction").asText())
        ? value <= target : value >= target;
  }
}
