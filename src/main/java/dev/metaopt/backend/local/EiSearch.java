package dev.metaopt.backend.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Maximises expected improvement over a mixed space: scores {@link #RANDOM} prior draws (W&B
 * scores 1000, {@code num_points_to_try}, and stops there) and {@link #LOCAL} perturbations of
 * each of the best {@link #INCUMBENTS} observations, then refines the {@link #REFINED} best on
 * their continuous coordinates with one cycle of bounded Brent line searches (Commons Math's
 * {@code BrentOptimizer}), holding integers and categories fixed: the usual multi-start scheme
 * (e.g. BoTorch's {@code optimize_acqf}: raw samples, then local refinement).
 */
final class EiSearch {
  static final int RANDOM = 500;
  static final int LOCAL = 20;
  static final int INCUMBENTS = 5;
  static final int REFINED = 3;
  /** Spread of the perturbations around the best points, on the [0, 1] scale. */
  private static final double LOCAL_SPREAD = 0.05;
  private static final int RANKED = 24;
  private static final int REFINE_EVALUATIONS = 15;

  private EiSearch() {}

  /** Expected improvement below {@code best} for a posterior {@code (mean, variance)}. */
  static double expectedImprovement(double best, double mean, double variance) {
    double improvement = best - mean;
    double sd = Math.sqrt(Math.max(variance, 0));
    if (sd < 1e-12) {
      return Math.max(improvement, 0);
    }
    double z = improvement / sd;
    return Math.max(0, improvement * TruncatedNormal.cdf(z) + sd * TruncatedNormal.pdf(z));
  }

  /** Points (model coordinates), the highest expected improvement first. */
  static List<double[]> ranked(SearchSpace space, GpInputs encoder, GaussianProcess gp,
      double best, List<double[]> incumbents, SplittableRandom random) {
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < RANDOM; i++) {
      points.add(draw(space, random));
    }
    for (double[] incumbent : incumbents) {
      for (int i = 0; i < LOCAL; i++) {
        points.add(perturb(space, incumbent, random));
      }
    }
    List<Scored> pool = new ArrayList<>();
    for (double[] x : points) {
      pool.add(score(x, encoder, gp, best));
    }
    pool.sort(Comparator.comparingDouble(Scored::value).reversed());
    List<Scored> result = new ArrayList<>();
    for (int i = 0; i < Math.min(REFINED, pool.size()); i++) {
      result.add(refine(space, pool.get(i), encoder, gp, best));
    }
    result.sort(Comparator.comparingDouble(Scored::value).reversed());
    result.addAll(pool.subList(0, Math.min(RANKED, pool.size())));
    List<double[]> ranked = new ArrayList<>();
    result.forEach(s -> ranked.add(s.x()));
    return ranked;
  }

  /**
   * Points (model coordinates) around {@code incumbent} where the process knows least, the
   * largest posterior variance first: as many perturbations of it as the EI search scores around
   * all its incumbents ({@link GpStall}'s exploratory step). Around a stalled incumbent, its
   * near-copies have next to no variance left, so the points ranked first are the ones the
   * search stopped stepping to.
   */
  static List<double[]> leastKnown(SearchSpace space, GpInputs encoder, GaussianProcess gp,
      double[] incumbent, SplittableRandom random) {
    List<Scored> pool = new ArrayList<>();
    for (int i = 0; i < LOCAL * INCUMBENTS; i++) {
      double[] x = perturb(space, incumbent, random);
      pool.add(new Scored(x, gp.predict(encoder.of(x))[1]));
    }
    pool.sort(Comparator.comparingDouble(Scored::value).reversed());
    List<double[]> ranked = new ArrayList<>();
    pool.subList(0, Math.min(RANKED, pool.size())).forEach(s -> ranked.add(s.x()));
    return ranked;
  }

  /** A point and its score: expected improvement, or posterior variance in {@link #leastKnown}. */
  private record Scored(double[] x, double value) {}

  private static Scored score(double[] x, GpInputs encoder, GaussianProcess gp, double best) {
    double[] posterior = gp.predict(encoder.of(x));
    return new Scored(x, expectedImprovement(best, posterior[0], posterior[1]));
  }

  /** A draw from the prior, in model coordinates. */
  static double[] draw(SearchSpace space, SplittableRandom random) {
    double[] x = new double[space.size()];
    for (int d = 0; d < x.length; d++) {
      Dimension dim = space.dimensions().get(d);
      x[d] = switch (dim.type()) {
        case CATEGORICAL -> random.nextInt(dim.choices());
        case INTEGER -> dim.low() + random.nextInt((int) (dim.high() - dim.low()) + 1);
        case CONTINUOUS -> dim.fromUnit(random.nextDouble());
      };
    }
    return x;
  }

  private static double[] perturb(SearchSpace space, double[] center, SplittableRandom random) {
    double[] x = center.clone();
    for (int d = 0; d < x.length; d++) {
      Dimension dim = space.dimensions().get(d);
      if (dim.type() == Dimension.Type.CATEGORICAL) {
        if (random.nextInt(space.size()) == 0) {
          x[d] = random.nextInt(dim.choices());
        }
      } else {
        double u = dim.toUnit(x[d]) + LOCAL_SPREAD * Parameter.gaussian(random);
        x[d] = dim.fromUnit(Math.max(0, Math.min(1, u)));
      }
    }
    return x;
  }

  /** The point moved along its continuous coordinates to a local maximum of EI. */
  private static Scored refine(SearchSpace space, Scored start, GpInputs encoder,
      GaussianProcess gp, double best) {
    List<Integer> continuous = new ArrayList<>();
    for (int d = 0; d < space.size(); d++) {
      if (space.dimensions().get(d).type() == Dimension.Type.CONTINUOUS) {
        continuous.add(d);
      }
    }
    if (continuous.isEmpty()) {
      return start;
    }
    double[] unit = new double[continuous.size()];
    for (int k = 0; k < unit.length; k++) {
      unit[k] = space.dimensions().get(continuous.get(k)).toUnit(start.x()[continuous.get(k)]);
    }
    Scored[] found = {start};
    ToDoubleFunction<double[]> ei = u -> {
      double[] x = start.x().clone();
      for (int k = 0; k < u.length; k++) {
        x[continuous.get(k)] = space.dimensions().get(continuous.get(k)).fromUnit(u[k]);
      }
      Scored s = score(x, encoder, gp, best);
      if (s.value() > found[0].value()) {
        found[0] = s;
      }
      return s.value();
    };
    // one cycle of Brent line searches, a coordinate at a time, within ±0.1 of the start
    for (int k = 0; k < unit.length; k++) {
      int coordinate = k;
      double[] u = unit.clone();
      try {
        double at = new BrentOptimizer(1e-4, 1e-6).optimize(new MaxEval(REFINE_EVALUATIONS),
            GoalType.MAXIMIZE, new UnivariateObjectiveFunction(v -> {
              u[coordinate] = v;
              return ei.applyAsDouble(u);
            }), new SearchInterval(Math.max(0, unit[k] - 0.1), Math.min(1, unit[k] + 0.1),
                unit[k])).getPoint();
        unit[k] = at;
      } catch (MathIllegalStateException e) {
        // budget spent: the best point evaluated so far stands
      }
      double[] reached = found[0].x();
      for (int j = 0; j < unit.length; j++) {
        unit[j] = space.dimensions().get(continuous.get(j)).toUnit(reached[continuous.get(j)]);
      }
    }
    return found[0];
  }
}
