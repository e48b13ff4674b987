package dev.metaopt.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import dev.metaopt.stats.Fanova;
import dev.metaopt.stats.RegressionForest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Campaign-wide parameter importance: fANOVA on a random forest fitted to every finished trial of
 * every iteration (see {@link Fanova}). Each parameter is encoded in the space its search space
 * samples uniformly: {@code log_*} distributions as logarithms, {@code values} lists and text as
 * category codes, other numbers as they are; domains are the union of the campaign's
 * {@code search_space}, every iteration's sweep and the values tried.
 */
public final class ParameterImportance {
  /** Fewer finished trials than this give no ranking. */
  public static final int MIN_TRIALS = 5;

  /**
   * One parameter's importance.
   *
   * @param name the parameter
   * @param mainEffect share of the objective's variance its own effect explains, in [0, 1]
   */
  public record Entry(String name, double mainEffect) {}

  /**
   * The ranking, most important first, and what the main effects leave to interactions.
   *
   * @param entries one per parameter that varied
   * @param interactions 1 − the sum of main effects
   * @param trials how many finished trials it was fitted on
   */
  public record Ranking(List<Entry> entries, double interactions, int trials) {}

  private ParameterImportance() {}

  /** The ranking over {@code trials}, empty when fewer than {@value #MIN_TRIALS} finished. */
  public static java.util.Optional<Ranking> of(CampaignTrials trials) {
    List<TrialRow> rows = trials.rows().stream().filter(r -> r.trial().hasResult()).toList();
    List<Encoding> encodings = new ArrayList<>();
    for (String name : trials.parameterNames()) {
      Encoding e = Encoding.of(name, specs(trials, name), rows);
      if (e != null) {
        encodings.add(e);
      }
    }
    rows = rows.stream().filter(r -> encodings.stream().allMatch(e -> {
      JsonNode v = r.trial().config().get(e.name());
      return v != null && v.isValueNode() && !v.isNull();
    })).toList();
    if (rows.size() < MIN_TRIALS || encodings.isEmpty()) {
      return java.util.Optional.empty();
    }
    double[][] x = new double[rows.size()][encodings.size()];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int f = 0; f < encodings.size(); f++) {
        x[i][f] = encodings.get(f).encode(rows.get(i).trial().config().get(
            encodings.get(f).name()));
      }
      y[i] = rows.get(i).trial().objective();
    }
    double[] low = encodings.stream().mapToDouble(Encoding::low).toArray();
    double[] high = encodings.stream().mapToDouble(Encoding::high).toArray();
    double[] main = Fanova.mainEffects(RegressionForest.fit(x, y, 0), low, high);
    List<Entry> entries = new ArrayList<>();
    double sum = 0;
    for (int f = 0; f < encodings.size(); f++) {
      entries.add(new Entry(encodings.get(f).name(), main[f]));
      sum += main[f];
    }
    entries.sort(Comparator.comparingDouble(Entry::mainEffect).reversed());
    return java.util.Optional.of(new Ranking(entries, Math.max(0, 1 - sum), rows.size()));
  }

  /** Every spec of parameter {@code name}: the campaign's and each iteration's sweep's. */
  private static List<JsonNode> specs(CampaignTrials trials, String name) {
    List<JsonNode> specs = new ArrayList<>();
    JsonNode declared = trials.facts().searchSpace().path(name);
    if (declared.isObject()) {
      specs.add(declared);
    }
    for (JsonNode record : trials.state().path("completed_iterations")) {
      JsonNode spec = record.path("sweep_config").path("parameters").path(name);
      if (spec.isObject()) {
        specs.add(spec);
      }
    }
    return specs;
  }

  /** How one parameter becomes a number on the scale it is sampled uniformly on. */
  private record Encoding(String name, boolean log, List<String> categories, double low,
      double high) {

    static Encoding of(String name, List<JsonNode> specs, List<TrialRow> rows) {
      List<JsonNode> tried = rows.stream().map(r -> r.trial().config().get(name))
          .filter(v -> v != null && v.isValueNode() && !v.isNull()).toList();
      if (tried.stream().map(JsonNode::toString).distinct().count() < 2) {
        return null; // constant (or never set): nothing to attribute
      }
      boolean categorical = tried.stream().anyMatch(v -> !v.isNumber())
          || specs.stream().anyMatch(s -> s.has("values"));
      if (categorical) {
        Set<String> values = new LinkedHashSet<>();
        specs.forEach(s -> s.path("values").forEach(v -> values.add(Json.compact(v))));
        tried.forEach(v -> values.add(Json.compact(v)));
        List<String> categories = new ArrayList<>(values);
        if (tried.stream().allMatch(JsonNode::isNumber)) {
          categories.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        return new Encoding(name, false, categories, -0.5, categories.size() - 0.5);
      }
      boolean log = specs.stream().anyMatch(s -> s.path("distribution").asText("")
          .contains("log"));
      double low = Double.POSITIVE_INFINITY;
      double high = Double.NEGATIVE_INFINITY;
      for (JsonNode s : specs) {
        if (s.path("min").isNumber() && s.path("max").isNumber()
            && !s.path("distribution").asText("").matches("log_uniform|q_log_uniform")) {
          low = Math.min(low, s.path("min").asDouble());
          high = Math.max(high, s.path("max").asDouble());
        }
      }
      for (JsonNode v : tried) {
        low = Math.min(low, v.asDouble());
        high = Math.max(high, v.asDouble());
      }
      if (log && low <= 0) {
        log = false; // a log scale needs positive values; fall back to the linear one
      }
      return log ? new Encoding(name, true, null, Math.log(low), Math.log(high))
          : new Encoding(name, false, null, low, high);
    }

    double encode(JsonNode value) {
      if (categories != null) {
        return categories.indexOf(Json.compact(value));
      }
      return log ? Math.log(value.asDouble()) : value.asDouble();
    }
  }
}
