package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One swept parameter with W&B semantics. {@code path} is dotted for nested parameters
 * ({@code optimizer.lr}). Numeric distributions are sampled in an internal coordinate
 * ({@link #toInternal}/{@link #fromInternal}: the log for log distributions) so the Bayesian
 * optimiser can model them on the scale they are searched on.
 */
public record Parameter(String path, Kind kind, List<JsonNode> values, double[] probabilities,
    Distribution distribution, double min, double max, double mu, double sigma, double q) {

  /** Constant, categorical (a list of values) or a numeric distribution. */
  public enum Kind { CONSTANT, CATEGORICAL, NUMERIC }

  /** The W&B numeric distributions. */
  public enum Distribution {
    INT_UNIFORM, UNIFORM, Q_UNIFORM, LOG_UNIFORM, LOG_UNIFORM_VALUES, Q_LOG_UNIFORM,
    Q_LOG_UNIFORM_VALUES, INV_LOG_UNIFORM, INV_LOG_UNIFORM_VALUES, NORMAL, Q_NORMAL, LOG_NORMAL,
    Q_LOG_NORMAL;

    boolean bounded() {
      return this != NORMAL && this != Q_NORMAL && this != LOG_NORMAL && this != Q_LOG_NORMAL;
    }
  }

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Draws a value from the prior. */
  public JsonNode sample(SplittableRandom random) {
    return switch (kind) {
      case CONSTANT -> values.get(0);
      case CATEGORICAL -> values.get(pick(random));
      case NUMERIC -> fromInternal(priorInternal(random));
    };
  }

  private int pick(SplittableRandom random) {
    if (probabilities == null) {
      return random.nextInt(values.size());
    }
    double u = random.nextDouble();
    double cumulative = 0;
    for (int i = 0; i < probabilities.length; i++) {
      cumulative += probabilities[i];
      if (u < cumulative) {
        return i;
      }
    }
    return probabilities.length - 1;
  }

  /** A prior draw in internal coordinates. */
  double priorInternal(SplittableRandom random) {
    return switch (distribution) {
      case NORMAL, Q_NORMAL, LOG_NORMAL, Q_LOG_NORMAL -> mu + sigma * gaussian(random);
      default -> lowInternal() + random.nextDouble() * (highInternal() - lowInternal());
    };
  }

  /** Lower bound in internal coordinates (bounded distributions). */
  double lowInternal() {
    return switch (distribution) {
      case LOG_UNIFORM, Q_LOG_UNIFORM -> min;               // min/max are exponents
      case LOG_UNIFORM_VALUES, Q_LOG_UNIFORM_VALUES -> Math.log(min);
      case INV_LOG_UNIFORM -> -max;                           // value = exp(-x)
      case INV_LOG_UNIFORM_VALUES -> Math.log(1 / max);
      case INT_UNIFORM -> min - 0.5;
      default -> min;
    };
  }

  double highInternal() {
    return switch (distribution) {
      case LOG_UNIFORM, Q_LOG_UNIFORM -> max;
      case LOG_UNIFORM_VALUES, Q_LOG_UNIFORM_VALUES -> Math.log(max);
      case INV_LOG_UNIFORM -> -min;
      case INV_LOG_UNIFORM_VALUES -> Math.log(1 / min);
      case INT_UNIFORM -> max + 0.5;
      default -> max;
    };
  }

  /** The value for an internal coordinate: exponentiated, inverted, quantised or rounded. */
  JsonNode fromInternal(double x) {
    double value = switch (distribution) {
      case LOG_UNIFORM, LOG_UNIFORM_VALUES, Q_LOG_UNIFORM, Q_LOG_UNIFORM_VALUES, LOG_NORMAL,
          Q_LOG_NORMAL -> Math.exp(x);
      case INV_LOG_UNIFORM -> Math.exp(-x);
      case INV_LOG_UNIFORM_VALUES -> 1 / Math.exp(x);
      default -> x;
    };
    if (distribution.bounded() && distribution != Distribution.INT_UNIFORM) {
      value = Math.max(boundLow(), Math.min(boundHigh(), value));
    }
    if (distribution == Distribution.INT_UNIFORM) {
      long rounded = Math.max((long) min, Math.min((long) max, Math.round(value)));
      return NODES.numberNode(rounded);
    }
    return quantised() ? multipleOfQ(Math.round(value / q)) : NODES.numberNode(value);
  }

  private boolean quantised() {
    return distribution.name().startsWith("Q_");
  }

  /** {@code k · q}, written as an integer when it is one and q is too. */
  private JsonNode multipleOfQ(long k) {
    double value = k * q;
    return q == Math.rint(q) && value == Math.rint(value) ? NODES.numberNode((long) value)
        : NODES.numberNode(value);
  }

  /** The internal coordinate of a value (inverse of {@link #fromInternal}). */
  double toInternal(double value) {
    return switch (distribution) {
      case LOG_UNIFORM, LOG_UNIFORM_VALUES, Q_LOG_UNIFORM, Q_LOG_UNIFORM_VALUES, LOG_NORMAL,
          Q_LOG_NORMAL -> Math.log(Math.max(value, Double.MIN_NORMAL));
      case INV_LOG_UNIFORM -> -Math.log(Math.max(value, Double.MIN_NORMAL));
      case INV_LOG_UNIFORM_VALUES -> Math.log(1 / Math.max(value, Double.MIN_NORMAL));
      default -> value;
    };
  }

  /**
   * True when {@code value} is one a quantised draw can give although it lies past a bound: W&B
   * rounds the draw to the nearest multiple of q ({@link #fromInternal}), up to q/2 beyond min or
   * max ({@link #possibleValues} lists them).
   */
  boolean roundedPastBound(double value) {
    if (!quantised() || !distribution.bounded()) {
      return false;
    }
    double lowest = multipleOfQ(lowestMultiple()).asDouble();
    double highest = multipleOfQ(highestMultiple()).asDouble();
    double slack = 1e-9 * Math.max(1, Math.abs(highest - lowest));
    return value >= lowest - slack && value <= highest + slack
        && (value < boundLow() || value > boundHigh());
  }

  /** The lowest k of the multiples k·q a bounded quantised draw rounds to. */
  private long lowestMultiple() {
    return Math.round(boundLow() / q);
  }

  /** The highest such k: the draw's range rounded, so up to q/2 past the bound. */
  private long highestMultiple() {
    return Math.round(boundHigh() / q);
  }

  private double boundLow() {
    return switch (distribution) {
      case LOG_UNIFORM, Q_LOG_UNIFORM -> Math.exp(min);
      case INV_LOG_UNIFORM -> Math.exp(-max);
      case INV_LOG_UNIFORM_VALUES -> min;
      default -> min;
    };
  }

  private double boundHigh() {
    return switch (distribution) {
      case LOG_UNIFORM, Q_LOG_UNIFORM -> Math.exp(max);
      case INV_LOG_UNIFORM -> Math.exp(-min);
      default -> max;
    };
  }

  /**
   * Every value a draw or a model's suggestion can take, when they are finitely many (so a space
   * of such parameters can be run to its end): the constant, the categories, each integer of
   * {@code int_uniform}, and each multiple of q that a bounded quantised distribution rounds to
   * ({@link #fromInternal}); empty for any other distribution or more than
   * {@link Combinations#MAX_SIZE} values.
   */
  Optional<List<JsonNode>> possibleValues() {
    if (kind != Kind.NUMERIC) {
      return Optional.of(values);
    }
    if (distribution == Distribution.INT_UNIFORM) {
      return gridValues();
    }
    if (!quantised() || !distribution.bounded()) {
      return Optional.empty();
    }
    // counted in doubles first: huge bounds would overflow the longs below
    if (!(boundHigh() / q - boundLow() / q < Combinations.MAX_SIZE)) {
      return Optional.empty();
    }
    List<JsonNode> all = new ArrayList<>();
    for (long k = lowestMultiple(); k <= highestMultiple(); k++) {
      all.add(multipleOfQ(k));
    }
    return Optional.of(all);
  }

  /**
   * The values W&B's grid search runs (wandb/sweeps, {@code src/sweeps/grid_search.py},
   * {@code grid_search_next_runs}): the constant, the categories (without probabilities), every
   * integer of {@code int_uniform}, and {@code q_uniform} as {@code numpy.arange(min, max, q)} —
   * from min in steps of q, max itself left out; empty for anything else (W&B refuses it in a
   * grid) or more than {@link Combinations#MAX_SIZE} values.
   */
  Optional<List<JsonNode>> gridValues() {
    if (kind != Kind.NUMERIC) {
      return probabilities == null ? Optional.of(values) : Optional.empty();
    }
    boolean integers = distribution == Distribution.INT_UNIFORM;
    if (!integers && distribution != Distribution.Q_UNIFORM) {
      return Optional.empty();
    }
    double size = integers ? max - min + 1 : Math.ceil((max - min) / q); // a double: no overflow
    if (!(size <= Combinations.MAX_SIZE)) {
      return Optional.empty();
    }
    long count = (long) size;
    List<JsonNode> all = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      all.add(integers ? NODES.numberNode((long) min + i) : arangeValue(min + i * q));
    }
    return Optional.of(all);
  }

  /** A value of {@code numpy.arange(min, max, q)}: integers when min and q are. */
  private JsonNode arangeValue(double value) {
    return min == Math.rint(min) && q == Math.rint(q) ? NODES.numberNode((long) value)
        : NODES.numberNode(value);
  }

  static double gaussian(SplittableRandom random) {
    double u1 = Math.max(random.nextDouble(), 1e-300);
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
