package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * W&B's rules on the fields and numbers of one parameter spec (wandb/sweeps, {@code
 * src/sweeps/config/schema.json}: {@code q} with {@code exclusiveMinimum: 0}, {@code min} of the
 * {@code *_values} log distributions with {@code exclusiveMinimum: 0}, {@code int_uniform}'s
 * bounds of type integer, min and max required for a range, value for constant and values for
 * categorical; {@code schema.py}, {@code validate_min_max}: min < max, and {@code
 * validate_categorical_prob}: probabilities that sum to 1 by {@code numpy.isclose}). One place
 * for the campaign validator, which checks the declared search space before anything runs, and
 * the local backend, which parses the sweep configs workers propose.
 */
public final class ParameterBounds {
  /** One broken rule: the field of the spec, the rule, its value and what to write instead. */
  public record Problem(String field, String rule, JsonNode value, String hint) {
    /** The problem as one sentence about the spec at {@code where}. */
    public String message(String where) {
      return where + "." + field + " " + rule
          + (value == null ? "" : " (got " + FieldChecks.render(value) + ")") + "; " + hint;
    }
  }

  /** The W&B distributions drawn between min and max. */
  private static final Set<String> DRAWN_BETWEEN_BOUNDS = Set.of("int_uniform", "uniform",
      "q_uniform", "log_uniform", "log_uniform_values", "q_log_uniform", "q_log_uniform_values",
      "inv_log_uniform", "inv_log_uniform_values");

  /** The log distributions whose min and max are exponents of e. */
  private static final Set<String> EXPONENT_RANGES = Set.of("log_uniform", "q_log_uniform",
      "inv_log_uniform");
  /** e to more than this is past {@link Double#MAX_VALUE}. */
  private static final double MAX_EXPONENT = 709;
  private static final double MAX_EXACT_INTEGER = 9007199254740992.0; // 2^53

  private ParameterBounds() {}

  /**
   * True when {@code distribution} draws between a min and a max that bound the values
   * themselves (a spec without a distribution is such a range too); false for the exponent
   * forms, whose min and max bound a power of e, and for every other distribution.
   */
  public static boolean boundsTheValues(String distribution) {
    return distribution.isEmpty() || (DRAWN_BETWEEN_BOUNDS.contains(distribution)
        && !EXPONENT_RANGES.contains(distribution));
  }

  /**
   * The broken rules of {@code spec}, none for a spec W&B would accept (and two it would, whose
   * values no search can use: {@code sigma: 0}, and bounds past what a double holds).
   */
  public static List<Problem> of(JsonNode spec) {
    List<Problem> problems = new ArrayList<>();
    String distribution = spec.path("distribution").asText("");
    JsonNode q = spec.path("q");
    if (q.isNumber() && !(q.asDouble() > 0)) {
      problems.add(new Problem("q", "must be > 0", q, "the step values are rounded to, e.g."
          + " q: 1 for whole numbers"));
    }
    JsonNode sigma = spec.path("sigma");
    if (sigma.isNumber() && !(sigma.asDouble() > 0)) {
      // W&B accepts 0 (minimum: 0), but that spread is the constant mu, which no search needs
      problems.add(new Problem("sigma", "must be > 0", sigma, sigma.asDouble() == 0
          ? "a spread of 0 is the constant mu: write value: " + (spec.path("mu").isNumber()
              ? FieldChecks.render(spec.path("mu")) : "0")
          : "the spread of the normal distribution, e.g. sigma: 1"));
    }
    requiredChoices(spec, distribution, problems);
    rangeBounds(spec, distribution, problems);
    JsonNode min = spec.path("min");
    if (distribution.endsWith("_values") && min.isNumber() && !(min.asDouble() > 0)) {
      problems.add(new Problem("min", "must be > 0 for " + distribution + " (its values are"
          + " searched on a log scale)", min, "e.g. min: 1e-5"));
    }
    if (distribution.equals("int_uniform")) {
      integerBounds(spec, problems);
    }
    if (EXPONENT_RANGES.contains(distribution)) {
      exponentBounds(spec, distribution, problems);
    }
    probabilitiesSum(spec.path("probabilities"), problems);
    return problems;
  }

  /**
   * W&B's schema: {@code distribution: constant} takes a {@code value} ({@code
   * param_single_value}), {@code categorical} a list of {@code values} ({@code
   * param_categorical}).
   */
  private static void requiredChoices(JsonNode spec, String distribution,
      List<Problem> problems) {
    if (distribution.equals("constant") && !spec.has("value")) {
      problems.add(new Problem("value", "is required for distribution constant", null,
          "e.g. {distribution: constant, value: 0.1}, or just {value: 0.1}"));
    } else if (distribution.equals("categorical") && !spec.has("values")) {
      problems.add(new Problem("values", "is required for distribution categorical", null,
          "e.g. {distribution: categorical, values: [a, b]}, or just {values: [a, b]}"));
    }
  }

  /**
   * A range needs both ends, the lower first: W&B's schema requires min and max for every
   * distribution drawn between them ({@code param_uniform}, {@code param_int_uniform}, the
   * log and quantised ones; the normal family is drawn around mu and takes neither), and {@code
   * schema.py}'s {@code validate_min_max} refuses min >= max.
   */
  private static void rangeBounds(JsonNode spec, String distribution, List<Problem> problems) {
    JsonNode min = spec.path("min");
    JsonNode max = spec.path("max");
    // without a distribution, a spec that is neither a choice nor nested is a range
    boolean range = DRAWN_BETWEEN_BOUNDS.contains(distribution) || (distribution.isEmpty()
        && !spec.has("value") && !spec.has("values") && !spec.has("parameters"));
    if (range) {
      for (String bound : List.of("min", "max")) {
        if (!spec.has(bound)) {
          problems.add(new Problem(bound, "is required " + (distribution.isEmpty()
              ? "(a parameter without value, values or parameters is a range)"
              : "for a range (distribution " + distribution + ")"), null,
              "give both ends, e.g. {" + (distribution.isEmpty() ? ""
                  : "distribution: " + distribution + ", ") + "min: 0.1, max: 0.9}"));
        }
      }
    }
    if (min.isNumber() && max.isNumber() && !(min.asDouble() < max.asDouble())) {
      problems.add(new Problem("max", "must be greater than min (" + FieldChecks.render(min)
          + ")", max, min.asDouble() == max.asDouble()
              ? "for one value, write value: " + FieldChecks.render(min)
              : "swap min and max"));
    }
  }

  private static void integerBounds(JsonNode spec, List<Problem> problems) {
    for (String bound : List.of("min", "max")) {
      JsonNode value = spec.path(bound);
      if (value.isNumber() && value.asDouble() != Math.rint(value.asDouble())) {
        problems.add(new Problem(bound, "must be an integer for int_uniform", value,
            "for fractional bounds use uniform, or q_uniform with a step q"));
      } else if (value.isNumber() && Math.abs(value.asDouble()) > MAX_EXACT_INTEGER) {
        // W&B draws with numpy's randint over int64; a double holds integers exactly to 2^53
        problems.add(new Problem(bound, "must lie within ±2^53 (9007199254740992) for"
            + " int_uniform", value, "beyond it integers are not exact; use"
            + " log_uniform_values for a range over many orders of magnitude"));
      }
    }
  }

  /**
   * The exponent-scaled log distributions draw e to a power between min and max (W&B's {@code
   * param_loguniform}); beyond ±709 that power is past the largest double, and every value
   * would be infinite or 0.
   */
  private static void exponentBounds(JsonNode spec, String distribution,
      List<Problem> problems) {
    for (String bound : List.of("min", "max")) {
      JsonNode value = spec.path(bound);
      if (value.isNumber() && Math.abs(value.asDouble()) > MAX_EXPONENT) {
        problems.add(new Problem(bound, "must lie within ±" + (int) MAX_EXPONENT + " for "
            + distribution + " (it is an exponent of e)", value, "for bounds on the values"
            + " themselves use " + distribution + "_values, e.g. min: 1e-5, max: 0.1"));
      }
    }
  }

  /** A list of numbers that does not sum to 1 by {@code numpy.isclose}, as W&B checks it. */
  private static void probabilitiesSum(JsonNode probabilities, List<Problem> problems) {
    double sum = 0;
    for (JsonNode p : probabilities) {
      sum += p.isNumber() ? p.asDouble() : Double.NaN; // anything else is refused elsewhere
    }
    if (probabilities.isArray() && !probabilities.isEmpty() && Double.isFinite(sum)
        && Math.abs(sum - 1) > 1e-8 + 1e-5) {
      problems.add(new Problem("probabilities", "must sum to 1 (they sum to "
          + new BigDecimal(sum).round(new MathContext(6)).stripTrailingZeros().toPlainString()
          + ")", probabilities,
          "the chance of each value, e.g. values: [a, b] with probabilities: [0.7, 0.3]"));
    }
  }
}
