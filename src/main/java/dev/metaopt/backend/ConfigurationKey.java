package dev.metaopt.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * When two trials ran the same configuration: the same parameters with the same values, numbers
 * compared by value ({@code 3}, {@code 3.0} and {@code 3e0} agree), whatever the order. One rule
 * for the local backend, which runs a configuration no more often than
 * {@code compute.max_runs_per_config}, and the reports, which group its repeated runs.
 */
public final class ConfigurationKey {
  private ConfigurationKey() {}

  /** A key equal for exactly the configurations that are the same. */
  public static String of(Map<String, JsonNode> config) {
    Map<String, JsonNode> sorted = new TreeMap<>(config);
    StringBuilder key = new StringBuilder();
    sorted.forEach((name, value) -> key.append(name).append('=').append(value == null ? "null"
        : value.isNumber() ? Long.toHexString(Double.doubleToLongBits(value.asDouble()))
        : value.toString()).append('\n'));
    return key.toString();
  }
}
