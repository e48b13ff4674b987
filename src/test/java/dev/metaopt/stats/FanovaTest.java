package dev.metaopt.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * fANOVA on a random forest recovers known variance decompositions of functions sampled on a
 * grid of the unit square (plus a noise feature that does nothing).
 */
class FanovaTest {
  private static double[] importance(ToDoubleFunction<double[]> f) {
    int n = 12;
    double[][] x = new double[n * n][];
    double[] y = new double[n * n];
    int i = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        x[i] = new double[] {(a + 0.5) / n, (b + 0.5) / n, ((a * 7 + b * 3) % n + 0.5) / n};
        y[i] = f.applyAsDouble(x[i]);
        i++;
      }
    }
    RegressionForest forest = RegressionForest.fit(x, y, 1);
    return Fanova.mainEffects(forest, new double[] {0, 0, 0}, new double[] {1, 1, 1});
  }

  @Test
  void additiveFunctionSplitsVarianceByEachTermsVariance() {
    // given y = 2·x0 + x1: Var(2·x0) = 4/12, Var(x1) = 1/12, so shares 0.8 and 0.2
    double[] importance = importance(x -> 2 * x[0] + x[1]);

    // then
    assertThat(importance[0]).isCloseTo(0.8, within(0.08));
    assertThat(importance[1]).isCloseTo(0.2, within(0.08));
    assertThat(importance[2]).isLessThan(0.05);
  }

  @Test
  void aPureInteractionHasNoMainEffects() {
    // given y = (x0 − ½)(x1 − ½): each marginal is flat, all variance is interaction
    double[] importance = importance(x -> (x[0] - 0.5) * (x[1] - 0.5));

    // then
    assertThat(importance[0] + importance[1] + importance[2]).isLessThan(0.15);
  }

  @Test
  void aStepInOneFeatureIsAllItsOwn() {
    // given
    double[] importance = importance(x -> x[1] > 0.3 ? 1.0 : 0.0);

    // then
    assertThat(importance[1]).isCloseTo(1.0, within(0.05));
    assertThat(importance[0]).isLessThan(0.05);
  }

  @Test
  void theForestPredictsWhatItWasFitOnAndIsDeterministic() {
    // given
    double[][] x = {{0}, {1}, {2}, {3}};
    double[] y = {0, 1, 4, 9};

    // when
    RegressionForest a = RegressionForest.fit(x, y, 5);
    RegressionForest b = RegressionForest.fit(x, y, 5);

    // then
    assertThat(a.predict(new double[] {3})).isEqualTo(b.predict(new double[] {3}));
    assertThat(a.predict(new double[] {3})).isGreaterThan(a.predict(new double[] {0}));
  }
}
