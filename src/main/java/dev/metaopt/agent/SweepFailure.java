package dev.metaopt.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a sweep failed, said the way a person can act on it: the backend's own stop explanation or
 * a count of the trials' reasons, and one failed trial's own error line with the absolute path of
 * its log, so the cause is on the terminal instead of inside a JSON file.
 */
final class SweepFailure {
  private SweepFailure() {}

  /** One sentence for a poll whose {@code sweep_status} is {@code failed}. */
  static String describe(String sweepId, JsonNode poll, String metric) {
    StringBuilder text = new StringBuilder("sweep ").append(sweepId).append(" failed: ");
    JsonNode trials = poll.path("trials");
    if (poll.path("stop_detail").isTextual()) {
      text.append(poll.path("stop_detail").asText());
    } else if (trials.isArray() && !trials.isEmpty()) {
      text.append("none of its ").append(trials.size()).append(" trials finished with ")
          .append(metric).append(" (").append(reasons(trials)).append(")");
    } else {
      text.append("no run finished with ").append(metric);
    }
    for (JsonNode trial : trials) {
      if (trial.path("error").isTextual()) {
        text.append(". ").append(trial.path("run_id").asText()).append(" ended with ")
            .append(trial.path("reason").asText("an error")).append(": ")
            .append(trial.path("error").asText());
        if (trial.path("log").isTextual()) {
          text.append(" (log: ").append(trial.path("log").asText()).append(")");
        }
        break;
      }
    }
    return text.toString();
  }

  /** {@code 3 × exit code 1, 1 × no val/loss logged}. */
  private static String reasons(JsonNode trials) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (JsonNode trial : trials) {
      String reason = trial.path("reason").isTextual() ? trial.path("reason").asText()
          : trial.path("state").asText();
      counts.merge(reason, 1, Integer::sum);
    }
    return counts.entrySet().stream().map(e -> e.getValue() + " × " + e.getKey())
        .collect(Collectors.joining(", "));
  }
}
