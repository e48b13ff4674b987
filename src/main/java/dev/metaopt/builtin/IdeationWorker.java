package dev.metaopt.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.Campaign;
import dev.metaopt.json.CanonicalJson;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Built-in ideation: proposes one W&B sweep per task, derived from the declared
 * {@code search_space}, the baseline's configuration and the trials of earlier iterations
 * ({@code trials}). Without a baseline it explores the declared space; with one it narrows or
 * shifts numeric ranges to where the best trials are — only on the evidence of several trials
 * ({@link Evidence}) —, widens a range whose best value sat at its bound, or re-explores with
 * another method: chosen deterministically from the slot, so parallel slots propose different
 * sweeps. A space narrower than the declared one is proposed only when the model of every trial
 * so far expects the most improvement inside it ({@link NarrowingRule}); otherwise the proposal
 * continues the whole declared space.
 */
public final class IdeationWorker implements BuiltinWorker {
  private final SearchModel model;

  /** Ideation by the evidence rules alone, without a model of the trials. */
  public IdeationWorker() {
    this(SearchModel.NONE);
  }

  /** Ideation that narrows only where {@code model} expects the most improvement. */
  public IdeationWorker(SearchModel model) {
    this.model = model;
  }

  @Override
  public Lane lane() {
    return Lane.IDEATION;
  }

  @Override
  public ObjectNode run(ObjectNode task) {
    ObjectNode answer = Json.object();
    String slot = task.path("slot_id").asText(task.path("name").asText("bg"));
    answer.put("slot_id", slot);
    answer.put("mode", "ideation");
    JsonNode space = task.path("search_space");
    JsonNode best = task.path("baseline").path("config");
    if (!space.isObject() && !best.isObject()) {
      answer.put("status", "failed");
      answer.put("summary", "no search_space in the campaign and no baseline configuration to"
          + " explore around; add search_space to the campaign");
      answer.putArray("proposal_candidates");
      answer.put("reason", "nothing to explore");
      return answer;
    }
    ObjectNode declared = space.isObject() ? (ObjectNode) space : SpaceFromConfig.of(best);
    Set<String> known = knownConfigs(task);
    int slotNumber = slotNumber(slot);
    Proposal proposal = propose(task, declared, best, slotNumber);
    if (best.isObject() && !proposal.parameters().equals(declared)) {
      proposal = unlessModelLooksElsewhere(task, declared, proposal);
    }
    ObjectNode config = sweepConfig(task, proposal, slotNumber);
    if (known.contains(CanonicalJson.write(config))) {
      proposal = distinct(task, proposal, slotNumber, known);
      config = sweepConfig(task, proposal, slotNumber);
    }
    if (known.contains(CanonicalJson.write(config))) {
      proposal = continuation(task, proposal, slot);
      config = sweepConfig(task, proposal, slotNumber);
      config.put("name", proposal.title());
    }
    answer.put("status", "completed");
    answer.put("summary", proposal.title());
    ObjectNode candidate = answer.putArray("proposal_candidates").addObject();
    candidate.put("title", proposal.title());
    candidate.put("rationale", proposal.rationale());
    candidate.set("sweep_config", config);
    return answer;
  }

  record Proposal(ObjectNode parameters, String method, String rationale, String title) {}

  /**
   * {@code narrowed} when the model's best next point over the declared space lies inside it (or
   * there is no model yet), else the whole declared space continued with bayes.
   */
  private Proposal unlessModelLooksElsewhere(ObjectNode task, ObjectNode declared,
      Proposal narrowed) {
    var next = NarrowingRule.bestNext(model, task);
    if (next.isEmpty()) {
      return narrowed;
    }
    String point = NarrowingRule.describe(next.get());
    if (NarrowingRule.contains(narrowed.parameters(), next.get())) {
      return new Proposal(narrowed.parameters(), narrowed.method(), narrowed.rationale()
          + "; the model of all " + task.path("trials").size() + " trials expects the most"
          + " improvement at " + point + ", inside this space", narrowed.title());
    }
    return new Proposal(declared.deepCopy(), "bayes", "keep the declared space: the model of all "
        + task.path("trials").size() + " trials expects the most improvement at " + point
        + ", outside the narrowed space (" + narrowed.title() + "), so narrowing would cut it"
        + " out; bayes search continues from every earlier trial",
        "continue the declared space (bayes)");
  }

  /**
   * The same search space made different from every known sweep by switching to bayes (which,
   * with campaign memory, learns from every earlier trial; random would not). Unchanged when
   * that does not help.
   */
  private static Proposal distinct(ObjectNode task, Proposal proposal, int slot,
      Set<String> known) {
    for (String method : new String[] {"bayes"}) { // never downgrade to random: bayes learns
      Proposal other = new Proposal(proposal.parameters(), method, proposal.rationale()
          + "; " + method + " search, since the space was already explored with "
          + proposal.method(), proposal.title());
      if (!method.equals(proposal.method())
          && !known.contains(CanonicalJson.write(sweepConfig(task, other, slot)))) {
        return other;
      }
    }
    return proposal;
  }

  /**
   * The same space and method once more, named as a continuation: when the trials do not yet
   * support changing the space, searching it further is the right move, and on the local
   * backend the new sweep starts from every earlier trial (campaign memory) and repeats none.
   */
  private static Proposal continuation(ObjectNode task, Proposal proposal, String slot) {
    int trials = task.path("trials").size();
    String title = "continue the search (iteration " + task.path("iteration").asInt()
        + ", " + slot + ", after " + trials + " trials)";
    return new Proposal(proposal.parameters(), proposal.method(), proposal.rationale()
        + "; the space and method were already run, so this sweep continues that search: it"
        + " starts from the " + trials + " earlier trials and runs none of them again", title);
  }

  private static Proposal propose(ObjectNode task, ObjectNode declared, JsonNode best,
      int slot) {
    if (!best.isObject()) {
      String method = Grid.combinations(declared) <= 20 ? "grid"
          : (slot % 2 == 0 ? "random" : "bayes");
      return new Proposal(declared.deepCopy(), method, "no baseline yet: explore the declared"
          + " search space with " + method + " search", "explore the declared space");
    }
    boolean maximize = !"minimize".equals(task.path("objective").path("direction").asText());
    Evidence evidence = Evidence.of(task.path("trials"), maximize);
    return switch (slot % 3) {
      case 1 -> Refinements.narrow(declared, evidence, 0.5, "bayes");
      case 2 -> Refinements.widenOrNarrow(declared, best, previousSweep(task), evidence);
      default -> Refinements.narrow(declared, evidence, 2.0, "bayes");
    };
  }

  private static ObjectNode sweepConfig(ObjectNode task, Proposal proposal, int salt) {
    ObjectNode config = Json.object();
    config.put("method", proposal.method());
    ObjectNode metric = config.putObject("metric");
    metric.put("name", task.path("objective").path("metric").asText());
    metric.put("goal", task.path("objective").path("direction").asText());
    config.set("parameters", proposal.parameters());
    Campaign.Compute compute = Campaign.Compute.from(task.path("compute"));
    int cap = Math.max(6, 3 * compute.numSweepAgents()) + salt % 3;
    if (compute.maxTrialsPerSweep().isPresent()) {
      cap = Math.min(cap, compute.maxTrialsPerSweep().getAsInt());
    }
    if (!proposal.method().equals("grid")) {
      config.put("run_cap", Math.max(1, cap));
    }
    return config;
  }

  /** The sweep config of the iteration that produced the baseline, if recorded. */
  private static JsonNode previousSweep(ObjectNode task) {
    int iteration = task.path("baseline").path("iteration").asInt(-1);
    for (JsonNode record : task.path("history")) {
      if (record.path("iteration").asInt() == iteration) {
        return record.path("sweep_config");
      }
    }
    return Json.object();
  }

  private static Set<String> knownConfigs(ObjectNode task) {
    Set<String> known = new HashSet<>();
    task.path("current_pool").forEach(p -> known.add(CanonicalJson.write(p.path("sweep_config"))));
    task.path("history").forEach(r -> known.add(CanonicalJson.write(r.path("sweep_config"))));
    return known;
  }

  private static int slotNumber(String slot) {
    String digits = slot.replaceAll("\\D", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits.substring(Math.max(0,
        digits.length() - 6)));
  }

  /** A search space around a configuration when the campaign declares none. */
  static final class SpaceFromConfig {
    private SpaceFromConfig() {}

    static ObjectNode of(JsonNode config) {
      ObjectNode space = Json.object();
      for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode value = entry.getValue();
        ObjectNode spec = space.putObject(entry.getKey());
        if (value.isIntegralNumber() && value.asLong() > 0) {
          spec.put("distribution", "int_uniform");
          spec.put("min", Math.max(1, value.asLong() / 2));
          spec.put("max", value.asLong() * 2);
        } else if (value.isNumber() && value.asDouble() > 0) {
          spec.put("distribution", "log_uniform_values");
          spec.put("min", value.asDouble() / 10);
          spec.put("max", value.asDouble() * 10);
        } else {
          spec.set("value", value.deepCopy());
        }
      }
      return space;
    }
  }

  /**
   * Grid size of a space: large when any parameter is continuous, or has probabilities, which
   * W&B's grid refuses (wandb/sweeps {@code grid_search.py}).
   */
  static final class Grid {
    private Grid() {}

    static long combinations(JsonNode parameters) {
      long total = 1;
      for (JsonNode spec : iterable(parameters)) {
        if (spec.has("probabilities")) {
          return Long.MAX_VALUE;
        } else if (spec.has("values")) {
          total *= Math.max(1, spec.path("values").size());
        } else if (spec.has("parameters")) {
          total *= combinations(spec.path("parameters"));
        } else if (!spec.has("value")) {
          return Long.MAX_VALUE;
        }
        if (total > 1_000_000) {
          return Long.MAX_VALUE;
        }
      }
      return total;
    }

    private static List<JsonNode> iterable(JsonNode parameters) {
      List<JsonNode> specs = new ArrayList<>();
      parameters.forEach(specs::add);
      return specs;
    }
  }
}
