package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers and durations rounded for people ({@code 0.0005}, not {@code 5.000000000000001E-4};
 * {@code 1m12s}): what the terminal shows. Files keep full precision.
 */
public final class Human {
  private static final MathContext FOUR_DIGITS = new MathContext(4);

  private Human() {}

  /** Four significant digits, plain notation unless the number is very large or small. */
  public static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e6) {
      return Long.toString((long) value);
    }
    BigDecimal rounded = new BigDecimal(value).round(FOUR_DIGITS).stripTrailingZeros();
    double magnitude = Math.abs(value);
    return magnitude >= 1e-4 && magnitude < 1e6 ? rounded.toPlainString()
        : String.format(Locale.ROOT, "%.3e", value);
  }

  /** {@code 4.1s}, {@code 42s}, {@code 1m12s}, {@code 2h05m}. */
  public static String duration(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 10_000) {
      return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = Math.round(millis / 1000.0);
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return (seconds / 60) + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
    }
    return (seconds / 3600) + "h" + String.format(Locale.ROOT, "%02d", seconds % 3600 / 60) + "m";
  }

  /** The command that continues the campaign in {@code projectDir}, ready to paste. */
  public static String resumeCommand(Path projectDir) {
    String dir = projectDir.toAbsolutePath().normalize().toString();
    boolean plain = dir.chars()
        .allMatch(c -> Character.isLetterOrDigit(c) || "/._-+@%:,".indexOf(c) >= 0);
    return "metaopt resume -C " + (plain ? dir : "'" + dir.replace("'", "'\\''") + "'");
  }

  /** A trial's configuration as {@code lr=0.0005 hidden=32 activation=relu}. */
  public static String config(JsonNode config) {
    StringBuilder text = new StringBuilder();
    appendConfig(text, "", config);
    return text.toString().strip();
  }

  private static void appendConfig(StringBuilder text, String prefix, JsonNode node) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        appendConfig(text, prefix + field.getKey() + ".", value);
      } else {
        text.append(' ').append(prefix).append(field.getKey()).append('=')
            .append(value.isNumber() ? number(value.asDouble())
                : value.isTextual() ? value.asText() : value.toString());
      }
    }
  }
}
