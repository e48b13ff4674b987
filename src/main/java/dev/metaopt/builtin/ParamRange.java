package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.Locale;
import java.util.Optional;

/**
 * A numeric W&B parameter spec seen as a range: its bounds, whether it is searched on a log scale
 * and whether it takes integers. Specs that are not plain ranges (values, normal distributions,
 * nested parameters) are left to the caller.
 */
record ParamRange(double min, double max, boolean log, boolean integer) {
  /** The range of {@code spec}, if it is one. */
  static Optional<ParamRange> of(JsonNode spec) {
    if (!spec.path("min").isNumber() || !spec.path("max").isNumber()) {
      return Optional.empty();
    }
    String distribution = spec.path("distribution").asText("");
    boolean integer = distribution.equals("int_uniform") || (distribution.isEmpty()
        && spec.path("min").isIntegralNumber() && spec.path("max").isIntegralNumber());
    boolean log = distribution.equals("log_uniform_values");
    if (!distribution.isEmpty() && !integer && !log && !distribution.equals("uniform")) {
      return Optional.empty(); // q_*, exponent-scaled log_uniform, normal: keep as declared
    }
    return Optional.of(new ParamRange(spec.path("min").asDouble(), spec.path("max").asDouble(),
        log, integer));
  }

  /** A range of relative width {@code factor} around {@code center}, clipped to this one. */
  ParamRange around(double center, double factor) {
    double low;
    double high;
    if (log && center > 0) {
      low = center / factor;
      high = center * factor;
    } else {
      double half = (max - min) / (2 * factor);
      low = center - half;
      high = center + half;
    }
    return clip(low, high);
  }

  /** This range pushed past the bound {@code value} sits at, by its own width, clipped to {@code limits}. */
  ParamRange widenedAt(double value, ParamRange limits) {
    boolean atTop = Math.abs(max - value) <= Math.abs(value - min);
    double low = min;
    double high = max;
    if (log && min > 0) {
      double ratio = max / min;
      low = atTop ? min : min / ratio;
      high = atTop ? max * ratio : max;
    } else {
      double width = max - min;
      low = atTop ? min : min - width;
      high = atTop ? max + width : max;
    }
    return limits.clip(low, high);
  }

  /** True when {@code value} lies in the outer 10% of this range (on its own scale). */
  boolean atBound(double value) {
    double position = position(value);
    return position <= 0.1 || position >= 0.9;
  }

  /** Where {@code value} lies in this range on its own scale: 0 at min, 1 at max. */
  double position(double value) {
    return log && min > 0 && value > 0
        ? Math.log(value / min) / Math.log(max / min) : (value - min) / (max - min);
  }

  /** True when {@code value} equals {@code bound} up to floating-point rounding. */
  boolean isAt(double value, double bound) {
    return Math.abs(value - bound) <= 1e-9 * Math.max(1.0, Math.abs(bound));
  }

  ParamRange clip(double low, double high) {
    double a = Math.max(min, low);
    double b = Math.min(max, high);
    if (integer) {
      // keep at least two integers in range, inside the outer bounds
      a = Math.floor(a);
      b = Math.ceil(b);
      if (b <= a) {
        b = Math.min(max, a + 1);
        a = Math.max(min, b - 1);
      }
    }
    return a < b ? new ParamRange(a, b, log, integer) : this;
  }

  /** The W&B spec of this range. */
  ObjectNode spec() {
    ObjectNode spec = Json.object();
    if (integer) {
      spec.put("distribution", "int_uniform");
      spec.put("min", (long) min);
      spec.put("max", (long) max);
    } else {
      spec.put("distribution", log ? "log_uniform_values" : "uniform");
      spec.put("min", round(min));
      spec.put("max", round(max));
    }
    return spec;
  }

  /** Short text for rationales: {@code [0.003, 0.03]}. */
  String describe() {
    return integer ? "[" + (long) min + ", " + (long) max + "]"
        : String.format(Locale.ROOT, "[%.4g, %.4g]", min, max);
  }

  private static double round(double value) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.6g", value));
  }
}
