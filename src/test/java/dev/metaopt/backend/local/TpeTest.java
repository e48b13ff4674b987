package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The TPE option is a real optimiser: on a smooth function it beats random search. */
class TpeTest {
  static final String SPACE = "\"parameters\": {\"x\": {\"min\": -5.0, \"max\": 10.0},"
      + " \"y\": {\"min\": 0.0, \"max\": 15.0}}";

  /** Branin (minimum 0.397887). */
  static double branin(double x, double y) {
    double a = y - 5.1 / (4 * Math.PI * Math.PI) * x * x + 5 / Math.PI * x - 6;
    return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
  }

  static double bestAfter(String method, long seed, int trials) throws Exception {
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"" + method + "\", \"metric\":"
        + " {\"name\": \"f\", \"goal\": \"minimize\"}, \"run_cap\": " + trials + ", " + SPACE
        + "}"));
    List<Suggester.Observation> seen = new ArrayList<>();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < trials; i++) {
      Map<String, JsonNode> values = Suggester.suggest(spec, seed, i,
          SearchHistory.sequential(seen, SearchSetup.DEFAULT.withSampler(
              SearchSetup.Sampler.TPE))).orElseThrow();
      double f = branin(values.get("x").asDouble(), values.get("y").asDouble());
      seen.add(new Suggester.Observation(values, f));
      best = Math.min(best, f);
    }
    return best;
  }

  @Test
  void bayesBeatsRandomOnBraninAcrossSeeds() throws Exception {
    double[] bayes = new double[11];
    double[] random = new double[11];
    for (int seed = 0; seed < 11; seed++) {
      bayes[seed] = bestAfter("bayes", seed, 40);
      random[seed] = bestAfter("random", seed, 40);
    }
    Arrays.sort(bayes);
    Arrays.sort(random);
    assertThat(bayes[5]).as("median best of bayes vs random %s / %s", Arrays.toString(bayes),
        Arrays.toString(random)).isLessThan(random[5]);
  }

  @Test
  void bayesIsDeterministic() throws Exception {
    assertThat(bestAfter("bayes", 3, 25)).isEqualTo(bestAfter("bayes", 3, 25));
  }

  @Test
  void runningTrialsDoNotChangeTheSuggestionAsInOptunasDefault() throws Exception {
    // given 20 finished trials and three more still running near the best of them
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"bayes\", \"metric\":"
        + " {\"name\": \"f\", \"goal\": \"minimize\"}, \"run_cap\": 40, " + SPACE + "}"));
    SearchSetup tpe = SearchSetup.DEFAULT.withSampler(SearchSetup.Sampler.TPE);
    List<Suggester.Observation> seen = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Map<String, JsonNode> values = Suggester.suggest(spec, 5, i,
          SearchHistory.sequential(seen, tpe)).orElseThrow();
      seen.add(new Suggester.Observation(values,
          branin(values.get("x").asDouble(), values.get("y").asDouble())));
    }
    List<Map<String, JsonNode>> suggested = new ArrayList<>();
    seen.forEach(o -> suggested.add(o.values()));
    List<Map<String, JsonNode>> running = List.of(point(3.0, 2.5), point(3.2, 2.2),
        point(-3.0, 12.0));
    List<Map<String, JsonNode>> withRunning = new ArrayList<>(suggested);
    withRunning.addAll(running);
    // when the next trial is suggested with and without them
    var alone = Tpe.candidates(spec, new SplittableRandom(9),
        new SearchHistory(suggested, seen, List.of(), tpe), true);
    var beside = Tpe.candidates(spec, new SplittableRandom(9),
        new SearchHistory(withRunning, seen, running, tpe), true);
    // then the ranking is the same: running trials are not used (constant_liar=False)
    assertThat(alone).isNotEmpty();
    assertThat(beside).isEqualTo(alone);
  }

  @Test
  void runningTrialsDoNotEndTheStartUpPhaseAsInOptuna() throws Exception {
    // given a sweep whose start-up phase is 10 random trials, 9 of them finished
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"bayes\", \"metric\":"
        + " {\"name\": \"f\", \"goal\": \"minimize\"}, \"run_cap\": 40, " + SPACE + "}"));
    SearchSetup tpe = SearchSetup.DEFAULT.withSampler(SearchSetup.Sampler.TPE);
    assertThat(Tpe.startupTrials(spec)).isEqualTo(10);
    List<Suggester.Observation> seen = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Map<String, JsonNode> values = point(-5 + 1.5 * i, 1.5 * i);
      seen.add(new Suggester.Observation(values,
          branin(values.get("x").asDouble(), values.get("y").asDouble())));
    }
    List<Map<String, JsonNode>> nine = new ArrayList<>();
    seen.subList(0, 9).forEach(o -> nine.add(o.values()));
    List<Map<String, JsonNode>> running = List.of(point(3.0, 2.5), point(3.2, 2.2),
        point(-3.0, 12.0));
    List<Map<String, JsonNode>> suggested = new ArrayList<>(nine);
    suggested.addAll(running);
    // when the model is asked with three more trials running, and once the tenth has finished
    var whileRunning = Tpe.candidates(spec, new SplittableRandom(9),
        new SearchHistory(suggested, seen.subList(0, 9), running, tpe), true);
    var tenFinished = Tpe.candidates(spec, new SplittableRandom(9),
        SearchHistory.sequential(seen, tpe), true);
    // then only finished trials count (Optuna's n_startup_trials counts COMPLETE and PRUNED)
    assertThat(whileRunning).isEmpty();
    assertThat(tenFinished).isNotEmpty();
  }

  private static Map<String, JsonNode> point(double x, double y) {
    return Map.of("x", Json.nodes().numberNode(x), "y", Json.nodes().numberNode(y));
  }
}
