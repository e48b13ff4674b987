package dev.metaopt.backend.local;

import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Fits the Gaussian process's hyperparameters — one length scale per input and the noise ratio
 * — by maximising the (profiled) log marginal likelihood, type-II maximum likelihood (Rasmussen
 * &amp; Williams 2006, §5.4.1), as scikit-learn's {@code GaussianProcessRegressor} does for W&B's
 * {@code bayes}. The search runs on the logs, inside bounds, with BOBYQA (Powell 2009; Commons
 * Math's {@code BOBYQAOptimizer}) from two starting points, a fixed evaluation budget bounding
 * its cost.
 */
final class GpFit {
  /** Length scales on inputs scaled to [0, 1]: from a hundredth of the range to 20 ranges. */
  static final double MIN_LENGTH = 0.01;
  static final double MAX_LENGTH = 20;
  /**
   * Noise variance relative to the signal's: from a floor to as large as it. The floor is
   * {@link #MIN_NOISE} for a sweep over its whole space and {@link #REFINING_MIN_NOISE} for a
   * narrowed one ({@link GpBayes#noiseFloor} says why).
   */
  static final double MIN_NOISE = 1e-6;
  static final double REFINING_MIN_NOISE = 1e-8;
  static final double MAX_NOISE = 1;
  private static final int EVALUATIONS = 80;
  /**
   * Observations the hyperparameters are fitted on: evenly spaced over the history, so early
   * (spread out) and recent (concentrated) trials both inform the length scales; the posterior
   * itself is then conditioned on every kept observation.
   */
  static final int FIT_POINTS = 40;

  private GpFit() {}

  /**
   * The best-fitting process for standardised {@code targets} at {@code inputs}, its noise
   * ratio no lower than {@code minNoise}.
   */
  static GaussianProcess fit(double[][] allInputs, double[] allTargets, double minNoise) {
    double[][] inputs = allInputs;
    double[] targets = allTargets;
    if (allInputs.length > FIT_POINTS) {
      inputs = new double[FIT_POINTS][];
      targets = new double[FIT_POINTS];
      for (int i = 0; i < FIT_POINTS; i++) {
        int at = (int) ((long) i * allInputs.length / FIT_POINTS);
        inputs[i] = allInputs[at];
        targets[i] = allTargets[at];
      }
    }
    GaussianProcess fitted = fitHyperparameters(inputs, targets, minNoise);
    return inputs == allInputs ? fitted : GaussianProcess.of(allInputs, allTargets,
        fitted.lengthScales(), fitted.noiseRatio()).orElse(fitted);
  }

  private static GaussianProcess fitHyperparameters(double[][] inputs, double[] targets,
      double minNoise) {
    int features = inputs[0].length;
    double[] low = new double[features + 1];
    double[] high = new double[features + 1];
    Arrays.fill(low, Math.log(MIN_LENGTH));
    Arrays.fill(high, Math.log(MAX_LENGTH));
    low[features] = Math.log(minNoise);
    high[features] = Math.log(MAX_NOISE);
    GaussianProcess best = null;
    for (double[] start : new double[][] {start(features, 0.3, 1e-4),
        start(features, 1.0, 1e-2)}) {
      GaussianProcess fitted = maximise(inputs, targets, start, low, high);
      if (fitted != null && (best == null || fitted.logLikelihood() > best.logLikelihood())) {
        best = fitted;
      }
    }
    if (best == null) { // every fit failed numerically: a smooth, noisy fallback
      return GaussianProcess.of(inputs, targets, filled(features, 0.5), 0.1).orElseThrow();
    }
    return best;
  }

  private static GaussianProcess maximise(double[][] inputs, double[] targets, double[] start,
      double[] low, double[] high) {
    int parameters = start.length;
    double[][] best = {start.clone()};
    double[] bestValue = {Double.NEGATIVE_INFINITY};
    ObjectiveFunction objective = new ObjectiveFunction(theta -> {
      double value = build(inputs, targets, theta).map(GaussianProcess::logLikelihood)
          .orElse(-1e300);
      if (value > bestValue[0]) {
        bestValue[0] = value;
        best[0] = theta.clone();
      }
      return value;
    });
    try {
      new BOBYQAOptimizer(2 * parameters + 1, 0.5, 1e-2).optimize(new MaxEval(EVALUATIONS),
          objective, GoalType.MAXIMIZE, new InitialGuess(start), new SimpleBounds(low, high));
    } catch (MathIllegalStateException e) {
      // the evaluation budget is spent: the best point evaluated so far is the fit
    }
    return build(inputs, targets, best[0]).orElse(null);
  }

  private static Optional<GaussianProcess> build(double[][] inputs, double[] targets,
      double[] theta) {
    int features = theta.length - 1;
    double[] lengths = new double[features];
    for (int k = 0; k < features; k++) {
      lengths[k] = Math.exp(theta[k]);
    }
    return GaussianProcess.of(inputs, targets, lengths, Math.exp(theta[features]));
  }

  private static double[] start(int features, double length, double noise) {
    double[] theta = filled(features + 1, Math.log(length));
    theta[features] = Math.log(noise);
    return theta;
  }

  private static double[] filled(int n, double value) {
    double[] a = new double[n];
    Arrays.fill(a, value);
    return a;
  }
}
