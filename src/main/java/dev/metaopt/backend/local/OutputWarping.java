package dev.metaopt.backend.local;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Makes the losses look Gaussian before the process sees them: standardise, then a Yeo-Johnson
 * power transform whose exponent maximises the likelihood of the result (Yeo &amp; Johnson
 * 2000; scikit-learn's {@code PowerTransformer}, which fits it with Brent's method on
 * {@code [-2, 2]}), then standardise again. HEBO (Cowen-Rivers et al. 2022, "HEBO: pushing the
 * limits of sample-efficient hyperparameter optimisation") showed this output warping matters:
 * a metric spanning orders of magnitude (a loss that explodes far from the optimum) otherwise
 * leaves the process blind to the differences that matter near the best trials. The transform
 * is monotone, so the best trial stays the best; with an exponent near 1 it is the identity.
 */
final class OutputWarping {
  private OutputWarping() {}

  /** The warped, standardised values of {@code losses} (same order). */
  static double[] warp(double[] losses) {
    double[] z = standardise(losses);
    double lambda = new BrentOptimizer(1e-6, 1e-8).optimize(new MaxEval(100),
        GoalType.MAXIMIZE, new UnivariateObjectiveFunction(l -> logLikelihood(z, l)),
        new SearchInterval(-2, 2, 1)).getPoint();
    double[] warped = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      warped[i] = yeoJohnson(z[i], lambda);
    }
    return standardise(warped);
  }

  static double yeoJohnson(double y, double lambda) {
    if (y >= 0) {
      return Math.abs(lambda) < 1e-9 ? Math.log1p(y) : (Math.pow(y + 1, lambda) - 1) / lambda;
    }
    return Math.abs(lambda - 2) < 1e-9 ? -Math.log1p(-y)
        : -(Math.pow(1 - y, 2 - lambda) - 1) / (2 - lambda);
  }

  /** Gaussian log-likelihood of the transformed values plus the transform's log-Jacobian. */
  static double logLikelihood(double[] y, double lambda) {
    int n = y.length;
    double mean = 0;
    double[] t = new double[n];
    double jacobian = 0;
    for (int i = 0; i < n; i++) {
      t[i] = yeoJohnson(y[i], lambda);
      mean += t[i] / n;
      jacobian += Math.signum(y[i]) * Math.log1p(Math.abs(y[i]));
    }
    double variance = 0;
    for (double v : t) {
      variance += (v - mean) * (v - mean) / n;
    }
    return -0.5 * n * Math.log(Math.max(variance, 1e-300)) + (lambda - 1) * jacobian;
  }

  /** Zero mean, unit deviation (plus W&B's 1e-6 so constant losses stay finite). */
  static double[] standardise(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v / values.length;
    }
    double variance = 0;
    for (double v : values) {
      variance += (v - mean) * (v - mean) / values.length;
    }
    double spread = Math.sqrt(variance) + 1e-6;
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (values[i] - mean) / spread;
    }
    return out;
  }
}
