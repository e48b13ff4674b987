package dev.metaopt.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * Two methods' regrets on the same seeds, compared seed by seed: whether a difference in the
 * medians is more than the seeds' luck. A 20-seed median of regrets near an optimum moves more
 * between samples of seeds than between two close methods (docs/BENCHMARKS.md), so "better" or
 * "no worse" is said with a paired test beside it: the sign test on which side won each seed
 * and Wilcoxon's signed-rank test on the log ratios (both two-sided; Commons Math's
 * {@code BinomialTest} and {@code WilcoxonSignedRankTest}, exact up to 30 seeds; seeds where
 * both did exactly as well are left out of both, as Wilcoxon's own test leaves out zero
 * differences), and a bootstrap 95% interval of the ratio of the medians (seeds resampled in
 * pairs, Efron &amp; Tibshirani 1993, "An introduction to the bootstrap", percentile interval).
 */
record PairedComparison(int better, int worse, double signP, double wilcoxonP,
    double medianRatio, double ratioLow, double ratioHigh) {
  static final int BOOTSTRAP_DRAWS = 10_000;

  /** {@code a} against {@code b}: {@code better} counts the seeds where {@code a} is lower. */
  static PairedComparison of(double[] a, double[] b) {
    int better = 0;
    int worse = 0;
    for (int i = 0; i < a.length; i++) {
      better += a[i] < b[i] ? 1 : 0;
      worse += a[i] > b[i] ? 1 : 0;
    }
    // Commons Math 3.6's two-sided binomial test counts the middle outcome in both tails when
    // the count is exactly half (10 of 20 gives 1.18): a probability is at most 1
    double signP = better + worse == 0 ? 1 : Math.min(1, new BinomialTest().binomialTest(
        better + worse, better, 0.5, AlternativeHypothesis.TWO_SIDED));
    double[] interval = bootstrapInterval(a, b);
    return new PairedComparison(better, worse, signP, wilcoxonP(a, b),
        SearchBenchmark.median(a) / SearchBenchmark.median(b), interval[0], interval[1]);
  }

  /**
   * Wilcoxon's two-sided p over the seeds where {@code a} and {@code b} differ: Commons Math
   * ranks a zero difference with the others and adds it to one side's sum, so seeds that tie
   * (a method change that leaves most sweeps as they were) would make any difference look
   * significant.
   */
  private static double wilcoxonP(double[] a, double[] b) {
    int differing = 0;
    double[] logA = new double[a.length];
    double[] logB = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        // a regret of exactly 0 (the optimum itself) still has a finite logarithm
        logA[differing] = Math.log(Math.max(a[i], Double.MIN_NORMAL));
        logB[differing] = Math.log(Math.max(b[i], Double.MIN_NORMAL));
        differing++;
      }
    }
    if (differing == 0) {
      return 1;
    }
    return new WilcoxonSignedRankTest().wilcoxonSignedRankTest(
        Arrays.copyOf(logA, differing), Arrays.copyOf(logB, differing), differing <= 30);
  }

  /** The 2.5% and 97.5% points of the ratio of the medians over paired resamplings. */
  private static double[] bootstrapInterval(double[] a, double[] b) {
    int n = a.length;
    double[] ratios = new double[BOOTSTRAP_DRAWS];
    SplittableRandom random = new SplittableRandom(n); // the same interval on every run
    double[] sampleA = new double[n];
    double[] sampleB = new double[n];
    for (int draw = 0; draw < BOOTSTRAP_DRAWS; draw++) {
      for (int i = 0; i < n; i++) {
        int seed = random.nextInt(n);
        sampleA[i] = a[seed];
        sampleB[i] = b[seed];
      }
      ratios[draw] = SearchBenchmark.median(sampleA) / SearchBenchmark.median(sampleB);
    }
    Arrays.sort(ratios);
    return new double[] {ratios[(int) (0.025 * BOOTSTRAP_DRAWS)],
        ratios[(int) (0.975 * BOOTSTRAP_DRAWS) - 1]};
  }
}
