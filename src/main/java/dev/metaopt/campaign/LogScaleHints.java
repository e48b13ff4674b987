package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The log-scale trap: W&B's {@code log_uniform} takes exponents of e, {@code log_uniform_values}
 * takes the values themselves, and Optuna's and scikit-learn's {@code loguniform} takes values.
 * So a misspelt log distribution is pointed at the {@code _values} form unless its bounds can
 * only be exponents, and a valid {@code log_uniform} whose bounds read like values is warned
 * about, with the range it would really sample.
 */
final class LogScaleHints {
  /** exp(13.8) ≈ 1e6: exponent bounds beyond this sample numbers no one tunes with. */
  private static final double LARGEST_PLAUSIBLE_EXPONENT = 13.8;

  /** Spellings from other libraries, without separators, and the W&B family they mean. */
  private static final Map<String, String> FAMILIES = Map.of(
      "loguniform", "log_uniform",
      "logunif", "log_uniform",
      "qloguniform", "q_log_uniform",
      "invloguniform", "inv_log_uniform",
      "reciprocal", "log_uniform");

  private LogScaleHints() {}

  /** The hint for an unknown distribution {@code name} in {@code spec}, if it is a log one. */
  static Optional<String> forUnknown(String name, JsonNode spec) {
    String family = FAMILIES.get(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""));
    if (family == null) {
      return Optional.empty();
    }
    JsonNode min = spec.path("min");
    boolean exponents = min.isNumber() && min.asDouble() <= 0;
    return Optional.of(exponents
        ? "did you mean '" + family + "'? (min " + min + " can only be an exponent of e; use '"
            + family + "_values' if min and max are the values themselves)"
        : "did you mean '" + family + "_values'? (min and max are the values themselves, as in"
            + " Optuna; '" + family + "' would read them as exponents of e)");
  }

  /** A warning for a valid exponent-form distribution whose bounds look like values. */
  static void warnIfValuesLike(JsonNode spec, String path, FieldChecks checks) {
    String name = spec.path("distribution").asText();
    JsonNode min = spec.path("min");
    JsonNode max = spec.path("max");
    if (!FAMILIES.containsValue(name) || !min.isNumber() || !max.isNumber()) {
      return;
    }
    double low = min.asDouble();
    double high = max.asDouble();
    if (low > 0 && (high <= 1 || high > LARGEST_PLAUSIBLE_EXPONENT)) {
      checks.warn(path + ".distribution", name + " samples e^" + min + " … e^" + max + " = "
          + range(low, high) + ", not " + min + " … " + max, Json.nodes().textNode(name),
          "if " + min + " … " + max + " are the values you want, use " + name + "_values");
    }
  }

  private static String range(double low, double high) {
    return String.format(Locale.ROOT, "%.4g … %.4g", Math.exp(low), Math.exp(high));
  }
}
