package dev.metaopt.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.campaign.LlmSettings;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import dev.metaopt.schema.SchemaKind;
import dev.metaopt.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A worker that asks an OpenAI-compatible chat-completions endpoint. The system prompt states the
 * lane's rules (from {@code prompts/<lane>.md}); the user message carries the whole task (baseline,
 * learnings, trial history, pool) and the request asks for the lane's JSON Schema as structured
 * output. The reply's content is this worker's stdout: the dispatcher parses, validates and
 * retries it like any worker's. The API key goes only into the Authorization header.
 */
public final class LlmWorker implements Worker {
  private static final int MAX_ERROR_BODY = 500;

  private final Lane lane;
  private final SchemaKind schema;
  private final LlmSettings settings;
  private final Map<String, String> environment;
  private final HttpClient http;

  /** An LLM serving a dispatched {@code lane}, answering in that lane's result schema. */
  public LlmWorker(Lane lane, LlmSettings settings, Map<String, String> environment) {
    this.lane = lane;
    this.schema = lane.resultSchema();
    this.settings = settings;
    this.environment = Map.copyOf(environment);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
  }

  @Override
  public String describe() {
    return "llm " + settings.model() + " at " + settings.baseUrl();
  }

  @Override
  public Output run(String taskJson, Path stderrLog, Duration timeout) {
    String key = settings.apiKeyEnv() == null ? null : environment.get(settings.apiKeyEnv());
    if (settings.apiKeyEnv() != null && key == null) {
      return Output.couldNotRun(settings.apiKeyEnv() + " is not set in metaopt's environment");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(settings.completions())
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.compact(body(taskJson))));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try {
      HttpResponse<String> response = http.send(request.build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        return Output.couldNotRun("the endpoint answered HTTP " + response.statusCode() + ": "
            + abbreviate(response.body()));
      }
      JsonNode reply = Json.parse(response.body());
      JsonNode content = reply.path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) {
        return Output.couldNotRun("the reply has no choices[0].message.content: "
            + abbreviate(response.body()));
      }
      return new Output(content.asText(), 0, false, null);
    } catch (java.net.http.HttpTimeoutException e) {
      return new Output("", -1, true, null);
    } catch (IOException e) {
      return Output.couldNotRun("cannot reach " + settings.completions() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Output.couldNotRun("interrupted");
    }
  }

  /** The chat-completions request: rules, task, and the answer's JSON Schema. */
  ObjectNode body(String taskJson) {
    ObjectNode body = Json.object();
    body.put("model", settings.model());
    body.put("temperature", settings.temperature());
    var messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", prompt(lane));
    messages.addObject().put("role", "user").put("content", "Task (JSON):\n```json\n"
        + taskJson.strip() + "\n```\nAnswer with exactly one JSON object matching the schema.");
    ObjectNode format = body.putObject("response_format");
    format.put("type", "json_schema");
    ObjectNode jsonSchema = format.putObject("json_schema");
    jsonSchema.put("name", schema.stem().replace('-', '_'));
    jsonSchema.set("schema", schemaDocument(schema));
    return body;
  }

  static String prompt(Lane lane) {
    return resource("prompts/" + lane.wireName() + ".md");
  }

  private static JsonNode schemaDocument(SchemaKind schema) {
    try {
      return Json.parse(resource(schema.resource()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = LlmWorker.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= MAX_ERROR_BODY ? flat : flat.substring(0, MAX_ERROR_BODY) + "…";
  }
}
