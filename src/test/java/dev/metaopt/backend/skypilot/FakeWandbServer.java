package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback fake of the W&B GraphQL API, reading the sweeps the fake {@code wandb} CLI created.
 * Each sweep query advances a simulated sweep by one step: one more run appears, the previous
 * ones finish with the scripted metric values; after {@code runs} steps the sweep is FINISHED.
 * With {@code hung}, the first run stays "running" with a two-hour-old heartbeat.
 */
final class FakeWandbServer implements AutoCloseable {
  /** The simulation: metric base per sweep (iteration), runs per sweep, a hung first run. */
  record Config(List<Double> metrics, int runs, boolean hung) {}

  private final HttpServer server;
  private final Path state;
  private final List<Double> metrics;
  private final int runs;
  private final boolean hung;
  private final Map<String, Integer> steps = new ConcurrentHashMap<>();
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  FakeWandbServer(Path state, Config config) throws IOException {
    this.state = state;
    this.metrics = config.metrics();
    this.runs = config.runs();
    this.hung = config.hung();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/graphql", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    JsonNode request = Json.parse(new String(exchange.getRequestBody().readAllBytes(),
        StandardCharsets.UTF_8));
    String query = request.path("query").asText();
    ObjectNode data = Json.object();
    ObjectNode project = data.putObject("project");
    if (query.contains("sweeps(")) {
      ArrayNode edges = project.putObject("sweeps").putArray("edges");
      for (JsonNode sweep : sweeps()) {
        edges.addObject().putObject("node").put("name", sweep.path("id").asText())
            .put("displayName", sweep.path("displayName").asText())
            .put("state", sweep.path("state").asText());
      }
    } else {
      String id = request.path("variables").path("name").asText();
      Path file = state.resolve("sweeps").resolve(id + ".json");
      if (Files.exists(file)) {
        project.set("sweep", simulate(Json.parse(Files.readString(file))));
      } else {
        project.putNull("sweep");
      }
    }
    ObjectNode reply = Json.object();
    reply.set("data", data);
    byte[] bytes = Json.compact(reply).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private ObjectNode simulate(JsonNode sweep) throws IOException {
    String id = sweep.path("id").asText();
    int step = steps.merge(id, 1, Integer::sum);
    String metric = sweep.path("config").path("metric").path("name").asText();
    int iteration = Integer.parseInt(id.substring(2));
    double base = metrics.get(Math.min(iteration, metrics.size()) - 1);
    List<String> clusters = clusters();
    ObjectNode node = Json.object();
    node.put("name", id);
    boolean cancelled = sweep.path("state").asText().equals("CANCELED");
    node.put("state", cancelled ? "CANCELED" : step > runs ? "FINISHED" : "RUNNING");
    ArrayNode edges = node.putObject("runs").putArray("edges");
    for (int i = 0; i < Math.min(step, runs); i++) {
      boolean running = i == step - 1 && step <= runs || hung && i == 0;
      ObjectNode run = edges.addObject().putObject("node");
      run.put("name", id + "-run" + i);
      run.put("state", running ? "running" : "finished");
      run.put("group", clusters.isEmpty() ? "" : clusters.get(i % clusters.size()));
      double value = base + 0.01 * i;
      run.put("summaryMetrics", Json.compact(Json.object().put(metric, value)));
      run.put("config", Json.compact(Json.object().set("lr",
          Json.object().put("value", 0.001 * (i + 1)).putNull("desc"))));
      run.put("heartbeatAt", (hung && i == 0 ? Instant.now().minus(Duration.ofHours(2))
          : Instant.now()).toString());
    }
    return node;
  }

  private List<JsonNode> sweeps() throws IOException {
    Path dir = state.resolve("sweeps");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.sorted().map(f -> {
        try {
          return Json.parse(Files.readString(f));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  private List<String> clusters() throws IOException {
    try (var files = Files.list(state)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("ever-"))
          .map(n -> n.substring(5)).sorted().toList();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
