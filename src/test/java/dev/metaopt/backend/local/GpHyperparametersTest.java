package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the GP's hyperparameters are refitted, and that remembering a fit changes nothing. */
class GpHyperparametersTest {
  @Test
  void refitsAtEverySuggestionUpToTheModelsPointsThenAtEveryFivePercentMore() {
    assertThat(GpHyperparameters.refitPoint(3)).isEqualTo(3);
    assertThat(GpHyperparameters.refitPoint(GpBayes.MAX_POINTS)).isEqualTo(GpBayes.MAX_POINTS);
    assertThat(GpHyperparameters.refitPoint(104)).isEqualTo(100);
    assertThat(GpHyperparameters.refitPoint(105)).isEqualTo(105);
    assertThat(GpHyperparameters.refitPoint(1039)).isEqualTo(1020); // step 51
    assertThat(GpHyperparameters.refitPoint(1040)).isEqualTo(1040); // step 52
    for (int n = 101; n < 6000; n++) {
      int at = GpHyperparameters.refitPoint(n);
      assertThat(at).isLessThanOrEqualTo(n).isGreaterThan(n - GpHyperparameters.refitStep(n));
      assertThat(n - at).as("stale by at most 5%% at %d", n).isLessThanOrEqualTo(n / 20);
    }
  }

  @Test
  void aResumedSweepWithNothingRememberedSuggestsWhatAnUninterruptedOneDoes() throws Exception {
    // given: a sweep that has suggested from 101 to 107 observations in one process
    SweepSpec spec = GaussianProcessTest.spec("bayes", 200);
    List<Suggester.Observation> seen = GaussianProcessTest.observations(spec, 108);
    GpHyperparameters.forget();
    for (int n = 101; n < 108; n++) {
      Suggester.suggest(spec, 3, n, history(seen, n));
    }
    Map<String, JsonNode> uninterrupted = Suggester.suggest(spec, 3, 108, history(seen, 108))
        .orElseThrow();

    // when: a new process (nothing remembered) suggests number 48
    GpHyperparameters.forget();
    Map<String, JsonNode> resumed = Suggester.suggest(spec, 3, 108, history(seen, 108))
        .orElseThrow();

    // then
    assertThat(resumed).isEqualTo(uninterrupted);
  }

  @Test
  void betweenRefitsTheModelUsesTheFitOfTheFirstObservationsOnly() throws Exception {
    // given: 104 observations; the last 4 are past the refit point (100)
    SweepSpec spec = GaussianProcessTest.spec("bayes", 200);
    List<Suggester.Observation> seen = GaussianProcessTest.observations(spec, 104);
    List<Suggester.Observation> changed = new java.util.ArrayList<>(seen);
    for (int i = 100; i < 104; i++) { // values that would move a fit on all 104
      changed.set(i, new Suggester.Observation(seen.get(i).values(), -1000.0 * i));
    }

    // when: suggesting from each, nothing remembered
    GpHyperparameters.forget();
    int fits = GpHyperparameters.fits();
    Suggester.suggest(spec, 1, 104, history(seen, 104));
    Suggester.suggest(spec, 1, 104, history(changed, 104));

    // then: one fit served both, since their first 100 observations are the same
    assertThat(GpHyperparameters.fits() - fits).isEqualTo(1);
  }

  private static SearchHistory history(List<Suggester.Observation> seen, int n) {
    return SearchHistory.sequential(seen.subList(0, n), SearchSetup.DEFAULT);
  }
}
