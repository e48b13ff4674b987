package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import dev.metaopt.stats.HumanNumber;
import java.util.ArrayList;
import java.util.List;

/**
 * Built-in analysis: compares the sweep's best run with the baseline (direction-aware, with the
 * threshold) and derives learnings from the trial table that name concrete parameters and values
 * ({@link Learnings}): which parameter moved the metric most, a best value at the edge of its
 * range, which categorical choice did best, and how many trials failed and why.
 */
public final class AnalysisWorker implements BuiltinWorker {
  static final String NAN_LEARNING = "Best run metric was missing/NaN — possible training crash";
  private static final int MAX_LEARNINGS = 5;

  @Override
  public Lane lane() {
    return Lane.ANALYSIS;
  }

  @Override
  public ObjectNode run(ObjectNode task) {
    JsonNode sweep = task.path("sweep");
    Campaign.Objective objective = Campaign.Objective.from(task.path("objective"));
    boolean maximize = objective.maximize();
    TrialTable table = TrialTable.of(sweep.path("trials"), maximize);
    JsonNode bestValue = sweep.path("best_metric_value");
    String bestRun = sweep.path("best_run_id").asText(null);
    if (table.best().isPresent()) {
      TrialTable.Trial best = table.best().get();
      bestValue = Json.nodes().numberNode(best.metric());
      bestRun = best.runId();
    }
    ObjectNode answer = Json.object();
    boolean finite = bestValue.isNumber() && Double.isFinite(bestValue.asDouble());
    answer.put("improved", finite && improves(bestValue.asDouble(), task, objective));
    answer.set("best_metric_value", finite ? bestValue : Json.nodes().nullNode());
    answer.put("best_run_id", bestRun);
    answer.set("best_run_url", sweep.path("best_run_url").isTextual()
        ? sweep.path("best_run_url") : Json.nodes().nullNode());
    List<String> learnings = new ArrayList<>();
    if (sweep.path("trials").isEmpty()) {
      // nothing ran, so nothing crashed: say why the backend ran nothing, when it said
      learnings.add("The sweep ran no trial" + (sweep.path("stop_detail").isTextual()
          ? ": " + sweep.path("stop_detail").asText() : ""));
    } else if (!finite) {
      learnings.add(NAN_LEARNING);
    }
    learnings.addAll(new Learnings(table, objective.metric(), maximize).all(
        task.path("selected_sweep").path("sweep_config").path("parameters")));
    var array = answer.putArray("learnings");
    learnings.stream().distinct().limit(MAX_LEARNINGS).forEach(array::add);
    answer.put("summary", table.finished() + " finished trial(s), " + table.failed()
        + " failed or killed; best " + (finite ? HumanNumber.format(bestValue.asDouble())
            : "none"));
    return answer;
  }

  private static boolean improves(double value, ObjectNode task, Campaign.Objective objective) {
    JsonNode base = task.path("baseline").path("value");
    if (!base.isNumber()) {
      return true;
    }
    double threshold = objective.improvementThreshold();
    return objective.maximize() ? value > base.asDouble() + threshold
        : value < base.asDouble() - threshold;
  }
}
