package dev.metaopt.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One test per learnings rule, each on a constructed trial table whose truth is known, checking
 * that every claim in the sentence holds: the parameter named, the sign, "better" for the
 * objective's direction, bounds, means and counts.
 */
class LearningsTest {
  private final ArrayNode trials = Json.mapper().createArrayNode();

  private void trial(String id, String state, double metric, String config) throws Exception {
    ObjectNode t = trials.addObject();
    t.put("run_id", id);
    t.put("state", state);
    t.set("config", Json.parse(config));
    if (Double.isNaN(metric)) {
      t.putNull("metric");
    } else {
      t.put("metric", metric);
    }
  }

  private Learnings learnings(boolean maximize) {
    return new Learnings(TrialTable.of(trials, maximize), "val/loss", maximize);
  }

  @Test
  void strongestEffectNamesTheParameterWithTheLargestRankCorrelationAndSaysWhatBetterMeans()
      throws Exception {
    // given: loss rises with lr exactly (ρ = 1); hidden is shuffled (|ρ| < 1)
    double[] lr = {0.001, 0.01, 0.1, 0.3, 1.0};
    int[] hidden = {16, 4, 64, 8, 32};
    for (int i = 0; i < lr.length; i++) {
      trial("t" + i, "finished", 0.2 + 0.1 * i,
          "{\"lr\": " + lr[i] + ", \"hidden\": " + hidden[i] + "}");
    }

    // when
    String minimize = learnings(false).strongestMonotoneEffect().orElseThrow();
    String maximize = learnings(true).strongestMonotoneEffect().orElseThrow();

    // then: lr has ρ = 1.00; higher lr → higher loss, worse when lower is better
    double rhoHidden = Spearman.rho(new double[] {16, 4, 64, 8, 32},
        new double[] {0.2, 0.3, 0.4, 0.5, 0.6});
    assertThat(Math.abs(rhoHidden)).isLessThan(1.0);
    assertThat(minimize).startsWith("lr had the strongest monotone effect on val/loss"
        + " (lower is better): Spearman ρ = 1.00 over 5 finished trials, so higher lr went with"
        + " higher val/loss (worse); best run has lr=0.001");
    // the same table read for a maximize objective: higher is better, best is the last trial
    assertThat(maximize).contains("(higher is better)", "higher val/loss (better)",
        "best run has lr=1");
  }

  @Test
  void noEffectIsClaimedBelowTheCorrelationThresholdOrWithFewerThanThreeTrials()
      throws Exception {
    // given: two trials only
    trial("a", "finished", 0.1, "{\"lr\": 0.1}");
    trial("b", "finished", 0.2, "{\"lr\": 0.2}");

    // then
    assertThat(learnings(false).strongestMonotoneEffect()).isEmpty();
  }

  @Test
  void aBestValueIsAtTheBoundOnlyWhenItEqualsItAndInTheLowest10PercentOtherwise()
      throws Exception {
    // given: the user's case, best hidden=9 in int range [4, 64]; and lr exactly at its max
    trial("best", "finished", 0.1, "{\"hidden\": 9, \"lr\": 0.1}");
    trial("other", "finished", 0.5, "{\"hidden\": 40, \"lr\": 0.01}");
    JsonNode swept = Json.parse("{\"hidden\": {\"distribution\": \"int_uniform\", \"min\": 4,"
        + " \"max\": 64}, \"lr\": {\"distribution\": \"log_uniform_values\", \"min\": 0.0001,"
        + " \"max\": 0.1}}");

    // when
    List<String> notes = learnings(false).bestAtEdges(swept);

    // then: 9 is not the bound 4 — it lies at (9-4)/60 = 8% of the range
    assertThat((9 - 4) / 60.0).isLessThanOrEqualTo(Learnings.EDGE);
    assertThat(notes).containsExactly(
        "best hidden=9 lies in the lowest 10% of [4, 64]",
        "best lr=0.1 is at the upper bound of [0.0001, 0.1] (log scale): better values may lie"
            + " above it; widen upward");
    assertThat(notes).noneMatch(n -> n.contains("hidden=9 is at the lower bound"));
  }

  @Test
  void aBestValueInsideItsRangeGivesNoEdgeNote() throws Exception {
    // given: 0.01 sits at the log-scale middle of [0.0001, 1]
    trial("best", "finished", 0.1, "{\"lr\": 0.01}");

    // then
    assertThat(learnings(false).bestAtEdges(Json.parse("{\"lr\": {\"distribution\":"
        + " \"log_uniform_values\", \"min\": 0.0001, \"max\": 1}}"))).isEmpty();
  }

  @Test
  void categoricalComparisonPutsTheBetterMeanFirstForTheObjectivesDirection() throws Exception {
    // given: relu mean (0.2+0.4)/2 = 0.3 over 2; tanh mean (0.6+0.8+1.0)/3 = 0.8 over 3
    trial("a", "finished", 0.2, "{\"act\": \"relu\"}");
    trial("b", "finished", 0.4, "{\"act\": \"relu\"}");
    trial("c", "finished", 0.6, "{\"act\": \"tanh\"}");
    trial("d", "finished", 0.8, "{\"act\": \"tanh\"}");
    trial("e", "finished", 1.0, "{\"act\": \"tanh\"}");

    // when
    List<String> minimize = learnings(false).categoricalComparisons();
    List<String> maximize = learnings(true).categoricalComparisons();

    // then
    assertThat(minimize).containsExactly("act=relu did best on val/loss (lower is better):"
        + " mean 0.3 over 2 trials, vs tanh 0.8 over 3 trials");
    assertThat(maximize).containsExactly("act=tanh did best on val/loss (higher is better):"
        + " mean 0.8 over 3 trials, vs relu 0.3 over 2 trials");
  }

  @Test
  void failuresAreCountedByReasonMostCommonFirst() throws Exception {
    // given: 2 exit-code failures, 1 idle kill, 1 finished, 1 still running (not a failure)
    trial("ok", "finished", 0.3, "{}");
    trial("f1", "failed", Double.NaN, "{}");
    ((ObjectNode) trials.get(1)).put("reason", "exit code 1");
    trial("f2", "failed", Double.NaN, "{}");
    ((ObjectNode) trials.get(2)).put("reason", "exit code 1");
    trial("k", "killed", Double.NaN, "{}");
    ((ObjectNode) trials.get(3)).put("reason", "idle");
    trial("r", "running", Double.NaN, "{}");

    // when
    Optional<String> note = learnings(false).failures();

    // then
    assertThat(note).contains("3 of 4 trials ended without a result: exit code 1 (2 trials),"
        + " idle (1 trial); first: f1 (see its stderr.log, or 'metaopt trials')");
  }

  @Test
  void numbersInLearningsAreRoundedForPeople() throws Exception {
    // given
    trial("a", "finished", 0.22353552414707087, "{\"act\": \"relu\"}");
    trial("b", "finished", 0.7026123, "{\"act\": \"tanh\"}");

    // then
    assertThat(learnings(false).categoricalComparisons().get(0))
        .contains("mean 0.2235 over 1 trial", "tanh 0.7026")
        .doesNotContain("0.22353552414707087");
  }
}
