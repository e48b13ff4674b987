package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The configurations of a finite space, numbered as W&B's grid numbers them: the last parameter
 * varies fastest ({@code itertools.product} in wandb/sweeps {@code grid_search.py}).
 */
record Combinations(List<Parameter> parameters, List<List<JsonNode>> options) {
  /** Most configurations a space may have and still be enumerated. */
  static final long MAX_SIZE = 100_000;

  /**
   * The space of {@code spec} with each parameter taking {@code valuesOf} it; empty when a
   * parameter has no finite list or the space exceeds {@link #MAX_SIZE}.
   */
  static Optional<Combinations> of(SweepSpec spec,
      Function<Parameter, Optional<List<JsonNode>>> valuesOf) {
    List<List<JsonNode>> options = new ArrayList<>();
    long size = 1;
    for (Parameter p : spec.parameters()) {
      Optional<List<JsonNode>> values = valuesOf.apply(p);
      if (values.isEmpty()) {
        return Optional.empty();
      }
      options.add(values.get());
      size *= values.get().size();
      if (size > MAX_SIZE) {
        return Optional.empty();
      }
    }
    return Optional.of(new Combinations(spec.parameters(), options));
  }

  long size() {
    long size = 1;
    for (List<JsonNode> values : options) {
      size *= values.size();
    }
    return size;
  }

  /** Configuration number {@code index}, {@code 0 ≤ index < size()}. */
  Map<String, JsonNode> get(long index) {
    JsonNode[] chosen = new JsonNode[parameters.size()];
    long rest = index;
    for (int i = parameters.size() - 1; i >= 0; i--) {
      List<JsonNode> values = options.get(i);
      chosen[i] = values.get((int) (rest % values.size()));
      rest /= values.size();
    }
    Map<String, JsonNode> config = new LinkedHashMap<>();
    for (int i = 0; i < chosen.length; i++) {
      config.put(parameters.get(i).path(), chosen[i]);
    }
    return config;
  }
}
