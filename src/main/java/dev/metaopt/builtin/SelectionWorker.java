package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Built-in selection: scores every proposal of the frozen pool and picks the best. A proposal
 * scores for novelty (parameters whose ranges differ from every sweep already run), for containing
 * the baseline's configuration (so the sweep can only improve on it), and for a sampling method
 * that suits its trial budget; and, above all of these, for holding the point the model of every
 * trial so far expects the most from ({@link NarrowingRule}), so a narrowed proposal that cuts it
 * out is passed over. Only a {@code bayes} proposal earns that: a random or grid sweep holds the
 * point without looking there, and learns nothing from the earlier trials (an early proposal
 * made before any baseline, left in the pool, would otherwise win later over a bayes one).
 * Ties go to the lower proposal id, so the choice is deterministic.
 */
public final class SelectionWorker implements BuiltinWorker {
  /** Outweighs novelty, coverage and method fit together (at most 2.3). */
  static final double HOLDS_BEST_NEXT = 3;
  private final SearchModel model;

  /** Selection by the evidence rules alone, without a model of the trials. */
  public SelectionWorker() {
    this(SearchModel.NONE);
  }

  /** Selection that also asks {@code model} where the most improvement is expected. */
  public SelectionWorker(SearchModel model) {
    this.model = model;
  }

  @Override
  public Lane lane() {
    return Lane.SELECTION;
  }

  @Override
  public ObjectNode run(ObjectNode task) {
    List<Scored> scored = new ArrayList<>();
    Set<String> ranSpecs = ranParameterSpecs(task.path("history"));
    JsonNode best = task.path("baseline").path("config");
    Optional<Map<String, JsonNode>> next = NarrowingRule.bestNext(model, task);
    for (JsonNode proposal : task.path("pool")) {
      Scored plain = score(proposal, ranSpecs, best);
      if (next.isEmpty()) {
        scored.add(plain);
      } else if (NarrowingRule.contains(proposal.path("sweep_config").path("parameters"),
          next.get())) {
        String method = proposal.path("sweep_config").path("method").asText();
        String holds = plain.why() + ", holds the model's best next point "
            + NarrowingRule.describe(next.get());
        scored.add(method.equals("bayes")
            ? new Scored(plain.id(), proposal, plain.score() + HOLDS_BEST_NEXT, holds)
            : new Scored(plain.id(), proposal, plain.score(), holds + ", but " + method
                + " search does not look where the model looks"));
      } else {
        scored.add(new Scored(plain.id(), proposal, plain.score(), plain.why()
            + ", cuts out the model's best next point"));
      }
    }
    if (scored.isEmpty()) {
      throw new IllegalArgumentException("the task's pool is empty; nothing to select");
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed()
        .thenComparing(Scored::id));
    Scored winner = scored.get(0);
    ObjectNode answer = Json.object();
    answer.putObject("winning_proposal").put("proposal_id", winner.id());
    ObjectNode config = winner.proposal().path("sweep_config").deepCopy();
    ObjectNode metric = config.putObject("metric");
    metric.put("name", task.path("objective").path("metric").asText());
    metric.put("goal", task.path("objective").path("direction").asText());
    answer.set("sweep_config", config);
    List<String> lines = new ArrayList<>();
    for (Scored s : scored) {
      lines.add(String.format(Locale.ROOT, "%s: %.2f (%s)", s.id(), s.score(), s.why()));
    }
    answer.put("ranking_rationale", String.join("; ", lines));
    return answer;
  }

  record Scored(String id, JsonNode proposal, double score, String why) {}

  private static Scored score(JsonNode proposal, Set<String> ranSpecs, JsonNode best) {
    JsonNode config = proposal.path("sweep_config");
    JsonNode parameters = config.path("parameters");
    int total = 0;
    int fresh = 0;
    int containing = 0;
    for (Iterator<String> it = parameters.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      JsonNode spec = parameters.path(name);
      total++;
      fresh += ranSpecs.contains(name + "=" + CanonicalJson.write(spec)) ? 0 : 1;
      containing += contains(spec, best.path(name)) ? 1 : 0;
    }
    double novelty = total == 0 ? 0 : fresh / (double) total;
    double coverage = !best.isObject() || total == 0 ? 0.5 : containing / (double) total;
    String method = config.path("method").asText();
    int cap = config.path("run_cap").asInt(0);
    double methodFit = method.equals("bayes") && cap >= 6 ? 0.3
        : method.equals("grid") ? 0.2 : 0.1;
    double score = novelty + coverage + methodFit;
    String why = String.format(Locale.ROOT, "novelty %.2f, contains best %.2f, %s fit %.1f",
        novelty, coverage, method, methodFit);
    return new Scored(proposal.path("proposal_id").asText(), proposal, score, why);
  }

  static boolean contains(JsonNode spec, JsonNode value) {
    if (value.isMissingNode()) {
      return false;
    }
    if (spec.has("values")) {
      for (JsonNode option : spec.path("values")) {
        if (option.asText().equals(value.asText())) {
          return true;
        }
      }
      return false;
    }
    if (spec.has("value")) {
      return spec.path("value").asText().equals(value.asText());
    }
    return ParamRange.of(spec).map(r -> value.asDouble() >= r.min() && value.asDouble() <= r.max())
        .orElse(false);
  }

  private static Set<String> ranParameterSpecs(JsonNode history) {
    Set<String> specs = new HashSet<>();
    for (JsonNode record : history) {
      JsonNode parameters = record.path("sweep_config").path("parameters");
      parameters.fields().forEachRemaining(e ->
          specs.add(e.getKey() + "=" + CanonicalJson.write(e.getValue())));
    }
    return specs;
  }
}
