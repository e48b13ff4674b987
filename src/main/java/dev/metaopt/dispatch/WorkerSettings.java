package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.llm.LlmSettings;
import dev.metaopt.protocol.Lane;
import dev.metaopt.worker.MinimalEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lane's {@code workers.<lane>} settings from the campaign: the command or the LLM endpoint
 * (neither = built-in), timeout, retries and extra environment. Values may reference the caller's environment as
 * {@code ${env:NAME}}, which is how secrets reach a worker without being written anywhere.
 */
public record WorkerSettings(Optional<List<String>> command, Optional<LlmSettings> llm,
    Duration timeout, int retries, Map<String, String> env) {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  /** Reads {@code workers.<lane>} from the load handoff's {@code workers} section. */
  public static WorkerSettings of(JsonNode workers, Lane lane) {
    JsonNode node = workers == null ? null : workers.path(lane.wireName());
    if (node == null || !node.isObject()) {
      return new WorkerSettings(Optional.empty(), Optional.empty(), lane.defaultTimeout(), 1,
          Map.of());
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
    int retries = node.path("retries").canConvertToInt() ? node.path("retries").asInt() : 1;
    Map<String, String> env = new LinkedHashMap<>();
    node.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    Optional<LlmSettings> llm = node.path("llm").isObject()
        ? Optional.of(LlmSettings.of(node.path("llm"))) : Optional.empty();
    return new WorkerSettings(command, llm, timeout, retries, env);
  }

  /**
   * The complete environment of the worker process: the base variables plus the configured
   * ones with {@code ${env:NAME}} resolved against {@code source}.
   *
   * @throws IllegalArgumentException naming the variable when a reference is not set
   */
  public Map<String, String> processEnvironment(Map<String, String> source) {
    Map<String, String> result = MinimalEnvironment.from(source);
    for (Map.Entry<String, String> entry : env.entrySet()) {
      Matcher matcher = REFERENCE.matcher(entry.getValue());
      StringBuilder value = new StringBuilder();
      while (matcher.find()) {
        String referenced = source.get(matcher.group(1));
        if (referenced == null) {
          throw new IllegalArgumentException("env " + entry.getKey() + " references ${env:"
              + matcher.group(1) + "}, which is not set in metaopt's environment");
        }
        matcher.appendReplacement(value, Matcher.quoteReplacement(referenced));
      }
      matcher.appendTail(value);
      result.put(entry.getKey(), value.toString());
    }
    return result;
  }
}
