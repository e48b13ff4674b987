package dev.metaopt.backend.local;

import java.util.Optional;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;

/**
 * A Gaussian process on inputs scaled to {@code [0, 1]}, with a Matérn-5/2 kernel that has one
 * length scale per input (ARD) and a noise term (Rasmussen &amp; Williams 2006, "Gaussian
 * Processes for Machine Learning", eq. 4.17 and Algorithm 2.1). Targets come standardised
 * (W&B's {@code fit_normalized_gaussian_process} in wandb/sweeps {@code bayes_search.py}) and
 * warped ({@link OutputWarping}). The kernel is {@code s² (C(ℓ) + λ I)}: the signal variance
 * {@code s²} has a closed-form maximum-likelihood value for given {@code ℓ, λ}, so
 * {@link GpFit} only searches the length scales and the noise ratio {@code λ}.
 */
final class GaussianProcess {
  private static final double SQRT5 = Math.sqrt(5);

  private final double[][] inputs;
  private final double[] targets;
  private final double[] lengthScales;
  private final double noiseRatio;
  private final double[][] lower; // L, the Cholesky factor of C + λI = L Lᵀ
  private final double[] alpha;     // (C + λI)^-1 y
  private final double signalVariance;
  private final double logLikelihood;

  private GaussianProcess(double[][] inputs, double[] targets, double[] lengthScales,
      double noiseRatio) {
    this.inputs = inputs;
    this.targets = targets;
    this.lengthScales = lengthScales;
    this.noiseRatio = noiseRatio;
    int n = inputs.length;
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      a[i][i] = 1 + noiseRatio;
      for (int j = 0; j < i; j++) {
        a[i][j] = kernel(inputs[i], inputs[j]);
        a[j][i] = a[i][j];
      }
    }
    CholeskyDecomposition cholesky = new CholeskyDecomposition(
        new Array2DRowRealMatrix(a, false), 1e-12, 1e-14);
    lower = cholesky.getL().getData();
    alpha = cholesky.getSolver().solve(new ArrayRealVector(targets, false)).toArray();
    double fit = 0;
    for (int i = 0; i < n; i++) {
      fit += targets[i] * alpha[i];
    }
    double logDet = 0;
    for (int i = 0; i < n; i++) {
      logDet += 2 * Math.log(lower[i][i]);
    }
    signalVariance = Math.max(fit / n, 1e-12);
    // the profiled log marginal likelihood (constants dropped)
    logLikelihood = -0.5 * n * Math.log(signalVariance) - 0.5 * logDet;
  }

  /**
   * The process for {@code targets} (already standardised) at {@code inputs} with the given
   * hyperparameters; empty when the kernel matrix is numerically not positive definite.
   */
  static Optional<GaussianProcess> of(double[][] inputs, double[] targets,
      double[] lengthScales, double noiseRatio) {
    try {
      return Optional.of(new GaussianProcess(inputs, targets, lengthScales,
          noiseRatio));
    } catch (NonPositiveDefiniteMatrixException e) {
      return Optional.empty();
    }
  }

  double logLikelihood() {
    return logLikelihood;
  }

  double[] lengthScales() {
    return lengthScales.clone();
  }

  double noiseRatio() {
    return noiseRatio;
  }

  /** Matérn 5/2 with unit variance: {@code (1 + √5 r + 5r²/3) exp(−√5 r)}. */
  double kernel(double[] a, double[] b) {
    double r2 = 0;
    for (int k = 0; k < a.length; k++) {
      double d = (a[k] - b[k]) / lengthScales[k];
      r2 += d * d;
    }
    double r = Math.sqrt(r2);
    return (1 + SQRT5 * r + 5.0 / 3.0 * r2) * Math.exp(-SQRT5 * r);
  }

  /** Posterior mean and variance of the latent function at {@code x} (standardised units). */
  double[] predict(double[] x) {
    int n = inputs.length;
    double[] k = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      k[i] = kernel(x, inputs[i]);
      mean += k[i] * alpha[i];
    }
    // kᵀ A⁻¹ k = |L⁻¹ k|²: one forward substitution on the library's factor (Commons Math's
    // MatrixUtils.solveLowerTriangularSystem does the same through per-entry accessors, and the
    // full solve does twice the work; predictions are the inner loop of the EI search)
    double explained = 0;
    for (int i = 0; i < n; i++) {
      double[] row = lower[i];
      double v = k[i];
      for (int j = 0; j < i; j++) {
        v -= row[j] * k[j];
      }
      k[i] = v / row[i];
      explained += k[i] * k[i];
    }
    return new double[] {mean, signalVariance * Math.max(0, 1 - explained)};
  }

  int size() {
    return inputs.length;
  }

  double[][] inputs() {
    return inputs;
  }

  double[] targets() {
    return targets;
  }
}
