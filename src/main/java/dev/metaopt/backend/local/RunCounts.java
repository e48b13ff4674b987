package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.backend.ConfigurationKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How often each configuration has already been run — by this sweep's earlier suggestions and by
 * earlier iterations (campaign memory) — against the campaign's {@code max_runs_per_config}
 * (default 1: a configuration is measured once, never re-run).
 */
final class RunCounts {
  private final Map<String, Integer> counts = new HashMap<>();
  private final int maxRuns;

  private RunCounts(int maxRuns) {
    this.maxRuns = maxRuns;
  }

  /** Counts over this sweep's earlier suggestions and the earlier iterations' trials. */
  static RunCounts of(SearchHistory history) {
    RunCounts runs = ofPrior(history);
    runs.addAll(history.suggested());
    return runs;
  }

  /** Counts over the earlier iterations' trials only. */
  static RunCounts ofPrior(SearchHistory history) {
    RunCounts runs = new RunCounts(history.setup().maxRunsPerConfig());
    history.setup().prior().forEach(o -> runs.add(o.values()));
    return runs;
  }

  private void addAll(List<Map<String, JsonNode>> configs) {
    configs.forEach(this::add);
  }

  private void add(Map<String, JsonNode> config) {
    counts.merge(ConfigurationKey.of(config), 1, Integer::sum);
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  /** True when {@code config} has run fewer times than allowed. */
  boolean allows(Map<String, JsonNode> config) {
    return counts.getOrDefault(ConfigurationKey.of(config), 0) < maxRuns;
  }
}
