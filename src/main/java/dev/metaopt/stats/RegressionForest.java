package dev.metaopt.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A random forest of regression trees, configured as Optuna's fANOVA evaluator configures
 * scikit-learn's {@code RandomForestRegressor} (optuna/importance/_fanova/_evaluator.py): 64
 * trees, bootstrap samples, every feature considered at every split, squared-error splits,
 * leaves down to one sample, depth at most 64. Seeded, so the same data gives the same forest.
 */
public final class RegressionForest {
  /** A node: a split ({@code feature ≥ 0}, left when {@code x[feature] <= threshold}) or a leaf. */
  record Node(int feature, double threshold, int left, int right, double value) {
    boolean leaf() {
      return feature < 0;
    }
  }

  static final int TREES = 64;
  private static final int MAX_DEPTH = 64;

  private final List<Node[]> trees;
  private final int features;

  private RegressionForest(List<Node[]> trees, int features) {
    this.trees = trees;
    this.features = features;
  }

  /** Fits {@value #TREES} trees to rows {@code x} (one array per sample) and targets {@code y}. */
  public static RegressionForest fit(double[][] x, double[] y, long seed) {
    Random random = new Random(seed);
    List<Node[]> trees = new ArrayList<>();
    for (int t = 0; t < TREES; t++) {
      int[] sample = new int[y.length];
      for (int i = 0; i < sample.length; i++) {
        sample[i] = random.nextInt(y.length);
      }
      List<Node> nodes = new ArrayList<>();
      grow(x, y, sample, 0, nodes);
      trees.add(nodes.toArray(Node[]::new));
    }
    return new RegressionForest(trees, x.length == 0 ? 0 : x[0].length);
  }

  /** The mean of the trees' predictions for {@code row}. */
  public double predict(double[] row) {
    double sum = 0;
    for (Node[] tree : trees) {
      int n = 0;
      while (!tree[n].leaf()) {
        n = row[tree[n].feature()] <= tree[n].threshold() ? tree[n].left() : tree[n].right();
      }
      sum += tree[n].value();
    }
    return sum / trees.size();
  }

  List<Node[]> trees() {
    return trees;
  }

  int features() {
    return features;
  }

  /** Adds the subtree for {@code rows} to {@code nodes}; returns its index. */
  private static int grow(double[][] x, double[] y, int[] rows, int depth, List<Node> nodes) {
    int index = nodes.size();
    double mean = Arrays.stream(rows).mapToDouble(r -> y[r]).average().orElse(0);
    nodes.add(new Node(-1, 0, -1, -1, mean));
    Split split = depth >= MAX_DEPTH || rows.length < 2 ? null : bestSplit(x, y, rows);
    if (split == null) {
      return index;
    }
    int[] left = Arrays.stream(rows).filter(r -> x[r][split.feature] <= split.threshold)
        .toArray();
    int[] right = Arrays.stream(rows).filter(r -> x[r][split.feature] > split.threshold)
        .toArray();
    int l = grow(x, y, left, depth + 1, nodes);
    int r = grow(x, y, right, depth + 1, nodes);
    nodes.set(index, new Node(split.feature, split.threshold, l, r, mean));
    return index;
  }

  private record Split(int feature, double threshold, double gain) {}

  /** The split with the largest drop in squared error, threshold halfway between values. */
  private static Split bestSplit(double[][] x, double[] y, int[] rows) {
    Split best = null;
    double total = 0;
    double totalSq = 0;
    for (int r : rows) {
      total += y[r];
      totalSq += y[r] * y[r];
    }
    double parentSse = totalSq - total * total / rows.length;
    for (int f = 0; f < x[rows[0]].length; f++) {
      final int feature = f;
      Integer[] order = Arrays.stream(rows).boxed().toArray(Integer[]::new);
      Arrays.sort(order, Comparator.comparingDouble(r -> x[r][feature]));
      double leftSum = 0;
      double leftSq = 0;
      for (int i = 0; i < order.length - 1; i++) {
        leftSum += y[order[i]];
        leftSq += y[order[i]] * y[order[i]];
        double here = x[order[i]][f];
        double next = x[order[i + 1]][f];
        if (here == next) {
          continue;
        }
        int nl = i + 1;
        int nr = order.length - nl;
        double rightSum = total - leftSum;
        double sse = leftSq - leftSum * leftSum / nl + (totalSq - leftSq) - rightSum * rightSum / nr;
        double gain = parentSse - sse;
        if (gain > 1e-12 * Math.max(1, Math.abs(parentSse)) && (best == null || gain > best.gain)) {
          best = new Split(f, (here + next) / 2, gain);
        }
      }
    }
    return best;
  }
}
