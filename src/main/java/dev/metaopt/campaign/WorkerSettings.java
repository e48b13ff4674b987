package dev.metaopt.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.protocol.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lane's {@code workers.<lane>} settings from the campaign: the command or the LLM endpoint
 * (neither = built-in), timeout, retries and extra environment. Environment values may reference
 * the caller's environment as {@code ${env:NAME}}, which is how secrets reach a worker without
 * being written anywhere; they are resolved when the worker starts, not here.
 */
public record WorkerSettings(Optional<List<String>> command, Optional<LlmSettings> llm,
    Duration timeout, int retries, Map<String, String> env) {
  /** Extra attempts after an invalid answer when {@code retries} is not set. */
  public static final int DEFAULT_RETRIES = 1;

  public WorkerSettings {
    command = command.map(List::copyOf);
    env = Map.copyOf(env);
  }

  /** The built-in worker with the lane's defaults. */
  public static WorkerSettings builtin(Lane lane) {
    return new WorkerSettings(Optional.empty(), Optional.empty(), lane.defaultTimeout(),
        DEFAULT_RETRIES, Map.of());
  }

  /** Reads {@code workers.<lane>} from a {@code workers} section (absent: the built-in). */
  public static WorkerSettings of(JsonNode workers, Lane lane) {
    JsonNode node = workers == null ? null : workers.path(lane.wireName());
    if (node == null || !node.isObject()) {
      return builtin(lane);
    }
    Optional<List<String>> command = Optional.empty();
    if (node.path("command").isArray()) {
      List<String> argv = new ArrayList<>();
      node.path("command").forEach(part -> argv.add(part.asText()));
      command = Optional.of(argv);
    }
    // `timeout` (SPEC's name) and `timeout_seconds` are the same setting, in seconds
    JsonNode seconds = node.has("timeout_seconds") ? node.path("timeout_seconds")
        : node.path("timeout");
    Duration timeout = seconds.canConvertToInt() ? Duration.ofSeconds(seconds.asInt())
        : lane.defaultTimeout();
    int retries = node.path("retries").canConvertToInt() ? node.path("retries").asInt()
        : DEFAULT_RETRIES;
    Map<String, String> env = new LinkedHashMap<>();
    node.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    Optional<LlmSettings> llm = node.path("llm").isObject()
        ? Optional.of(LlmSettings.of(node.path("llm"))) : Optional.empty();
    return new WorkerSettings(command, llm, timeout, retries, env);
  }
}
