package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The TPE's densities are proper densities on the truncated domain, and draws stay inside it. */
class ParzenEstimatorTest {
  static Dimension dimension(String spec) throws Exception {
    return Dimension.of(SweepSpec.parameter("p", Json.parse(spec)));
  }

  @Test
  void continuousDensityIntegratesToOneOverTheTruncatedDomain() throws Exception {
    // given: kernels piled against both bounds, where an untruncated kernel leaks mass outside
    Dimension d = dimension("{\"min\": 0.0, \"max\": 1.0}");
    double[][] points = {{0.0}, {0.01}, {0.02}, {0.99}, {1.0}};
    ParzenEstimator estimator = new ParzenEstimator(List.of(d), points,
        new double[] {1, 2, 1, 1, 1}, 0.5);

    // when: the midpoint rule over [0, 1]
    int steps = 200_000;
    double integral = 0;
    for (int i = 0; i < steps; i++) {
      integral += Math.exp(estimator.logPdf(new double[] {(i + 0.5) / steps})) / steps;
    }

    // then
    assertThat(integral).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void logScaleDensityIntegratesToOneInItsOwnCoordinate() throws Exception {
    // given: a log-uniform learning rate, modelled on the log of the value
    Dimension d = dimension("{\"distribution\": \"log_uniform_values\", \"min\": 1e-5,"
        + " \"max\": 1.0}");
    double low = Math.log(1e-5);
    double high = 0;
    double[][] points = {{low}, {Math.log(1e-3)}, {high}};
    ParzenEstimator estimator = new ParzenEstimator(List.of(d), points, new double[] {1, 1, 1},
        1);

    // when
    int steps = 200_000;
    double integral = 0;
    for (int i = 0; i < steps; i++) {
      double x = low + (i + 0.5) * (high - low) / steps;
      integral += Math.exp(estimator.logPdf(new double[] {x})) * (high - low) / steps;
    }

    // then
    assertThat(integral).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void integerAndCategoricalProbabilitiesSumToOne() throws Exception {
    // given
    Dimension layers = dimension("{\"min\": 1, \"max\": 8}");
    Dimension optimizer = dimension("{\"values\": [\"sgd\", \"adam\", \"rmsprop\"]}");
    double[][] points = {{1, 0}, {8, 1}, {8, 1}, {4, 2}};
    ParzenEstimator estimator = new ParzenEstimator(List.of(layers, optimizer), points,
        new double[] {1, 1, 1, 1}, 1);

    // when
    double total = 0;
    for (int l = 1; l <= 8; l++) {
      for (int c = 0; c < 3; c++) {
        total += Math.exp(estimator.logPdf(new double[] {l, c}));
      }
    }

    // then
    assertThat(total).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void drawsNeverLandOnABoundEvenWhenTheBestTrialsSitThere() throws Exception {
    // given: a TPE whose good trials all sit at the lower bound (the old sampler clamped its
    // kernels there, and about one model-based coordinate in ten landed exactly on a bound)
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"bayes\", \"metric\": {\"name\":"
        + " \"f\", \"goal\": \"minimize\"}, \"run_cap\": 200, \"parameters\": {\"x\":"
        + " {\"min\": 0.0, \"max\": 1.0}, \"y\": {\"min\": -1.0, \"max\": 1.0}}}"));
    SearchSetup tpe = SearchSetup.DEFAULT.withSampler(SearchSetup.Sampler.TPE);
    List<Suggester.Observation> seen = new ArrayList<>();

    // when: 150 suggestions on f = x + |y - 1| (best at x = 0, y = 1: two bounds)
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Map<String, JsonNode> v = Suggester.suggest(spec, 5, i,
          SearchHistory.sequential(seen, tpe)).orElseThrow();
      double x = v.get("x").asDouble();
      double y = v.get("y").asDouble();
      xs.add(x);
      ys.add(y);
      seen.add(new Suggester.Observation(v, x + Math.abs(y - 1)));
    }

    // then: close to the bounds, never on them
    assertThat(xs).allMatch(x -> x > 0 && x < 1);
    assertThat(ys).allMatch(y -> y > -1 && y < 1);
    assertThat(xs.subList(100, 150).stream().mapToDouble(Double::doubleValue).min()
        .orElseThrow()).isLessThan(0.01);
  }

  @Test
  void truncatedDrawsFollowTheTruncatedDensity() {
    // given: a kernel centred on the lower bound, half of it cut off
    SplittableRandom random = new SplittableRandom(3);

    // when
    int below = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double x = TruncatedNormal.sample(random, 0, 1, 0, 10);
      assertThat(x).isGreaterThan(0).isLessThan(10);
      below += x < 1 ? 1 : 0;
    }

    // then: P(X < 1 | X > 0) for a standard normal is 0.6827
    assertThat(below / (double) n).isCloseTo(0.6827, within(0.01));
  }
}
