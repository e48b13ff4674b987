package dev.metaopt.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Numbers rounded for people: four significant digits, plain notation where it stays short,
 * scientific notation for the very small and very large. Full precision belongs in JSON files;
 * this is for reports, tables and messages.
 */
public final class HumanNumber {
  private static final MathContext FOUR_DIGITS = new MathContext(4);

  private HumanNumber() {}

  /** {@code 0.22353552414707087} → {@code 0.2235}, {@code 2.0658e-5} → {@code 2.066e-05}, {@code 0.0005} → {@code 0.0005}. */
  public static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.isNaN(value) ? "NaN" : value > 0 ? "inf" : "-inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return Long.toString((long) value);
    }
    double magnitude = Math.abs(value);
    if (magnitude >= 1e-4 && magnitude < 1e6) {
      return BigDecimal.valueOf(value).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
    }
    String scientific = String.format(Locale.ROOT, "%.3e", value);
    int e = scientific.indexOf('e');
    String mantissa = scientific.substring(0, e).replaceAll("\\.?0+$", "");
    return mantissa + scientific.substring(e);
  }

  /**
   * An amount with two decimals, rounded half up, with a dot whatever the locale: what {@code
   * String.format(Locale.ROOT, "%.2f", amount)} prints, without a Formatter, whose first use
   * loads the locale's number symbols (CLDR data) — a noticeable part of {@code metaopt status}.
   */
  public static String cents(double amount) {
    if (!Double.isFinite(amount)) {
      return String.valueOf(amount);
    }
    String digits =
        BigDecimal.valueOf(Math.abs(amount)).setScale(2, RoundingMode.HALF_UP).toPlainString();
    return Math.copySign(1.0, amount) < 0 ? "-" + digits : digits; // -0.001 is "-0.00" too
  }

  /** {@link #format(double)} for a nullable value; an em dash when absent. */
  public static String format(Double value) {
    return value == null ? "—" : format(value.doubleValue());
  }
}
