package dev.metaopt.backend.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.json.Json;
import java.util.Map;

/**
 * The file {@code WANDB_SWEEP_PARAM_PATH} points at, as {@code wandb agent} writes it: one
 * {@code key: {value: v}} entry per parameter (YAML; JSON values are valid YAML flow values).
 */
final class ParamFile {
  private ParamFile() {}

  static String yaml(Map<String, JsonNode> values) {
    StringBuilder yaml = new StringBuilder();
    Suggester.nest(values).fields().forEachRemaining(entry ->
        yaml.append(Json.compact(Json.nodes().textNode(entry.getKey()))).append(":\n  value: ")
            .append(Json.compact(entry.getValue())).append('\n'));
    return yaml.toString();
  }
}
