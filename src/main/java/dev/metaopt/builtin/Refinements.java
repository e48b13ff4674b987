package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The ways ideation derives a new search space from the best configuration so far. */
final class Refinements {
  private Refinements() {}

  /** Numeric ranges shrunk around the best values; categorical choices kept near the best. */
  static IdeationWorker.Proposal narrow(ObjectNode declared, JsonNode best, double factor,
      String method) {
    ObjectNode parameters = Json.object();
    List<String> changes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode spec = entry.getValue();
      JsonNode value = best.path(name);
      var range = ParamRange.of(spec);
      if (range.isPresent() && value.isNumber()) {
        ParamRange narrowed = range.get().around(value.asDouble(), factor);
        parameters.set(name, narrowed.spec());
        changes.add(name + " to " + narrowed.describe() + " around best " + value.asText());
      } else if (spec.path("values").isArray() && !value.isMissingNode()) {
        ArrayNode kept = neighbours(spec.path("values"), value);
        parameters.putObject(name).set("values", kept);
        if (kept.size() < spec.path("values").size()) {
          changes.add(name + " to " + kept + " around best " + value.asText());
        }
      } else {
        parameters.set(name, spec.deepCopy());
      }
    }
    String what = changes.isEmpty() ? "re-run the declared space" : "narrow "
        + String.join(", ", changes);
    return new IdeationWorker.Proposal(parameters, method, what + " with " + method + " search",
        "narrow around the best configuration (" + method + ")");
  }

  /**
   * Widens the range of a parameter whose best value sat at a bound of the sweep that found it;
   * narrows when no best value sits at a bound.
   */
  static IdeationWorker.Proposal widenOrNarrow(ObjectNode declared, JsonNode best,
      JsonNode previousSweep, SplittableRandom random) {
    JsonNode previous = previousSweep.path("parameters");
    ObjectNode parameters = declared.deepCopy();
    List<String> widened = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode value = best.path(name);
      var limits = ParamRange.of(entry.getValue());
      var used = ParamRange.of(previous.path(name));
      if (limits.isPresent() && used.isPresent() && value.isNumber()
          && used.get().atBound(value.asDouble())) {
        ParamRange wider = used.get().widenedAt(value.asDouble(), limits.get());
        parameters.set(name, wider.spec());
        widened.add(name + " to " + wider.describe() + " (best " + value.asText()
            + " sat at a bound of " + used.get().describe() + ")");
      } else if (limits.isPresent() && value.isNumber()) {
        parameters.set(name, limits.get().around(value.asDouble(), 2.0).spec());
      }
    }
    if (widened.isEmpty()) {
      return narrow(declared, best, 2.0 + random.nextDouble(), "bayes");
    }
    return new IdeationWorker.Proposal(parameters, "bayes", "widen " + String.join(", ", widened)
        + " with bayes search", "widen where the best sat at a bound");
  }

  /** The best value and its neighbours in the declared order. */
  private static ArrayNode neighbours(JsonNode values, JsonNode best) {
    ArrayNode kept = Json.mapper().createArrayNode();
    int index = -1;
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i).equals(best) || values.get(i).asText().equals(best.asText())) {
        index = i;
      }
    }
    if (index < 0) {
      return values.deepCopy();
    }
    for (int i = Math.max(0, index - 1); i <= Math.min(values.size() - 1, index + 1); i++) {
      kept.add(values.get(i).deepCopy());
    }
    return kept;
  }
}
