package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011): the finished trials are split into the
 * best few ({@link #goodCount}) and the rest; each parameter gets a density for each group (Gaussian
 * kernels in the parameter's search scale, smoothed counts for categories, both mixed with the
 * prior); candidates drawn from the good density are ranked by {@code l(x)/g(x)}. The first
 * trials, before there is anything to model, are prior draws.
 */
final class Tpe {
  static final int CANDIDATES = 24;

  private Tpe() {}

  /**
   * Size of the "good" group: half the square root of the trial count, at most 25 (hyperopt's
   * square-root rule; a fixed fraction keeps too many mediocre trials in the good density).
   */
  static int goodCount(int n) {
    return Math.max(1, Math.min(25, (int) Math.ceil(Math.sqrt(n) / 2)));
  }

  static int startupTrials(SweepSpec spec) {
    int cap = spec.runCap() == null ? 20 : spec.runCap();
    return Math.max(3, Math.min(10, cap / 4));
  }

  static Map<String, JsonNode> suggest(SweepSpec spec, SplittableRandom random,
      List<Suggester.Observation> finished, int index) {
    if (finished.size() < startupTrials(spec)) {
      return Suggester.prior(spec, random);
    }
    List<Suggester.Observation> sorted = new ArrayList<>(finished);
    Comparator<Suggester.Observation> byMetric =
        Comparator.comparingDouble(Suggester.Observation::metric);
    sorted.sort(spec.maximize() ? byMetric.reversed() : byMetric);
    int goodCount = goodCount(sorted.size());
    List<Suggester.Observation> good = sorted.subList(0, goodCount);
    List<Suggester.Observation> bad = sorted.subList(goodCount, sorted.size());
    Map<String, JsonNode> choice = new LinkedHashMap<>();
    for (Parameter p : spec.parameters()) {
      choice.put(p.path(), switch (p.kind()) {
        case CONSTANT -> p.values().get(0);
        case CATEGORICAL -> categorical(p, good, bad, random);
        case NUMERIC -> numeric(p, good, bad, random);
      });
    }
    return choice;
  }

  private static JsonNode categorical(Parameter p, List<Suggester.Observation> good,
      List<Suggester.Observation> bad, SplittableRandom random) {
    double[] l = counts(p, good);
    double[] g = counts(p, bad);
    int best = 0;
    double bestRatio = -1;
    for (int c = 0; c < CANDIDATES; c++) {
      int k = draw(l, random);
      double ratio = l[k] / g[k];
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = k;
      }
    }
    return p.values().get(best);
  }

  private static double[] counts(Parameter p, List<Suggester.Observation> group) {
    double[] weights = new double[p.values().size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = p.probabilities() == null ? 1.0 : p.probabilities()[i] * weights.length;
    }
    for (Suggester.Observation o : group) {
      JsonNode value = o.values().get(p.path());
      for (int i = 0; i < weights.length; i++) {
        if (p.values().get(i).equals(value)) {
          weights[i] += 1;
        }
      }
    }
    return weights;
  }

  private static int draw(double[] weights, SplittableRandom random) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static JsonNode numeric(Parameter p, List<Suggester.Observation> good,
      List<Suggester.Observation> bad, SplittableRandom random) {
    Parzen l = Parzen.of(p, good);
    Parzen g = Parzen.of(p, bad);
    double best = l.sample(random);
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CANDIDATES; c++) {
      double x = l.sample(random);
      double score = Math.log(l.density(x)) - Math.log(g.density(x));
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    return p.fromInternal(best);
  }

  /** A one-dimensional Parzen density in internal coordinates, mixed with the prior. */
  private record Parzen(Parameter p, double[] centers, double[] widths, double low, double high) {
    static Parzen of(Parameter p, List<Suggester.Observation> group) {
      boolean bounded = p.distribution().bounded();
      double low = bounded ? p.lowInternal() : p.mu() - 4 * p.sigma();
      double high = bounded ? p.highInternal() : p.mu() + 4 * p.sigma();
      double[] centers = group.stream().mapToDouble(o -> p.toInternal(
          o.values().get(p.path()).asDouble())).sorted().toArray();
      double[] widths = new double[centers.length];
      double range = high - low;
      for (int i = 0; i < centers.length; i++) {
        // bandwidth: distance to the farther neighbour, kept within [range/100, range]
        double left = i > 0 ? centers[i] - centers[i - 1] : centers[i] - low;
        double right = i < centers.length - 1 ? centers[i + 1] - centers[i] : high - centers[i];
        widths[i] = Math.min(range, Math.max(range / 100, Math.max(left, right)));
      }
      return new Parzen(p, centers, widths, low, high);
    }

    /** Mixture of the kernels and one prior component (uniform over the range). */
    double density(double x) {
      double range = high - low;
      double total = x >= low && x <= high ? 1 / range : 1e-12;
      for (int i = 0; i < centers.length; i++) {
        double z = (x - centers[i]) / widths[i];
        total += Math.exp(-0.5 * z * z) / (widths[i] * Math.sqrt(2 * Math.PI));
      }
      return total / (centers.length + 1);
    }

    double sample(SplittableRandom random) {
      int k = random.nextInt(centers.length + 1);
      if (k == centers.length) {
        return low + random.nextDouble() * (high - low);
      }
      double x = centers[k] + widths[k] * Parameter.gaussian(random);
      return Math.max(low, Math.min(high, x));
    }
  }
}
