package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Lets the search benchmark drive the suggesters directly, with no processes involved. */
public final class BenchmarkAccess {
  private BenchmarkAccess() {}

  /** Best objective value after {@code trials} sequential suggestions (minimised). */
  public static double bestAfter(JsonNode sweepConfig, long seed, int trials,
      ToDoubleFunction<Map<String, JsonNode>> objective) {
    SweepSpec spec = SweepSpec.parse(sweepConfig);
    List<Suggester.Observation> seen = new ArrayList<>();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < trials; i++) {
      Map<String, JsonNode> values = Suggester.suggest(spec, seed, i, seen).orElseThrow();
      double value = objective.applyAsDouble(values);
      seen.add(new Suggester.Observation(values, value));
      best = Math.min(best, value);
    }
    return best;
  }
}
