package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

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

  /**
   * The iteration of the latest sweep, when it searched a space other than the declared one
   * (narrowed, shifted or widened) and did not improve the baseline (its record says not, and
   * the baseline is not its own); empty otherwise. A
   * narrowed range is a bet that the optimum lies near the best trials so far; a sweep that
   * spent its budget there without improving is evidence against that bet at that scale (the
   * optimum may lie along a curved valley the box cuts, or in a region the top trials missed),
   * so the next sweep hands the choice back to the model of the whole space.
   */
  static OptionalInt narrowingThatDidNotPay(JsonNode history, JsonNode baseline,
      ObjectNode declared) {
    JsonNode latest = null;
    for (JsonNode record : history) {
      if (latest == null || record.path("iteration").asInt() > latest.path("iteration").asInt()) {
        latest = record;
      }
    }
    if (latest == null || latest.path("improved_baseline").asBoolean(false)
        || baseline.path("iteration").asInt(-1) == latest.path("iteration").asInt()) {
      return OptionalInt.empty();
    }
    JsonNode parameters = latest.path("sweep_config").path("parameters");
    return parameters.isObject() && !parameters.equals(declared)
        ? OptionalInt.of(latest.path("iteration").asInt()) : OptionalInt.empty();
  }

  /**
   * The whole declared space by bayes: on the local backend the sweep's model starts from every
   * earlier trial (campaign memory), so this continues the single sweep a campaign would
   * otherwise have run.
   */
  static IdeationWorker.Proposal wholeSpace(ObjectNode declared, int unpaidIteration) {
    return new IdeationWorker.Proposal(declared.deepCopy(), "bayes", "the narrowed sweep of"
        + " iteration " + unpaidIteration + " did not improve the baseline, so this sweep searches"
        + " the whole declared space again (bayes, learning from every earlier trial); narrowing"
        + " resumes once a sweep improves", "search the whole declared space again (bayes)");
  }
}
