package dev.metaopt.builtin;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Spearman rank correlation (average ranks for ties); NaN when either side is constant. */
final class Spearman {
  private Spearman() {}

  static double rho(double[] xs, double[] ys) {
    double[] rx = ranks(xs);
    double[] ry = ranks(ys);
    double mx = Arrays.stream(rx).average().orElse(0);
    double my = Arrays.stream(ry).average().orElse(0);
    double num = 0;
    double dx = 0;
    double dy = 0;
    for (int i = 0; i < rx.length; i++) {
      num += (rx[i] - mx) * (ry[i] - my);
      dx += (rx[i] - mx) * (rx[i] - mx);
      dy += (ry[i] - my) * (ry[i] - my);
    }
    return dx == 0 || dy == 0 ? Double.NaN : num / Math.sqrt(dx * dy);
  }

  static double[] ranks(double[] values) {
    Integer[] order = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && values[order[j + 1]] == values[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    return ranks;
  }
}
