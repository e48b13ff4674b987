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

/** The GP behind {@code bayes}: a sound posterior, a sound acquisition, reproducible choices. */
class GaussianProcessTest {
  static final String SPACE = "\"parameters\": {\"x\": {\"min\": -5.0, \"max\": 10.0},"
      + " \"y\": {\"min\": 0.0, \"max\": 15.0}}";

  static SweepSpec spec(String method, int cap) throws Exception {
    return SweepSpec.parse(Json.parse("{\"method\": \"" + method + "\", \"metric\": {\"name\":"
        + " \"f\", \"goal\": \"minimize\"}, \"run_cap\": " + cap + ", " + SPACE + "}"));
  }

  @Test
  void posteriorInterpolatesNoiselessObservations() {
    // given: a smooth function observed at 12 points in the unit square
    Sample sample = Sample.noiseless(1, 12);
    double[][] x = sample.x();
    double[] targets = sample.targets();

    // when
    GaussianProcess gp = GpFit.fit(x, targets, GpFit.MIN_NOISE);

    // then: it learnt that there is next to no noise, and passes through the data
    assertThat(gp.noiseRatio()).isLessThan(1e-3);
    for (int i = 0; i < x.length; i++) {
      double[] posterior = gp.predict(x[i]);
      assertThat(posterior[0]).isCloseTo(targets[i], within(0.05));
      assertThat(posterior[1]).isLessThan(0.01);
    }
    assertThat(gp.predict(new double[] {5, 5})[1]).as("far from the data: the prior")
        .isGreaterThan(0.1);
  }

  @Test
  void theFitFindsNoLessNoiseThanItsFloorAndANarrowedSweepsFloorIsLower() {
    // given: noiseless observations, whose likelihood rises as the noise falls
    Sample sample = Sample.noiseless(3, 20);

    // when: fitted with a whole-space sweep's floor and with a narrowed sweep's
    double whole = GpFit.fit(sample.x(), sample.targets(), GpBayes.noiseFloor(false))
        .noiseRatio();
    double narrowed = GpFit.fit(sample.x(), sample.targets(), GpBayes.noiseFloor(true))
        .noiseRatio();

    // then: each fit goes down to its own floor and no further (exp(log(floor)) may round)
    assertThat(whole).isBetween(0.999 * GpFit.MIN_NOISE, 2 * GpFit.MIN_NOISE);
    assertThat(narrowed).isBetween(0.999 * GpFit.REFINING_MIN_NOISE,
        2 * GpFit.REFINING_MIN_NOISE);
  }

  @Test
  void expectedImprovementIsNeverNegative() {
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 10_000; i++) {
      double best = random.nextDouble(-3, 3);
      double mean = random.nextDouble(-30, 30);
      double variance = random.nextInt(10) == 0 ? 0 : Math.pow(10, random.nextDouble(-12, 2));
      assertThat(EiSearch.expectedImprovement(best, mean, variance)).isGreaterThanOrEqualTo(0);
    }
    assertThat(EiSearch.expectedImprovement(0, 1, 0)).isZero();
    assertThat(EiSearch.expectedImprovement(0, -1, 0)).isEqualTo(1);
    assertThat(EiSearch.expectedImprovement(0, 0, 1)).isCloseTo(0.3989, within(1e-4));
  }

  @Test
  void suggestionsAreDeterministicForASeedAndDifferAcrossSeeds() throws Exception {
    // given: the same 12 observations
    SweepSpec spec = spec("bayes", 40);
    List<Suggester.Observation> seen = observations(spec, 12);
    SearchHistory history = SearchHistory.sequential(seen, SearchSetup.DEFAULT);

    // when
    Map<String, JsonNode> a = Suggester.suggest(spec, 7, 12, history).orElseThrow();
    Map<String, JsonNode> b = Suggester.suggest(spec, 7, 12, history).orElseThrow();
    Map<String, JsonNode> c = Suggester.suggest(spec, 8, 12, history).orElseThrow();

    // then
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void aTrialInFlightIsNotSuggestedAgainByTheNextAgent() throws Exception {
    // given: what one agent would be told next
    SweepSpec spec = spec("bayes", 40);
    List<Suggester.Observation> seen = observations(spec, 12);
    Map<String, JsonNode> first = Suggester.suggest(spec, 3, 12,
        SearchHistory.sequential(seen, SearchSetup.DEFAULT)).orElseThrow();
    List<Map<String, JsonNode>> suggested = new ArrayList<>();
    seen.forEach(o -> suggested.add(o.values()));
    suggested.add(first);

    // when: a second agent asks while that trial runs
    Map<String, JsonNode> second = Suggester.suggest(spec, 3, 13, new SearchHistory(suggested,
        seen, List.of(first), SearchSetup.DEFAULT)).orElseThrow();

    // then: the Kriging believer has pushed it elsewhere
    double dx = (second.get("x").asDouble() - first.get("x").asDouble()) / 15;
    double dy = (second.get("y").asDouble() - first.get("y").asDouble()) / 15;
    assertThat(Math.hypot(dx, dy)).isGreaterThan(0.01);
  }

  @Test
  void failedTrialsCountAsTheWorstSoTheSearchAvoidsThem() throws Exception {
    // given: every trial with y > 7.5 failed (NaN), the others are all equally good
    SweepSpec spec = spec("bayes", 60);
    List<Suggester.Observation> seen = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 30; i++) {
      Map<String, JsonNode> v = Suggester.prior(spec, random);
      seen.add(new Suggester.Observation(v, v.get("y").asDouble() > 7.5 ? Double.NaN
          : 1 + 0.01 * v.get("y").asDouble()));
    }

    // when
    int inFailedHalf = 0;
    for (int seed = 0; seed < 10; seed++) {
      Map<String, JsonNode> next = Suggester.suggest(spec, seed, 30,
          SearchHistory.sequential(seen, SearchSetup.DEFAULT)).orElseThrow();
      inFailedHalf += next.get("y").asDouble() > 7.5 ? 1 : 0;
    }

    // then
    assertThat(inFailedHalf).isLessThanOrEqualTo(1);
  }

  static List<Suggester.Observation> observations(SweepSpec spec, int n) {
    SplittableRandom random = new SplittableRandom(4);
    List<Suggester.Observation> seen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, JsonNode> v = Suggester.prior(spec, random);
      seen.add(new Suggester.Observation(v, TpeTest.branin(v.get("x").asDouble(),
          v.get("y").asDouble())));
    }
    return seen;
  }

  /** A smooth function observed without noise at random points of the unit square. */
  private record Sample(double[][] x, double[] targets) {
    static Sample noiseless(long seed, int n) {
      SplittableRandom random = new SplittableRandom(seed);
      double[][] x = new double[n][2];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = new double[] {random.nextDouble(), random.nextDouble()};
        y[i] = Math.sin(4 * x[i][0]) + x[i][1] * x[i][1];
      }
      return new Sample(x, OutputWarping.standardise(y));
    }
  }
}
