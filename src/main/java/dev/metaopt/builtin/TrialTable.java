package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The trials of one sweep as the analysis sees them: finished with a result, or failed. */
final class TrialTable {
  record Trial(String runId, String state, JsonNode config, double metric, String reason) {}

  private final List<Trial> finished;
  private final List<Trial> failed;
  private final boolean maximize;

  private TrialTable(List<Trial> finished, List<Trial> failed, boolean maximize) {
    this.finished = finished;
    this.failed = failed;
    this.maximize = maximize;
  }

  static TrialTable of(JsonNode trials, boolean maximize) {
    List<Trial> finished = new ArrayList<>();
    List<Trial> failed = new ArrayList<>();
    for (JsonNode t : trials) {
      JsonNode metric = t.path("metric");
      Trial trial = new Trial(t.path("run_id").asText(), t.path("state").asText(),
          t.path("config"), metric.isNumber() ? metric.asDouble() : Double.NaN,
          t.path("reason").asText(""));
      if (t.path("state").asText().equals("finished") && Double.isFinite(trial.metric())) {
        finished.add(trial);
      } else if (!t.path("state").asText().matches("queued|running|starting")) {
        failed.add(trial);
      }
    }
    return new TrialTable(finished, failed, maximize);
  }

  int finished() {
    return finished.size();
  }

  int failed() {
    return failed.size();
  }

  List<Trial> finishedTrials() {
    return finished;
  }

  List<Trial> failedTrials() {
    return failed;
  }

  /** The best finished trial by the objective's direction (the first one on a tie). */
  Optional<Trial> best() {
    Trial best = null;
    for (Trial t : finished) {
      if (best == null || (maximize ? t.metric() > best.metric() : t.metric() < best.metric())) {
        best = t;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Names of the parameters the finished trials set, in first-seen order. */
  Set<String> parameterNames() {
    Set<String> names = new LinkedHashSet<>();
    finished.forEach(t -> t.config().fieldNames().forEachRemaining(names::add));
    return names;
  }

  /** Parameters that every finished trial set to a number. */
  List<String> numericParameters() {
    List<String> numeric = new ArrayList<>();
    for (String name : parameterNames()) {
      if (finished.stream().allMatch(t -> t.config().path(name).isNumber())) {
        numeric.add(name);
      }
    }
    numeric.sort(Comparator.naturalOrder());
    return numeric;
  }
}
