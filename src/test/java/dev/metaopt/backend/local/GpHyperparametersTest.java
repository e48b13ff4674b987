package dev.metaopt.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the GP's hyperparameters are refitted, and that remembering a fit changes nothing. */
class GpHyperparametersTest {
  @Test
  void refitsAtEveryObservationUpToTheFitPointsThenEveryTenth() {
    int f = GpFit.FIT_POINTS;
    assertThat(GpHyperparameters.refitPoint(3)).isEqualTo(3);
    assertThat(GpHyperparameters.refitPoint(f)).isEqualTo(f);
    assertThat(GpHyperparameters.refitPoint(f + 1)).isEqualTo(f);
    assertThat(GpHyperparameters.refitPoint(f + GpHyperparameters.REFIT_EVERY - 1)).isEqualTo(f);
    assertThat(GpHyperparameters.refitPoint(f + GpHyperparameters.REFIT_EVERY))
        .isEqualTo(f + GpHyperparameters.REFIT_EVERY);
    assertThat(GpHyperparameters.refitPoint(1003)).isEqualTo(1000);
  }

  @Test
  void aResumedSweepWithNothingRememberedSuggestsWhatAnUninterruptedOneDoes() throws Exception {
    // given: a sweep that has suggested from 41 to 47 observations in one process
    SweepSpec spec = GaussianProcessTest.spec("bayes", 100);
    List<Suggester.Observation> seen = GaussianProcessTest.observations(spec, 48);
    GpHyperparameters.forget();
    for (int n = 41; n < 48; n++) {
      Suggester.suggest(spec, 3, n, history(seen, n));
    }
    Map<String, JsonNode> uninterrupted = Suggester.suggest(spec, 3, 48, history(seen, 48))
        .orElseThrow();

    // when: a new process (nothing remembered) suggests number 48
    GpHyperparameters.forget();
    Map<String, JsonNode> resumed = Suggester.suggest(spec, 3, 48, history(seen, 48))
        .orElseThrow();

    // then
    assertThat(resumed).isEqualTo(uninterrupted);
  }

  @Test
  void betweenRefitsTheModelUsesTheFitOfTheFirstObservationsOnly() throws Exception {
    // given: 45 observations; the last 5 are past the refit point (40)
    SweepSpec spec = GaussianProcessTest.spec("bayes", 100);
    List<Suggester.Observation> seen = GaussianProcessTest.observations(spec, 45);
    List<Suggester.Observation> changed = new java.util.ArrayList<>(seen);
    for (int i = 40; i < 45; i++) { // values that would move a fit on all 45
      changed.set(i, new Suggester.Observation(seen.get(i).values(), 1000.0 * i));
    }

    // when: fitting from scratch on each, and on the first 40 only
    GpHyperparameters.forget();
    int fits = GpHyperparameters.fits();
    Suggester.suggest(spec, 1, 45, history(seen, 45));
    Suggester.suggest(spec, 1, 45, history(changed, 45));

    // then: one fit served both, since their first 40 observations are the same
    assertThat(GpHyperparameters.fits() - fits).isEqualTo(1);
  }

  private static SearchHistory history(List<Suggester.Observation> seen, int n) {
    return SearchHistory.sequential(seen.subList(0, n), SearchSetup.DEFAULT);
  }
}
