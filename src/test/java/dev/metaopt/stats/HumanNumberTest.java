package dev.metaopt.stats;

import static org.assertj.core.api.Assertions.assertThat;

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
}
