package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.math3.special.Erf;

/**
 * One searchable parameter as the model-based samplers see it, in the space it is searched in:
 * a continuous coordinate (the log for log distributions, W&B's internal coordinate), an integer
 * one (a grid of step 1 inside {@code [min - 0.5, max + 0.5]}), or the index of a categorical
 * value. Normal distributions are unbounded: {@code low}/{@code high} are infinite and the prior
 * is {@code N(mu, sigma)} on the internal coordinate.
 */
record Dimension(Parameter parameter, Type type, double low, double high) {

  /** How a dimension is modelled. */
  enum Type { CONTINUOUS, INTEGER, CATEGORICAL }

  static Dimension of(Parameter p) {
    if (p.kind() == Parameter.Kind.CATEGORICAL) {
      return new Dimension(p, Type.CATEGORICAL, 0, p.values().size() - 1);
    }
    if (p.distribution() == Parameter.Distribution.INT_UNIFORM) {
      return new Dimension(p, Type.INTEGER, p.min(), p.max());
    }
    if (!p.distribution().bounded()) {
      return new Dimension(p, Type.CONTINUOUS, Double.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY);
    }
    return new Dimension(p, Type.CONTINUOUS, p.lowInternal(), p.highInternal());
  }

  boolean bounded() {
    return Double.isFinite(low);
  }

  int choices() {
    return parameter.values().size();
  }

  /** The lower edge of the modelled interval (integers own {@code ±0.5} around each value). */
  double lowEdge() {
    return type == Type.INTEGER ? low - 0.5 : low;
  }

  double highEdge() {
    return type == Type.INTEGER ? high + 0.5 : high;
  }

  /** Width of the modelled interval; for an unbounded one, that of the prior's ±2σ. */
  double range() {
    return bounded() ? highEdge() - lowEdge() : 4 * parameter.sigma();
  }

  /** Center of the prior: the middle of the range, or {@code mu}. */
  double priorCenter() {
    return bounded() ? 0.5 * (lowEdge() + highEdge()) : parameter.mu();
  }

  /** The model coordinate of {@code value}, or NaN when the value lies outside this dimension. */
  double coordinateOf(JsonNode value) {
    return coordinateOf(value, false);
  }

  /**
   * The coordinate of {@code value}; with {@code beyondBounds}, a number past this dimension's
   * bounds gets the coordinate it would have on an unbounded axis (for the model's context)
   * instead of NaN. A category not among the choices is NaN either way.
   */
  double coordinateOf(JsonNode value, boolean beyondBounds) {
    if (value == null) {
      return Double.NaN;
    }
    if (type == Type.CATEGORICAL) {
      for (int i = 0; i < parameter.values().size(); i++) {
        if (SearchSpace.sameValue(parameter.values().get(i), value)) {
          return i;
        }
      }
      return Double.NaN;
    }
    if (!value.isNumber()) {
      return Double.NaN;
    }
    double v = value.asDouble();
    if (type == Type.INTEGER) {
      return v == Math.rint(v) && (beyondBounds || v >= low && v <= high) ? v : Double.NaN;
    }
    double x = parameter.toInternal(v);
    if (!bounded()) {
      return Double.isFinite(x) ? x : Double.NaN;
    }
    if (parameter.roundedPastBound(v)) {
      return x < low ? low : high; // where the draw was made, before rounding took it past
    }
    // the value scale's bounds, compared with a tolerance for exp/log round trips
    double slack = 1e-9 * Math.max(1, Math.abs(high - low));
    if (beyondBounds && Double.isFinite(x) && (x < low - slack || x > high + slack)) {
      return x;
    }
    return x >= low - slack && x <= high + slack ? Math.max(low, Math.min(high, x)) : Double.NaN;
  }

  /** The value of a model coordinate: rounded, exponentiated or looked up as W&B would. */
  JsonNode valueOf(double coordinate) {
    return switch (type) {
      case CATEGORICAL -> parameter.values().get((int) Math.round(coordinate));
      case INTEGER -> parameter.fromInternal(Math.round(coordinate));
      case CONTINUOUS -> parameter.fromInternal(coordinate);
    };
  }

  /**
   * The coordinate scaled to {@code [0, 1]} for the Gaussian process: linear over a bounded
   * range, and through the prior's CDF for a normal one (as W&B's sweeps normalise every
   * parameter by its CDF: wandb/sweeps {@code params.py}, {@code HyperParameter.cdf}).
   */
  double toUnit(double coordinate) {
    if (!bounded()) {
      double z = (coordinate - parameter.mu()) / parameter.sigma();
      return Math.max(1e-6, Math.min(1 - 1e-6, 0.5 * Erf.erfc(-z / Math.sqrt(2))));
    }
    return (coordinate - lowEdge()) / (highEdge() - lowEdge());
  }

  /** Inverse of {@link #toUnit}; integers are rounded to the value whose cell holds the point. */
  double fromUnit(double unit) {
    double u = Math.max(0, Math.min(1, unit));
    if (!bounded()) {
      double p = Math.max(1e-6, Math.min(1 - 1e-6, u));
      return parameter.mu() + parameter.sigma() * -Math.sqrt(2) * Erf.erfcInv(2 * p);
    }
    double x = lowEdge() + u * (highEdge() - lowEdge());
    return type == Type.INTEGER ? Math.max(low, Math.min(high, Math.round(x))) : x;
  }
}
