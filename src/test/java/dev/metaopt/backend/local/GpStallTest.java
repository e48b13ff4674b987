package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A GP sweep that re-measures near-copies of its incumbent without improving it is told apart
 * from one that converges, and takes one exploratory step ({@link GpStall}).
 */
class GpStallTest {
  /** One dimension: the failures that make a stall are 4 × max(4, 1). */
  private static final int TOLERANCE = 16;

  @Test
  void aSweepThatKeepsRemeasuringItsIncumbentStepsAwayFromIt() throws Exception {
    // given: 9 spread trials of a loss falling to the bound x = 1, then 16 near-copies of the
    // best one that do not improve it, as a sweep suggesting beside its incumbent leaves them
    List<Suggester.Observation> seen = spread();
    seen.addAll(nearCopies(TOLERANCE));

    // when: the sweep suggests its next trial
    double next = suggest(seen);

    // then: away from the incumbent's near-copies, but around it (the EI search's local scale)
    assertThat(Math.abs(next - 1)).isGreaterThan(GpStall.NEIGHBOURHOOD).isLessThan(0.3);
  }

  @Test
  void aSweepStillRefiningItsIncumbentIsLeftAlone() throws Exception {
    // given: one near-copy fewer than a stall, or a stall broken by one step away from the
    // incumbent, or by a near-copy that improves it by more than TuRBO's 1e-3 of its value
    List<Suggester.Observation> refining = spread();
    refining.addAll(nearCopies(TOLERANCE - 1));
    List<Suggester.Observation> steppedAway = spread();
    steppedAway.addAll(nearCopies(8));
    steppedAway.add(observation(0.4));
    steppedAway.addAll(nearCopies(8));
    List<Suggester.Observation> improving = spread();
    improving.addAll(nearCopies(8));
    improving.add(new Suggester.Observation(values(0.9995), -0.01));
    improving.addAll(nearCopies(8));

    // then: no stall in any of them
    for (List<Suggester.Observation> seen : List.of(refining, steppedAway, improving)) {
      assertThat(GpStall.stuck(space(), points(seen), losses(seen))).isFalse();
    }
    assertThat(GpStall.failuresInARow(space(), points(steppedAway), losses(steppedAway)))
        .isEqualTo(8);
    assertThat(GpStall.failuresInARow(space(), points(improving), losses(improving)))
        .isEqualTo(8);
    // and the refining sweep gets the EI search's suggestion: another near-copy (what a
    // stalled sweep got before the rule)
    assertThat(Math.abs(suggest(refining) - 1)).isLessThan(GpStall.NEIGHBOURHOOD);
  }

  @Test
  void aStallThatGoesOnEarnsOneExploratoryStepPerTolerance() throws Exception {
    for (int copies : new int[] {TOLERANCE - 1, TOLERANCE, TOLERANCE + 1, 2 * TOLERANCE}) {
      List<Suggester.Observation> seen = spread();
      seen.addAll(nearCopies(copies));
      assertThat(GpStall.stuck(space(), points(seen), losses(seen))).as("%d copies", copies)
          .isEqualTo(copies % TOLERANCE == 0);
    }
  }

  @Test
  void failedTrialsCountAsFailuresAndOtherCategoriesAsStepsAway() throws Exception {
    SweepSpec spec = SweepSpec.parse(Json.parse("{\"method\": \"bayes\", \"metric\": {\"name\":"
        + " \"f\", \"goal\": \"minimize\"}, \"parameters\": {\"x\": {\"min\": 0.0, \"max\": 1.0},"
        + " \"c\": {\"values\": [\"a\", \"b\"]}}}"));
    SearchSpace space = new SearchSpace(spec);
    List<double[]> points = new ArrayList<>(List.of(space.encode(values(0.2, "b")),
        space.encode(values(1.0, "a"))));
    List<Double> losses = new ArrayList<>(List.of(1.0, 0.0));
    for (int i = 0; i < 3; i++) { // three near-copies, the second one failed
      points.add(space.encode(values(1.0 - 1e-4 * (i + 1), "a")));
      losses.add(i == 1 ? Double.NaN : 0.5);
    }
    assertThat(GpStall.failuresInARow(space, points, losses)).isEqualTo(3);
    points.add(space.encode(values(1.0, "b")));
    losses.add(0.5);
    assertThat(GpStall.failuresInARow(space, points, losses)).isZero();
  }

  /** {@code x ∈ [0, 1]}, loss {@code 1 − x}: the best trials lie at the bound. */
  private static SweepSpec spec() throws Exception {
    return SweepSpec.parse(Json.parse("{\"method\": \"bayes\", \"metric\": {\"name\": \"f\","
        + " \"goal\": \"minimize\"}, \"run_cap\": 100, \"parameters\": {\"x\": {\"min\": 0.0,"
        + " \"max\": 1.0}}}"));
  }

  private static SearchSpace space() throws Exception {
    return new SearchSpace(spec());
  }

  private static List<Suggester.Observation> spread() {
    List<Suggester.Observation> seen = new ArrayList<>();
    for (int i = 0; i <= 8; i++) {
      seen.add(observation(i / 8.0));
    }
    return seen;
  }

  /** Points 1e-4 apart just inside x = 1, none better than the trial at 1. */
  private static List<Suggester.Observation> nearCopies(int n) {
    List<Suggester.Observation> copies = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      copies.add(observation(1 - 1e-4 * i));
    }
    return copies;
  }

  private static Suggester.Observation observation(double x) {
    return new Suggester.Observation(values(x), 1 - x);
  }

  private static Map<String, JsonNode> values(double x) {
    return Map.of("x", DoubleNode.valueOf(x));
  }

  private static Map<String, JsonNode> values(double x, String c) {
    return Map.of("x", DoubleNode.valueOf(x), "c", TextNode.valueOf(c));
  }

  private static double suggest(List<Suggester.Observation> seen) throws Exception {
    List<Map<String, JsonNode>> ranked = GpBayes.candidates(spec(), new SplittableRandom(7),
        SearchHistory.sequential(seen, SearchSetup.DEFAULT));
    return ranked.get(0).get("x").asDouble();
  }

  private static List<double[]> points(List<Suggester.Observation> seen) throws Exception {
    List<double[]> points = new ArrayList<>();
    for (Suggester.Observation o : seen) {
      points.add(space().encode(o.values()));
    }
    return points;
  }

  private static List<Double> losses(List<Suggester.Observation> seen) {
    return seen.stream().map(Suggester.Observation::metric).toList();
  }
}
