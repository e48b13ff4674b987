package dev.metaopt.backend.local;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Parzen estimator over some dimensions: a weighted mixture with one product kernel per
 * observation plus one prior kernel (Watanabe 2023, "Tree-structured Parzen estimator:
 * understanding its algorithm components", §3; Optuna's {@code _ParzenEstimator},
 * {@code optuna/samplers/_tpe/parzen_estimator.py}). Kernels are, per dimension:
 * <ul>
 *   <li>continuous: a Gaussian truncated to the interval ({@link TruncatedNormal});</li>
 *   <li>integer: the same Gaussian over {@code [min - 0.5, max + 0.5]}, its mass on the cell of
 *       each integer being that integer's probability (Optuna's
 *       {@code _BatchedDiscreteTruncNormDistributions});</li>
 *   <li>categorical: Optuna's kernel, {@code prior_weight / (n + 1)} on every choice plus 1 on the
 *       observed one, normalised ({@code _calculate_categorical_distributions}).</li>
 * </ul>
 */
final class ParzenEstimator {
  /**
   * Smallest kernel width as a fraction of the range: Watanabe's recommended minimum bandwidth
   * factor 0.03, together with "magic clipping" {@code 1 / kernels^2} (exponent 2), whichever is
   * larger (nabenabe0928/tpe, branch single-opt, {@code scripts/run_tpe_runtime.py}:
   * {@code min_bandwidth_factor=0.03, magic_clip=True, magic_clip_exponent=2.0}).
   */
  static final double MIN_BANDWIDTH_FACTOR = 0.03;

  private final List<Dimension> dims;
  private final double[] logWeights;
  private final double[][] mus;     // [kernel][dim]; categorical dims unused
  private final double[][] sigmas;  // [kernel][dim]
  private final double[][] logNorm; // [kernel][dim]: log mass of the kernel inside the interval
  private final double[][][] categorical; // [dim][kernel][choice] probabilities

  /**
   * {@code points[i]} are the model coordinates of observation {@code i} on {@code dims};
   * {@code weights[i]} its weight; the prior kernel gets {@code priorWeight}.
   */
  ParzenEstimator(List<Dimension> dims, double[][] points, double[] weights, double priorWeight) {
    this.dims = dims;
    int n = points.length;
    int kernels = n + 1;
    double total = priorWeight;
    for (double w : weights) {
      total += w;
    }
    logWeights = new double[kernels];
    for (int i = 0; i < n; i++) {
      logWeights[i] = Math.log(weights[i] / total);
    }
    logWeights[n] = Math.log(priorWeight / total);
    mus = new double[kernels][dims.size()];
    sigmas = new double[kernels][dims.size()];
    logNorm = new double[kernels][dims.size()];
    categorical = new double[dims.size()][][];
    for (int d = 0; d < dims.size(); d++) {
      Dimension dim = dims.get(d);
      double[] column = new double[n];
      for (int i = 0; i < n; i++) {
        column[i] = points[i][d];
      }
      if (dim.type() == Dimension.Type.CATEGORICAL) {
        categorical[d] = categoricalKernels(dim, column);
      } else {
        numericKernels(d, dim, column);
      }
    }
  }

  /**
   * Centers at the observations and the prior at the middle of the range; widths by the
   * hyperopt rule, the larger distance to a sorted neighbour with the bounds counted as
   * neighbours (Bergstra et al. 2011, §4; hyperopt {@code adaptive_parzen_normal}; Watanabe's
   * {@code heuristic="hyperopt"}, i.e. Optuna's {@code consider_endpoints=True}), clipped to
   * {@code [range · max(0.03, 1/kernels²), range / 2]}; the prior kernel spans the whole range.
   */
  private void numericKernels(int d, Dimension dim, double[] column) {
    int n = column.length;
    double range = dim.range();
    double[] centers = Arrays.copyOf(column, n + 1);
    centers[n] = dim.priorCenter();
    Integer[] order = new Integer[n + 1];
    for (int i = 0; i <= n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (i, j) -> Double.compare(centers[i], centers[j]));
    double minSigma = range * Math.max(MIN_BANDWIDTH_FACTOR, 1.0 / ((n + 1.0) * (n + 1.0)));
    double maxSigma = 0.5 * range;
    for (int rank = 0; rank <= n; rank++) {
      int k = order[rank];
      double left = rank > 0 ? centers[k] - centers[order[rank - 1]]
          : dim.bounded() ? centers[k] - dim.lowEdge() : 0;
      double right = rank < n ? centers[order[rank + 1]] - centers[k]
          : dim.bounded() ? dim.highEdge() - centers[k] : 0;
      sigmas[k][d] = Math.max(minSigma, Math.min(maxSigma, Math.max(left, right)));
      mus[k][d] = centers[k];
    }
    // the prior kernel: the whole range (or the distribution's own sigma when unbounded)
    sigmas[n][d] = dim.bounded() ? range : dim.parameter().sigma();
    for (int k = 0; k <= n; k++) {
      logNorm[k][d] = TruncatedNormal.logMass((dim.lowEdge() - mus[k][d]) / sigmas[k][d],
          (dim.highEdge() - mus[k][d]) / sigmas[k][d]);
    }
  }

  private static double[][] categoricalKernels(Dimension dim, double[] column) {
    int n = column.length;
    int choices = dim.choices();
    double[][] probabilities = new double[n + 1][choices];
    double floor = 1.0 / (n + 1); // Optuna: prior_weight / n_kernels, prior_weight = 1
    for (int i = 0; i < n; i++) {
      Arrays.fill(probabilities[i], floor);
      probabilities[i][(int) column[i]] += 1;
      double sum = floor * choices + 1;
      for (int c = 0; c < choices; c++) {
        probabilities[i][c] /= sum;
      }
    }
    double[] prior = dim.parameter().probabilities();
    for (int c = 0; c < choices; c++) {
      probabilities[n][c] = prior == null ? 1.0 / choices : prior[c];
    }
    return probabilities;
  }

  /** One draw: a kernel by weight, then each coordinate from that kernel. */
  double[] sample(SplittableRandom random) {
    int k = kernel(random);
    double[] x = new double[dims.size()];
    for (int d = 0; d < x.length; d++) {
      Dimension dim = dims.get(d);
      x[d] = switch (dim.type()) {
        case CATEGORICAL -> draw(categorical[d][k], random);
        case INTEGER -> Math.max(dim.low(), Math.min(dim.high(), Math.round(TruncatedNormal
            .sample(random, mus[k][d], sigmas[k][d], dim.lowEdge(), dim.highEdge()))));
        case CONTINUOUS -> TruncatedNormal.sample(random, mus[k][d], sigmas[k][d],
            dim.lowEdge(), dim.highEdge());
      };
    }
    return x;
  }

  /** Log density of the mixture at {@code x} (a probability mass for discrete dimensions). */
  double logPdf(double[] x) {
    double max = Double.NEGATIVE_INFINITY;
    double[] terms = new double[logWeights.length];
    for (int k = 0; k < logWeights.length; k++) {
      double sum = logWeights[k];
      for (int d = 0; d < x.length; d++) {
        sum += logKernel(k, d, x[d]);
      }
      terms[k] = sum;
      max = Math.max(max, sum);
    }
    double total = 0;
    for (double t : terms) {
      total += Math.exp(t - max);
    }
    return max + Math.log(total);
  }

  private double logKernel(int k, int d, double x) {
    Dimension dim = dims.get(d);
    double mu = mus[k][d];
    double sigma = sigmas[k][d];
    return switch (dim.type()) {
      case CATEGORICAL -> Math.log(Math.max(categorical[d][k][(int) x], 1e-300));
      case INTEGER -> TruncatedNormal.logMass((x - 0.5 - mu) / sigma, (x + 0.5 - mu) / sigma)
          - logNorm[k][d];
      case CONTINUOUS -> {
        double z = (x - mu) / sigma;
        yield -0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - Math.log(sigma) - logNorm[k][d];
      }
    };
  }

  private int kernel(SplittableRandom random) {
    double u = random.nextDouble();
    for (int k = 0; k < logWeights.length; k++) {
      u -= Math.exp(logWeights[k]);
      if (u < 0) {
        return k;
      }
    }
    return logWeights.length - 1;
  }

  private static int draw(double[] probabilities, SplittableRandom random) {
    double u = random.nextDouble();
    for (int c = 0; c < probabilities.length; c++) {
      u -= probabilities[c];
      if (u < 0) {
        return c;
      }
    }
    return probabilities.length - 1;
  }
}
