package dev.metaopt.results;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.ConfigurationKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration that ran more than once with a result ({@code compute.max_runs_per_config}
 * above 1): the spread of its results is the noise of the training run itself, the yardstick
 * for whether two trials really differ.
 *
 * @param config the parameter values, as the trials ran them
 * @param values the objective of each run, in the order the trials are listed
 */
public record RepeatedConfiguration(Map<String, JsonNode> config, List<Double> values) {
  public RepeatedConfiguration {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    values = List.copyOf(values);
  }

  /** The configurations of {@code rows} with two or more results, in the order first run. */
  public static List<RepeatedConfiguration> of(List<TrialRow> rows) {
    Map<String, RepeatedConfiguration> byConfig = new LinkedHashMap<>();
    for (TrialRow row : rows) {
      if (!row.trial().hasResult()) {
        continue;
      }
      byConfig.merge(ConfigurationKey.of(row.trial().config()),
          new RepeatedConfiguration(row.trial().config(), List.of(row.trial().objective())),
          (a, b) -> {
            List<Double> values = new ArrayList<>(a.values);
            values.addAll(b.values);
            return new RepeatedConfiguration(a.config, values);
          });
    }
    return byConfig.values().stream().filter(r -> r.values.size() > 1).toList();
  }

  /** True when {@code other} is this configuration ({@link ConfigurationKey}). */
  public boolean is(Map<String, JsonNode> other) {
    return ConfigurationKey.of(config).equals(ConfigurationKey.of(other));
  }

  /** The median of the configurations' standard deviations: the campaign's typical noise. */
  public static double medianSd(List<RepeatedConfiguration> repeated) {
    double[] sds = repeated.stream().mapToDouble(RepeatedConfiguration::sd).sorted().toArray();
    int n = sds.length;
    return n % 2 == 1 ? sds[n / 2] : (sds[n / 2 - 1] + sds[n / 2]) / 2;
  }

  public double mean() {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** The sample standard deviation of the results. */
  public double sd() {
    double mean = mean();
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    return Math.sqrt(squares / (values.size() - 1));
  }

  public double min() {
    return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  public double max() {
    return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }
}
