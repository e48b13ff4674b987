package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * When a campaign narrows its search: a space smaller than the declared one gets the next sweep
 * only if the model of every trial so far ({@link SearchModel}, over the whole declared space)
 * expects the most improvement inside it. Expected improvement over a sub-space can never exceed
 * that over the whole space, so a narrowed sweep loses nothing the model can see exactly when the
 * model's best next point lies inside it; then the sweep's own model, fitted on the trials in
 * that region, refines it. Otherwise the sweep continues the whole declared space, starting
 * from every earlier trial (campaign memory): one uninterrupted sweep's search, split into
 * iterations. So a campaign is never worse than one sweep by more than the trials it gave to
 * regions the model itself ranked first.
 */
final class NarrowingRule {
  private NarrowingRule() {}

  /** The model's best next point over the declared space, when there is a model and a space. */
  static Optional<Map<String, JsonNode>> bestNext(SearchModel model, JsonNode task) {
    JsonNode space = task.path("search_space");
    if (!space.isObject() || task.path("trials").isEmpty()) {
      return Optional.empty();
    }
    return model.bestNext(space, task.path("objective"), task.path("trials"),
        task.path("seed").asLong(0));
  }

  /** True when {@code point} lies inside every parameter spec of {@code parameters}. */
  static boolean contains(JsonNode parameters, Map<String, JsonNode> point) {
    for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode value = point.get(entry.getKey());
      if (value != null && !SelectionWorker.contains(entry.getValue(), value)) {
        return false;
      }
    }
    return true;
  }

  /** Short text for rationales: {@code x=1.5, y=3}. */
  static String describe(Map<String, JsonNode> point) {
    StringBuilder text = new StringBuilder();
    point.forEach((name, value) -> text.append(text.length() == 0 ? "" : ", ").append(name)
        .append('=').append(value.isFloatingPointNumber()
            ? String.format(java.util.Locale.ROOT, "%.4g", value.asDouble()) : value.asText()));
    return text.toString();
  }
}
