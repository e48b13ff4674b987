package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Chooses the configuration of trial number {@code index} of a sweep: the next grid point, a
 * random draw, or a Bayesian (TPE) suggestion from the finished trials. Deterministic for a given
 * seed, index and history, so a resumed sweep suggests what an uninterrupted one would.
 */
final class Suggester {
  /** A finished trial as the optimiser sees it: its flat values and its metric. */
  record Observation(Map<String, JsonNode> values, double metric) {}

  private Suggester() {}

  /** Grid size, or -1 when the space is not enumerable. */
  static long gridSize(SweepSpec spec) {
    long size = 1;
    for (Parameter p : spec.parameters()) {
      if (!p.discrete()) {
        return -1;
      }
      size *= p.enumerate().size();
      if (size > 100_000) {
        return -1;
      }
    }
    return size;
  }

  /** The flat values of trial {@code index}, empty when a grid is exhausted. */
  static Optional<Map<String, JsonNode>> suggest(SweepSpec spec, long seed, int index,
      List<Observation> finished) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    return switch (spec.method()) {
      case "grid" -> grid(spec, index);
      case "bayes" -> Optional.of(Tpe.suggest(spec, random, finished, index));
      default -> Optional.of(prior(spec, random));
    };
  }

  static Map<String, JsonNode> prior(SweepSpec spec, SplittableRandom random) {
    Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
    for (Parameter p : spec.parameters()) {
      values.put(p.path(), p.sample(random));
    }
    return values;
  }

  private static Optional<Map<String, JsonNode>> grid(SweepSpec spec, int index) {
    long size = gridSize(spec);
    if (size < 0) {
      throw new IllegalArgumentException("grid search needs discrete parameters (values, value or"
          + " int_uniform); use random or bayes for continuous ones");
    }
    if (index >= size) {
      return Optional.empty();
    }
    Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
    long rest = index;
    List<Parameter> params = new ArrayList<>(spec.parameters());
    for (int i = params.size() - 1; i >= 0; i--) {
      List<JsonNode> options = params.get(i).enumerate();
      values.put(params.get(i).path(), options.get((int) (rest % options.size())));
      rest /= options.size();
    }
    Map<String, JsonNode> ordered = new java.util.LinkedHashMap<>();
    params.forEach(p -> ordered.put(p.path(), values.get(p.path())));
    return Optional.of(ordered);
  }

  /** Nested config object from flat dotted paths. */
  static ObjectNode nest(Map<String, JsonNode> flat) {
    ObjectNode config = Json.object();
    for (Map.Entry<String, JsonNode> entry : flat.entrySet()) {
      String[] parts = entry.getKey().split("\\.");
      ObjectNode node = config;
      for (int i = 0; i < parts.length - 1; i++) {
        node = node.has(parts[i]) && node.get(parts[i]).isObject()
            ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
      }
      node.set(parts[parts.length - 1], entry.getValue());
    }
    return config;
  }
}
