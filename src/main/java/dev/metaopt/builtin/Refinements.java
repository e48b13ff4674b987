package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The ways ideation derives a new search space from what the trials so far measured: ranges
 * narrowed or shifted only as far as {@link Evidence} supports, and widened past a bound the
 * best trial sat at.
 */
final class Refinements {
  private Refinements() {}

  /**
   * Numeric ranges cut to the span of the best trials plus {@code margin} of it; everything
   * else as declared. Categorical choices all stay: whether a choice is good often depends on
   * the numeric values it was tried with (an optimizer with the wrong learning rate), so the
   * model, which sees every earlier trial, judges them — a dropped choice would never be tried
   * again.
   */
  static IdeationWorker.Proposal narrow(ObjectNode declared, Evidence evidence, double margin,
      String method) {
    ObjectNode parameters = Json.object();
    List<String> changes = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode spec = entry.getValue();
      var range = ParamRange.of(spec);
      var supported = range.flatMap(r -> evidence.supported(name, r, margin));
      if (supported.isPresent()) {
        parameters.set(name, supported.get().spec());
        changes.add(name + " to " + supported.get().describe());
      } else {
        parameters.set(name, spec.deepCopy());
      }
    }
    String what = changes.isEmpty()
        ? "keep the declared space: " + evidence.finished() + " finished trial(s) do not yet"
            + " support narrowing (it takes " + Evidence.MIN_TRIALS + ")"
        : "narrow " + String.join(", ", changes) + " (the span of " + evidence.describe()
            + ", with a margin)";
    return new IdeationWorker.Proposal(parameters, method, what + "; " + method + " search",
        changes.isEmpty() ? "explore the declared space (" + method + ")"
            : "narrow to where the best trials are (" + method + ")");
  }

  /**
   * Widens the range of a parameter whose best value sat at a bound of the sweep that found it
   * (never past the declared limits); the other parameters as {@link #narrow} would set them.
   */
  static IdeationWorker.Proposal widenOrNarrow(ObjectNode declared, JsonNode best,
      JsonNode previousSweep, Evidence evidence) {
    JsonNode previous = previousSweep.path("parameters");
    IdeationWorker.Proposal narrowed = narrow(declared, evidence, 1.0, "bayes");
    ObjectNode parameters = narrowed.parameters().deepCopy();
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
        if (wider.min() < used.get().min() || wider.max() > used.get().max()) {
          parameters.set(name, wider.spec());
          widened.add(name + " to " + wider.describe() + " (best " + value.asText()
              + " sat at a bound of " + used.get().describe() + ")");
        }
      }
    }
    if (widened.isEmpty()) {
      return narrowed;
    }
    return new IdeationWorker.Proposal(parameters, "bayes", "widen " + String.join(", ", widened)
        + "; " + narrowed.rationale(), "widen where the best sat at a bound");
  }

}
