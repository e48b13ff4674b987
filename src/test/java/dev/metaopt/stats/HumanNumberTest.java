package dev.metaopt.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Numbers for people: four significant digits, plain where short. */
class HumanNumberTest {
  @Test
  void roundsToFourSignificantDigits() {
    assertThat(HumanNumber.format(0.22353552414707087)).isEqualTo("0.2235");
    assertThat(HumanNumber.format(0.945)).isEqualTo("0.945");
    assertThat(HumanNumber.format(0.0005)).isEqualTo("0.0005");
    assertThat(HumanNumber.format(2.0658249E-5)).isEqualTo("2.066e-05");
    assertThat(HumanNumber.format(16.0)).isEqualTo("16");
    assertThat(HumanNumber.format(1234.5678)).isEqualTo("1235");
    assertThat(HumanNumber.format(Double.NaN)).isEqualTo("NaN");
    assertThat(HumanNumber.format((Double) null)).isEqualTo("—");
  }

  @Test
  void centsArePrintedAsPercentPoint2fPrintsThem() {
    double[] amounts = {0, 0.005, 0.015, 0.125, 1.005, 2.675, 0.994999, 0.995, 12.3456, 1e7 + 0.555,
        123456789.125, 1e-9, -0.015, -3.14159, -0.001, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE};
    for (double amount : amounts) {
      assertThat(HumanNumber.cents(amount)).as("%s", amount)
          .isEqualTo(String.format(Locale.ROOT, "%.2f", amount));
    }
  }
}
