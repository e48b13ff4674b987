package dev.metaopt.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.metaopt.builtin.Builtins;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback OpenAI-compatible chat-completions server for tests. It records every request and
 * answers like a cooperative model (the built-in worker's answer to the task in the prompt), or
 * with prose instead of JSON for the lanes and attempts it is told to spoil.
 */
final class FakeLlmServer implements AutoCloseable {
  record Call(String authorization, JsonNode body) {}

  /** The models {@code GET /v1/models} lists. */
  static final List<String> MODELS = List.of("fake-model", "other-model");

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<String> modelListings = new CopyOnWriteArrayList<>();
  private final Set<String> alwaysGarbage;
  private final boolean firstAttemptGarbage;
  private final Set<String> spoiled = java.util.concurrent.ConcurrentHashMap.newKeySet();

  FakeLlmServer(Set<String> alwaysGarbage, boolean firstAttemptGarbage) throws IOException {
    this.alwaysGarbage = alwaysGarbage;
    this.firstAttemptGarbage = firstAttemptGarbage;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.createContext("/v1/models", this::models);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  List<Call> calls() {
    return calls;
  }

  /** The Authorization header of every model listing request (null when none was sent). */
  List<String> modelListings() {
    return modelListings;
  }

  /**
   * OpenAI's "list models" answer, {@code {"object": "list", "data": [{"id", "object": "model",
   * "created", "owned_by"}]}}, as Ollama builds it (github.com/ollama/ollama, openai/openai.go,
   * ToListCompletion) for {@code GET /v1/models}.
   */
  private void models(HttpExchange exchange) throws IOException {
    modelListings.add(exchange.getRequestHeaders().getFirst("Authorization"));
    ObjectNode list = Json.object();
    list.put("object", "list");
    var data = list.putArray("data");
    for (String id : MODELS) {
      data.addObject().put("id", id).put("object", "model").put("created", 1_700_000_000L)
          .put("owned_by", "library");
    }
    byte[] bytes = Json.compact(list).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(),
        StandardCharsets.UTF_8));
    calls.add(new Call(exchange.getRequestHeaders().getFirst("Authorization"), body));
    String user = body.path("messages").path(1).path("content").asText();
    String taskText = user.substring(user.indexOf("```json") + 7, user.lastIndexOf("```"));
    ObjectNode task = (ObjectNode) Json.parse(taskText);
    String lane = task.path("lane").asText();
    String content;
    if (alwaysGarbage.contains(lane)
        || (firstAttemptGarbage && spoiled.add(task.path("name").asText()))) {
      content = "Sure! Here is a great configuration: lr=0.01, hidden=64.";
    } else {
      content = Json.compact(Builtins.forLane(Lane.parse(lane).orElseThrow()).orElseThrow().run(task));
    }
    ObjectNode reply = Json.object();
    reply.putArray("choices").addObject().putObject("message").put("role", "assistant")
        .put("content", content);
    byte[] bytes = Json.compact(reply).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
