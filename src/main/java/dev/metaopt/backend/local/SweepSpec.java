package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.campaign.ParameterBounds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A W&B sweep configuration parsed for the local backend: method, metric and goal, the flattened
 * parameters, {@code run_cap} and hyperband early termination. What each trial runs is not read
 * from here but from the campaign ({@link TrialCommand}).
 */
public record SweepSpec(String method, String metric, boolean maximize, List<Parameter> parameters,
    Integer runCap, Hyperband hyperband) {

  /** Hyperband early termination: brackets at {@code min_iter · eta^k} steps. */
  public record Hyperband(int minIter, double eta, int brackets) {}

  /** Parses {@code config}; throws IllegalArgumentException naming the field on bad input. */
  public static SweepSpec parse(JsonNode config) {
    String method = config.path("method").asText("");
    if (!List.of("grid", "random", "bayes").contains(method)) {
      throw new IllegalArgumentException("sweep_config.method must be grid, random or bayes, got '"
          + method + "'");
    }
    JsonNode metric = config.path("metric");
    List<Parameter> parameters = new ArrayList<>();
    flatten(config.path("parameters"), "", parameters);
    if (parameters.isEmpty()) {
      throw new IllegalArgumentException("sweep_config.parameters is empty");
    }
    Integer runCap = config.path("run_cap").canConvertToInt() ? config.path("run_cap").asInt()
        : null;
    Hyperband hyperband = null;
    JsonNode early = config.path("early_terminate");
    if (early.path("type").asText("").equals("hyperband")) {
      int minIter = early.path("min_iter").asInt(3);
      double eta = early.path("eta").asDouble(3);
      int brackets = early.path("s").asInt(3);
      hyperband = new Hyperband(Math.max(1, minIter), Math.max(1.5, eta), Math.max(1, brackets));
    }
    return new SweepSpec(method, metric.path("name").asText(),
        !"minimize".equals(metric.path("goal").asText("maximize")), parameters, runCap,
        hyperband);
  }

  private static void flatten(JsonNode params, String prefix, List<Parameter> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String path = prefix + entry.getKey();
      JsonNode spec = entry.getValue();
      if (spec.path("parameters").isObject()) {
        flatten(spec.path("parameters"), path + ".", out);
      } else {
        out.add(parameter(path, spec));
      }
    }
  }

  static Parameter parameter(String path, JsonNode spec) {
    String where = "sweep_config.parameters." + path;
    List<ParameterBounds.Problem> broken = ParameterBounds.of(spec);
    if (!broken.isEmpty()) {
      throw new IllegalArgumentException(broken.get(0).message(where));
    }
    if (spec.has("value")) {
      return new Parameter(path, Parameter.Kind.CONSTANT, List.of(spec.get("value")), null, null,
          0, 0, 0, 0, 0);
    }
    if (spec.has("values")) {
      List<JsonNode> values = new ArrayList<>();
      spec.path("values").forEach(values::add);
      if (values.isEmpty()) {
        throw new IllegalArgumentException(where + ".values is empty");
      }
      double[] probabilities = null;
      if (spec.has("probabilities")) {
        probabilities = new double[values.size()];
        if (spec.path("probabilities").size() != values.size()) {
          throw new IllegalArgumentException(where + ".probabilities must have one entry per"
              + " value");
        }
        for (int i = 0; i < probabilities.length; i++) {
          probabilities[i] = spec.path("probabilities").get(i).asDouble();
        }
      }
      return new Parameter(path, Parameter.Kind.CATEGORICAL, values, probabilities, null, 0, 0, 0,
          0, 0);
    }
    return numeric(path, where, spec);
  }

  private static Parameter numeric(String path, String where, JsonNode spec) {
    String name = spec.path("distribution").asText("");
    Parameter.Distribution distribution;
    if (name.isEmpty()) { // min and max are there: ParameterBounds requires them
      distribution = spec.path("min").isIntegralNumber() && spec.path("max").isIntegralNumber()
          ? Parameter.Distribution.INT_UNIFORM : Parameter.Distribution.UNIFORM;
    } else {
      try {
        distribution = Parameter.Distribution.valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".distribution '" + name + "' is unknown");
      }
    }
    // a range's ends were checked by ParameterBounds; the normal family reads neither
    double min = spec.path("min").asDouble(0);
    double max = spec.path("max").asDouble(1);
    return new Parameter(path, Parameter.Kind.NUMERIC, List.of(), null, distribution, min, max,
        spec.path("mu").asDouble(0), spec.path("sigma").asDouble(1), spec.path("q").asDouble(1));
  }
}
