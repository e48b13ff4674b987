package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep's parameters as the model-based samplers see them: the searchable {@link Dimension}s,
 * in declaration order, and the constants. Translates configurations to model coordinates and
 * back, and says whether a configuration (for instance one measured by an earlier sweep) lies
 * inside this space.
 */
final class SearchSpace {
  private final List<Parameter> parameters;
  private final List<Dimension> dimensions = new ArrayList<>();

  SearchSpace(SweepSpec spec) {
    this.parameters = spec.parameters();
    for (Parameter p : parameters) {
      if (p.kind() != Parameter.Kind.CONSTANT) {
        dimensions.add(Dimension.of(p));
      }
    }
  }

  List<Dimension> dimensions() {
    return dimensions;
  }

  int size() {
    return dimensions.size();
  }

  /** Model coordinates of {@code config}, or null when it lies outside this space. */
  double[] encode(Map<String, JsonNode> config) {
    return encode(config, false);
  }

  /**
   * Model coordinates of {@code config} when it has this space's parameters, constants and
   * categories, numbers allowed past the bounds (the GP's context: {@link SearchSetup#beyond});
   * null otherwise.
   */
  double[] encodeBeyond(Map<String, JsonNode> config) {
    return encode(config, true);
  }

  private double[] encode(Map<String, JsonNode> config, boolean beyondBounds) {
    if (config == null || !config.keySet().equals(keys())) {
      return null;
    }
    for (Parameter p : parameters) {
      if (p.kind() == Parameter.Kind.CONSTANT && !sameValue(p.values().get(0),
          config.get(p.path()))) {
        return null;
      }
    }
    double[] x = new double[dimensions.size()];
    for (int i = 0; i < x.length; i++) {
      Dimension d = dimensions.get(i);
      x[i] = d.coordinateOf(config.get(d.parameter().path()), beyondBounds);
      if (Double.isNaN(x[i])) {
        return null;
      }
    }
    return x;
  }

  /** The configuration at model coordinates {@code x}, constants included, in declared order. */
  Map<String, JsonNode> decode(double[] x) {
    Map<String, JsonNode> config = new LinkedHashMap<>();
    int i = 0;
    for (Parameter p : parameters) {
      config.put(p.path(), p.kind() == Parameter.Kind.CONSTANT ? p.values().get(0)
          : dimensions.get(i).valueOf(x[i++]));
    }
    return config;
  }

  private Set<String> keys() {
    Set<String> keys = new HashSet<>();
    parameters.forEach(p -> keys.add(p.path()));
    return keys;
  }

  /** Equal values, numbers compared by value (so {@code 3}, {@code 3.0} and {@code 3e0} agree). */
  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return false;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.asDouble() == b.asDouble();
    }
    return a.equals(b);
  }
}
