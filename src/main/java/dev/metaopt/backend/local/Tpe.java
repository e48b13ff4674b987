package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011) with the components of Watanabe 2023's
 * recommended setting ("Tree-structured Parzen estimator: understanding its algorithm components
 * and their roles for better empirical performance"; the author's code: nabenabe0928/tpe,
 * branch single-opt, {@code scripts/run_tpe_runtime.py} and {@code tpe/utils/constants.py}):
 * <ul>
 *   <li>split: the best {@code min(ceil(0.15 n), 25)} observations form {@code l(x)}, the rest
 *       {@code g(x)} ({@code QuantileFunc(choice="linear", alpha=0.15)}, capped at 25);</li>
 *   <li>weights: in {@code l(x)} each observation is weighted by its improvement over the split
 *       threshold, {@code max(1e-12, threshold − loss)}, the prior by their mean; {@code g(x)}
 *       weights all alike ({@code WeightFuncs.expected_improvement}); so old observations are
 *       not down-weighted by age, only by how good they were;</li>
 *   <li>kernels: multivariate product kernels by default (one mixture over all parameters), or
 *       one estimator per parameter ({@code tpe_univariate}, as hyperopt and Optuna 3); see
 *       {@link ParzenEstimator} for the truncated, integer and categorical kernels, the prior
 *       kernel and the bandwidths;</li>
 *   <li>acquisition: 24 draws from {@code l(x)} ranked by {@code log l(x) − log g(x)} (Optuna's
 *       {@code n_ei_candidates=24}, {@code TPESampler._compute_acquisition_func}).</li>
 * </ul>
 * Trials still running when a suggestion is made are not used, as by Optuna's
 * {@code TPESampler()} with its default settings in 3.x, the reference of issue #11 (v3.1.0
 * {@code optuna/samplers/_tpe/sampler.py}: {@code constant_liar: bool = False}, and
 * {@code _get_observation_pairs} reads {@code TrialState.RUNNING} trials only when
 * {@code constant_liar} is set); nor are they counted for the start-up phase or for γ, as
 * there. Optuna 5.0 made the constant liar the default (commit 5c7376f, "Enable constant_liar
 * by default": running trials join the "above" group). With 4 agents that liar, its mean and
 * min variants (Ginsbourger, Le Riche &amp; Carraro 2010), hyperopt's rule (infinite loss, counted
 * in γ and the start-up), a start-up counting running trials and candidates repelled from them
 * were measured: none was within 1.5× of one agent on all four test functions at 20 seeds, nor
 * better than this rule on all four over 200 seeds, where this rule is within 1.21× of one agent
 * (docs/BENCHMARKS.md, "Parallel agents"); so the 3.x default is kept. Failed trials are left
 * out, as Optuna leaves out failed trials.
 */
final class Tpe {
  static final int CANDIDATES = 24;
  static final double GAMMA = 0.15;
  static final int MAX_GOOD = 25;

  private Tpe() {}

  /** Size of the "good" group for {@code n} observations. */
  static int goodCount(int n) {
    return Math.min(MAX_GOOD, (int) Math.ceil(GAMMA * n));
  }

  /** Trials drawn from the prior before the model starts (Optuna: n_startup_trials=10). */
  static int startupTrials(SweepSpec spec) {
    int cap = spec.runCap() == null ? 20 : spec.runCap();
    return Math.max(3, Math.min(10, cap / 4));
  }

  /**
   * Candidate configurations, best first; empty while there are fewer usable observations than
   * {@link #startupTrials} (the caller then draws from the prior).
   */
  static List<Map<String, JsonNode>> candidates(SweepSpec spec, SplittableRandom random,
      SearchHistory history, boolean multivariate) {
    SearchSpace space = new SearchSpace(spec);
    List<double[]> points = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    for (Suggester.Observation o : history.allObserved()) {
      double[] x = space.encode(o.values());
      if (x != null && Double.isFinite(o.metric())) {
        points.add(x);
        losses.add(spec.maximize() ? -o.metric() : o.metric());
      }
    }
    if (points.size() < startupTrials(spec) || space.size() == 0) {
      return List.of();
    }
    Split split = Split.of(points, losses); // running trials unused: see the class comment
    if (!multivariate) {
      return List.of(space.decode(univariate(space, split, random)));
    }
    ParzenEstimator good = split.good(space.dimensions(), all(space.size()));
    ParzenEstimator bad = split.bad(space.dimensions(), all(space.size()));
    List<double[]> drawn = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    for (int c = 0; c < CANDIDATES; c++) {
      double[] x = good.sample(random);
      drawn.add(x);
      scores.add(good.logPdf(x) - bad.logPdf(x));
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < CANDIDATES; c++) {
      order.add(c);
    }
    order.sort(Comparator.comparingDouble((Integer c) -> scores.get(c)).reversed());
    List<Map<String, JsonNode>> ranked = new ArrayList<>();
    order.forEach(c -> ranked.add(space.decode(drawn.get(c))));
    return ranked;
  }

  /** Each parameter on its own: the best of 24 draws from its own {@code l/g} ratio. */
  private static double[] univariate(SearchSpace space, Split split, SplittableRandom random) {
    double[] choice = new double[space.size()];
    for (int d = 0; d < space.size(); d++) {
      List<Dimension> one = List.of(space.dimensions().get(d));
      ParzenEstimator good = split.good(one, new int[] {d});
      ParzenEstimator bad = split.bad(one, new int[] {d});
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < CANDIDATES; c++) {
        double[] x = good.sample(random);
        double score = good.logPdf(x) - bad.logPdf(x);
        if (score > bestScore) {
          bestScore = score;
          choice[d] = x[0];
        }
      }
    }
    return choice;
  }

  private static int[] all(int n) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  /** The observations split into the good group (with EI weights) and the rest. */
  private record Split(List<double[]> goodPoints, double[] goodWeights, List<double[]> badPoints) {
    static Split of(List<double[]> points, List<Double> losses) {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < points.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingDouble(losses::get)); // stable: older first on ties
      int n = goodCount(points.size());
      List<double[]> good = new ArrayList<>();
      List<double[]> bad = new ArrayList<>();
      double threshold = n < order.size() ? losses.get(order.get(n)) : Double.NaN;
      double[] weights = new double[n];
      for (int rank = 0; rank < order.size(); rank++) {
        int i = order.get(rank);
        if (rank < n) {
          good.add(points.get(i));
          weights[rank] = Double.isNaN(threshold) ? 1 : Math.max(1e-12, threshold - losses.get(i));
        } else {
          bad.add(points.get(i));
        }
      }
      return new Split(good, weights, bad);
    }

    ParzenEstimator good(List<Dimension> dims, int[] columns) {
      double mean = 0;
      for (double w : goodWeights) {
        mean += w / goodWeights.length;
      }
      return new ParzenEstimator(dims, project(goodPoints, columns), goodWeights, mean);
    }

    ParzenEstimator bad(List<Dimension> dims, int[] columns) {
      double[] weights = new double[badPoints.size()];
      Arrays.fill(weights, 1);
      return new ParzenEstimator(dims, project(badPoints, columns), weights, 1);
    }

    private static double[][] project(List<double[]> points, int[] columns) {
      double[][] out = new double[points.size()][columns.length];
      for (int i = 0; i < points.size(); i++) {
        for (int c = 0; c < columns.length; c++) {
          out[i][c] = points.get(i)[columns[c]];
        }
      }
      return out;
    }
  }
}
