package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Chooses the configuration of trial number {@code index} of a sweep: the next grid point, a
 * random draw, or a Bayesian suggestion (a Gaussian process, or a TPE when the campaign asks for
 * it) from what the {@link SearchHistory} allows it to know. Deterministic for a given seed,
 * index and history, so a resumed sweep suggests what an uninterrupted one would. A
 * configuration already run (in this sweep or, by campaign memory, in an earlier one) is not
 * suggested again unless {@code max_runs_per_config} allows it; a finite space whose every
 * configuration has run ends the sweep.
 */
final class Suggester {
  /** A trial as the optimiser sees it: its flat values and its metric (NaN: failed or killed). */
  record Observation(Map<String, JsonNode> values, double metric) {}

  /** Prior draws tried for a configuration not yet run before the space is enumerated. */
  private static final int FRESH_DRAWS = 64;

  private Suggester() {}

  /**
   * The points of a grid search, as W&B's grid takes them ({@link Parameter#gridValues}).
   *
   * @throws IllegalArgumentException when a parameter cannot be gridded or the grid is too large
   */
  static Combinations grid(SweepSpec spec) {
    return Combinations.of(spec, Parameter::gridValues).orElseThrow(() ->
        new IllegalArgumentException("grid search needs discrete parameters (value, values"
            + " without probabilities, int_uniform or q_uniform) and at most "
            + Combinations.MAX_SIZE + " combinations; use random or bayes for other spaces"));
  }

  /** The flat values of trial {@code index}, empty when the space (or grid) is exhausted. */
  static Optional<Map<String, JsonNode>> suggest(SweepSpec spec, long seed, int index,
      SearchHistory history) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    RunCounts runs = RunCounts.of(history);
    if (spec.method().equals("grid")) {
      return grid(spec, index, RunCounts.ofPrior(history));
    }
    List<Map<String, JsonNode>> ranked = switch (spec.method()) {
      case "bayes" -> switch (history.setup().sampler()) {
        case GP -> GpBayes.candidates(spec, random, history);
        case TPE -> Tpe.candidates(spec, random, history, true);
        case TPE_UNIVARIATE -> Tpe.candidates(spec, random, history, false);
      };
      default -> List.of();
    };
    for (Map<String, JsonNode> candidate : ranked) {
      if (runs.allows(candidate)) {
        return Optional.of(candidate);
      }
    }
    return fresh(spec, random, runs);
  }

  /** A prior draw not yet run; when draws keep repeating, an unrun point of a finite space. */
  private static Optional<Map<String, JsonNode>> fresh(SweepSpec spec, SplittableRandom random,
      RunCounts runs) {
    Map<String, JsonNode> draw = prior(spec, random);
    for (int i = 0; i < FRESH_DRAWS && !runs.allows(draw); i++) {
      draw = prior(spec, random);
    }
    if (runs.allows(draw)) {
      return Optional.of(draw);
    }
    Optional<Combinations> finite = Combinations.of(spec, Parameter::possibleValues);
    if (finite.isEmpty()) {
      return Optional.of(draw); // a continuous space: a repeat is all but impossible
    }
    List<Map<String, JsonNode>> unrun = new ArrayList<>();
    long size = finite.get().size();
    for (long i = 0; i < size; i++) {
      Map<String, JsonNode> point = finite.get().get(i);
      if (runs.allows(point)) {
        unrun.add(point);
      }
    }
    return unrun.isEmpty() ? Optional.empty()
        : Optional.of(unrun.get(random.nextInt(unrun.size())));
  }

  static Map<String, JsonNode> prior(SweepSpec spec, SplittableRandom random) {
    Map<String, JsonNode> values = new LinkedHashMap<>();
    for (Parameter p : spec.parameters()) {
      values.put(p.path(), p.sample(random));
    }
    return values;
  }

  /**
   * Grid point number {@code index}, counting only the points that earlier iterations have not
   * already run as often as allowed.
   */
  private static Optional<Map<String, JsonNode>> grid(SweepSpec spec, int index,
      RunCounts earlier) {
    Combinations grid = grid(spec);
    long size = grid.size();
    if (earlier.isEmpty()) {
      return index < size ? Optional.of(grid.get(index)) : Optional.empty();
    }
    int seen = 0;
    for (long i = 0; i < size; i++) {
      Map<String, JsonNode> point = grid.get(i);
      if (earlier.allows(point) && seen++ == index) {
        return Optional.of(point);
      }
    }
    return Optional.empty();
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
