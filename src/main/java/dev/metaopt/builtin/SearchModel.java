package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * A model of every trial the campaign has measured, asked where in a search space it expects the
 * most improvement: the point its acquisition ranks first. Ideation and selection use it to
 * decide whether narrowing the space pays ({@link NarrowingRule}); the built-in implementation
 * is the local backend's GP {@code bayes}, and {@link #NONE} (no model) keeps the evidence
 * rules alone.
 */
public interface SearchModel {
  /** No model: the answer is always empty. */
  SearchModel NONE = (space, objective, trials, seed) -> Optional.empty();

  /**
   * The flat configuration the model of {@code trials} (poll rows: config, state, metric)
   * expects the most improvement from inside {@code space} (a W&B {@code parameters} object),
   * for {@code objective}'s metric and direction; empty when there are too few trials to fit it
   * or the space is not one the model handles.
   */
  Optional<Map<String, JsonNode>> bestNext(JsonNode space, JsonNode objective, JsonNode trials,
      long seed);
}
