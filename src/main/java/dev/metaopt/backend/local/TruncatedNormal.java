package dev.metaopt.backend.local;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * The Gaussian kernel truncated to the search interval, as Optuna's TPE builds it
 * ({@code optuna/samplers/_tpe/probability_distributions.py},
 * {@code _BatchedTruncNormDistributions}; {@code _truncnorm.py}): its density integrates to 1 over {@code [low, high]}, so a kernel near
 * a bound neither leaks mass outside nor piles it on the bound, and draws never land on a bound.
 */
final class TruncatedNormal {
  private static final double SQRT2 = Math.sqrt(2);
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  /** Floor for probabilities, as Optuna's {@code EPS}: far tails give a finite log. */
  private static final double TINY = 1e-300;

  private TruncatedNormal() {}

  /** {@code log(Φ(b) - Φ(a))} for standardised bounds {@code a < b}. */
  static double logMass(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY && b == Double.POSITIVE_INFINITY) {
      return 0;
    }
    // erf(x1, x2) switches to erfc in the tails, where erf(x2) - erf(x1) would cancel
    double mass = 0.5 * Erf.erf(a / SQRT2, b / SQRT2);
    return Math.log(Math.max(mass, TINY));
  }

  /** Log density at {@code x} of {@code N(mu, sigma)} truncated to {@code [low, high]}. */
  static double logPdf(double x, double mu, double sigma, double low, double high) {
    if (x < low || x > high) {
      return Math.log(TINY);
    }
    double z = (x - mu) / sigma;
    return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma)
        - logMass((low - mu) / sigma, (high - mu) / sigma);
  }

  /** Log of the kernel's mass on {@code [from, to]} relative to that on {@code [low, high]}. */
  static double logCellMass(double from, double to, double mu, double sigma, double low,
      double high) {
    double a = (Math.max(from, low) - mu) / sigma;
    double b = (Math.min(to, high) - mu) / sigma;
    return logMass(a, b) - logMass((low - mu) / sigma, (high - mu) / sigma);
  }

  /**
   * A draw by inversion of the CDF between the bounds; strictly inside a bounded interval,
   * since a value exactly on a bound is one the prior almost never gives.
   */
  static double sample(SplittableRandom random, double mu, double sigma, double low,
      double high) {
    double a = (low - mu) / sigma;
    double b = (high - mu) / sigma;
    if (a > 0) { // both bounds in the upper tail: draw the mirror image, where Φ is precise
      return 2 * mu - sample(random, mu, sigma, 2 * mu - high, 2 * mu - low);
    }
    double pa = cdf(a);
    double pb = cdf(b);
    double u = pa + random.nextDouble() * (pb - pa);
    double z = u <= 0 ? a : -SQRT2 * Erf.erfcInv(2 * u);
    double x = mu + sigma * Math.max(a, Math.min(b, z));
    if (x <= low) {
      x = Math.nextUp(low);
    } else if (x >= high) {
      x = Math.nextDown(high);
    }
    return x;
  }

  /** Standard normal CDF. */
  static double cdf(double z) {
    return 0.5 * Erf.erfc(-z / SQRT2);
  }

  /** Standard normal density. */
  static double pdf(double z) {
    return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
  }
}
