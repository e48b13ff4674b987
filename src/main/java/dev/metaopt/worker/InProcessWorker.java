package dev.metaopt.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A built-in worker run inside the orchestrator's JVM (no process start per dispatch). Its answer
 * is rendered to text and parsed back like any external worker's, so it meets the same contract.
 */
public final class InProcessWorker implements Worker {
  private final String name;
  private final UnaryOperator<ObjectNode> body;

  public InProcessWorker(String name, UnaryOperator<ObjectNode> body) {
    this.name = name;
    this.body = body;
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public Output run(String taskJson, Path stderrLog, Duration timeout) {
    try {
      JsonNode task = Json.parse(taskJson);
      return new Output(Json.pretty(body.apply((ObjectNode) task)), 0, false, null);
    } catch (IOException | RuntimeException e) {
      // A built-in worker failing on a task is reported like a crashing external worker.
      return new Output("", 1, false, name + " failed: " + e);
    }
  }
}
