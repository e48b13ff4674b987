package dev.metaopt.backend.local;

import java.util.List;

/**
 * Tells a GP sweep that has stopped searching from one that converges: a failure counter as in
 * TuRBO (Eriksson et al. 2019, "Scalable global optimization via local Bayesian optimization";
 * uber-research/TuRBO {@code turbo/turbo_1.py}), adapted to one global process. TuRBO counts a
 * suggestion as a success when it improves the best value by more than {@code 1e-3 · |best|}
 * ({@code _adjust_length}), halves its trust region after {@code failtol = max(4, d)}
 * consecutive failures and restarts once the region's side is below {@code length_min = 0.5^7}
 * of each range. A global process has no region to shrink, so here a failure is a suggestion
 * that lands within that smallest region around the incumbent without improving it, and any
 * other suggestion (an improvement, or a step away from the incumbent) resets the count.
 *
 * <p>The sweep is stuck after {@link #tolerance} failures in a row: the failures TuRBO needs to
 * shrink a region the size of the EI search's own local candidates (the incumbent perturbed by
 * 0.05 of each range: a side of 0.1) below its restart size, {@code ceil(log2(0.1 / 0.5^7)) = 4}
 * halvings of {@code failtol} failures each. A converging sweep keeps stepping away between its
 * refinements of the incumbent, which resets the count; a stalled one (Branin's single-sweep
 * seed 16: 77 of 100 trials on near-copies of one point on the bound x1 = 10, docs/BENCHMARKS.md)
 * does not. The count restarts after each multiple of the tolerance, as TuRBO's does after each
 * halving, so a stall that goes on earns one exploratory suggestion per {@code tolerance}
 * failures.
 */
final class GpStall {
  /** TuRBO's improvement threshold, relative to the best value. */
  static final double IMPROVEMENT = 1e-3;
  /** Half of TuRBO's {@code length_min}: the largest distance from the incumbent that counts. */
  static final double NEIGHBOURHOOD = 0.5 * Math.pow(0.5, 7);
  /** Halvings from the EI search's local region (side 0.1) to below TuRBO's restart size. */
  private static final int HALVINGS = 4;

  private GpStall() {}

  /** Consecutive failures that make a stall: 4 halvings of TuRBO's {@code max(4, d)}. */
  static int tolerance(int dimensions) {
    return HALVINGS * Math.max(4, dimensions);
  }

  /**
   * Whether the next suggestion should explore: the last observations, in history order, end
   * with a positive multiple of {@link #tolerance} failures in a row. {@code points} are model
   * coordinates of {@code space}; {@code losses} are minimised, NaN for a failed trial (never an
   * improvement).
   */
  static boolean stuck(SearchSpace space, List<double[]> points, List<Double> losses) {
    int failures = failuresInARow(space, points, losses);
    return failures > 0 && failures % tolerance(space.size()) == 0;
  }

  static int failuresInARow(SearchSpace space, List<double[]> points, List<Double> losses) {
    double best = Double.NaN;
    double[] incumbent = null;
    int failures = 0;
    for (int i = 0; i < points.size(); i++) {
      double loss = losses.get(i);
      boolean finite = Double.isFinite(loss);
      if (incumbent != null) {
        boolean improved = finite && loss < best - IMPROVEMENT * Math.abs(best);
        failures = !improved && near(space, points.get(i), incumbent) ? failures + 1 : 0;
      }
      if (finite && (incumbent == null || loss < best)) {
        best = loss;
        incumbent = points.get(i);
      }
    }
    return failures;
  }

  /** Within {@link #NEIGHBOURHOOD} of each range, and the same category, on every dimension. */
  private static boolean near(SearchSpace space, double[] x, double[] incumbent) {
    for (int d = 0; d < x.length; d++) {
      Dimension dim = space.dimensions().get(d);
      if (dim.type() == Dimension.Type.CATEGORICAL ? x[d] != incumbent[d]
          : Math.abs(dim.toUnit(x[d]) - dim.toUnit(incumbent[d])) > NEIGHBOURHOOD) {
        return false;
      }
    }
    return true;
  }
}
