package dev.metaopt.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The benchmarks' seed-by-seed comparison says what the seeds can tell apart. */
class PairedComparisonTest {
  @Test
  void halfTheRegretOnEverySeedIsBetterBeyondLuck() {
    // given
    double[] sweep = regrets(20, 1);
    double[] campaign = new double[20];
    for (int i = 0; i < 20; i++) {
      campaign[i] = sweep[i] / 2;
    }

    // when
    PairedComparison paired = PairedComparison.of(campaign, sweep);

    // then: 20 of 20 seeds, two-sided p = 2 / 2^20 for the sign test
    assertThat(paired.better()).isEqualTo(20);
    assertThat(paired.signP()).isCloseTo(2 / Math.pow(2, 20), within(1e-12));
    assertThat(paired.wilcoxonP()).isLessThan(1e-4);
    assertThat(paired.medianRatio()).isCloseTo(0.5, within(1e-12));
    assertThat(paired.ratioLow()).isCloseTo(0.5, within(1e-12));
    assertThat(paired.ratioHigh()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void methodsThatTradeSeedsAreNotToldApart() {
    // given: the same regrets, swapped between the two methods in pairs of seeds
    double[] sweep = regrets(20, 2);
    double[] campaign = new double[20];
    for (int i = 0; i < 20; i++) {
      campaign[i] = sweep[i ^ 1];
    }

    // when
    PairedComparison paired = PairedComparison.of(campaign, sweep);

    // then
    assertThat(paired.better()).isEqualTo(10);
    assertThat(paired.worse()).isEqualTo(10);
    assertThat(paired.signP()).isCloseTo(1, within(1e-12));
    assertThat(paired.wilcoxonP()).isGreaterThan(0.9);
    assertThat(paired.medianRatio()).isCloseTo(1, within(1e-12));
    assertThat(paired.ratioLow()).isLessThan(1);
    assertThat(paired.ratioHigh()).isGreaterThan(1);
  }

  @Test
  void theSignTestCountsOnlySeedsWithAWinner() {
    // given: 15 seeds better, 5 worse, 4 tied
    double[] sweep = new double[24];
    double[] campaign = new double[24];
    for (int i = 0; i < 24; i++) {
      sweep[i] = 1;
      campaign[i] = i < 15 ? 0.5 : i < 20 ? 2 : 1;
    }

    // when
    PairedComparison paired = PairedComparison.of(campaign, sweep);

    // then: R's binom.test(15, 20) gives p = 0.04139
    assertThat(paired.signP()).isCloseTo(0.04139, within(1e-5));
  }

  @Test
  void seedsWhereBothDidAsWellAreLeftOutOfTheTests() {
    // given: a change that leaves 17 of 20 sweeps as they were, one better and two worse
    double[] before = regrets(20, 3);
    double[] after = before.clone();
    after[0] = before[0] / 2;
    after[1] = before[1] * 2;
    after[2] = before[2] * 3;

    // when
    PairedComparison paired = PairedComparison.of(after, before);

    // then: three seeds cannot show a difference (counting the 17 ties in Wilcoxon's ranks,
    // as Commons Math does, gave p = 0.0006)
    assertThat(paired.better()).isEqualTo(1);
    assertThat(paired.worse()).isEqualTo(2);
    assertThat(paired.signP()).isCloseTo(1, within(1e-12));
    assertThat(paired.wilcoxonP()).isGreaterThan(0.2);
  }

  /** Regrets spread over four decades, as the benchmark's are. */
  private static double[] regrets(int seeds, long stream) {
    SplittableRandom random = new SplittableRandom(stream);
    double[] regrets = new double[seeds];
    for (int i = 0; i < seeds; i++) {
      regrets[i] = Math.pow(10, random.nextDouble(-8, -4));
    }
    return regrets;
  }
}
