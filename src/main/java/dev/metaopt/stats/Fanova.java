package dev.metaopt.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Functional ANOVA over a random forest (Hutter, Hoos and Leyton-Brown, "An Efficient Approach
 * for Assessing Hyperparameter Importance", ICML 2014), the method behind Optuna's default
 * {@code FanovaImportanceEvaluator}: each tree partitions the search box into leaves; the share
 * of the tree's variance (over the box, uniform measure) explained by one feature's marginal is
 * that feature's main-effect importance; importances are averaged over trees. Whatever the main
 * effects leave unexplained is the share of interactions.
 *
 * <p>Features are given in the space they are sampled uniformly in: log-scaled parameters as
 * logarithms, categorical ones as codes 0..k-1 with domain [-0.5, k-0.5] (each value an equal
 * cell), so the measure matches how the search space weights them.
 */
public final class Fanova {
  private Fanova() {}

  /**
   * The main-effect variance fraction of each feature, in [0, 1], summing to at most 1.
   *
   * @param forest the fitted forest
   * @param low each feature's domain lower bound
   * @param high each feature's domain upper bound (greater than {@code low})
   */
  public static double[] mainEffects(RegressionForest forest, double[] low, double[] high) {
    int features = low.length;
    double[] sum = new double[features];
    int counted = 0;
    for (RegressionForest.Node[] tree : forest.trees()) {
      List<Leaf> leaves = new ArrayList<>();
      collect(tree, 0, low.clone(), high.clone(), leaves);
      double mean = 0;
      for (Leaf leaf : leaves) {
        mean += leaf.volume(low, high) * leaf.value;
      }
      double variance = 0;
      for (Leaf leaf : leaves) {
        variance += leaf.volume(low, high) * Math.pow(leaf.value - mean, 2);
      }
      if (variance <= 1e-15) {
        continue; // a constant tree explains nothing about any feature
      }
      counted++;
      for (int f = 0; f < features; f++) {
        sum[f] += marginalVariance(leaves, f, low, high, mean) / variance;
      }
    }
    double[] importance = new double[features];
    for (int f = 0; f < features; f++) {
      importance[f] = counted == 0 ? 0 : Math.min(1, sum[f] / counted);
    }
    return importance;
  }

  /** The variance of the tree's marginal over feature {@code f}. */
  private static double marginalVariance(List<Leaf> leaves, int f, double[] low, double[] high,
      double mean) {
    TreeSet<Double> cuts = new TreeSet<>();
    cuts.add(low[f]);
    cuts.add(high[f]);
    leaves.forEach(l -> {
      cuts.add(l.low[f]);
      cuts.add(l.high[f]);
    });
    double variance = 0;
    Double previous = null;
    for (double cut : cuts) {
      if (previous != null && cut > previous) {
        double a = previous;
        double b = cut;
        double marginal = 0;
        for (Leaf leaf : leaves) {
          if (leaf.low[f] <= a && leaf.high[f] >= b && leaf.fraction(f, low, high) > 0) {
            marginal += leaf.value * leaf.volume(low, high) / leaf.fraction(f, low, high);
          }
        }
        variance += (b - a) / (high[f] - low[f]) * Math.pow(marginal - mean, 2);
      }
      previous = cut;
    }
    return variance;
  }

  private static void collect(RegressionForest.Node[] tree, int n, double[] low, double[] high,
      List<Leaf> leaves) {
    RegressionForest.Node node = tree[n];
    if (node.leaf()) {
      leaves.add(new Leaf(low, high, node.value()));
      return;
    }
    int f = node.feature();
    double t = Math.max(low[f], Math.min(high[f], node.threshold()));
    double[] leftHigh = high.clone();
    leftHigh[f] = t;
    double[] rightLow = low.clone();
    rightLow[f] = t;
    collect(tree, node.left(), low.clone(), leftHigh, leaves);
    collect(tree, node.right(), rightLow, high.clone(), leaves);
  }

  /** A leaf's box and prediction. */
  private record Leaf(double[] low, double[] high, double value) {
    double fraction(int f, double[] domainLow, double[] domainHigh) {
      return (high[f] - low[f]) / (domainHigh[f] - domainLow[f]);
    }

    double volume(double[] domainLow, double[] domainHigh) {
      double v = 1;
      for (int f = 0; f < low.length; f++) {
        v *= fraction(f, domainLow, domainHigh);
      }
      return v;
    }
  }
}
