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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback fake of the W&B GraphQL API over the sweeps the fake {@code wandb} CLI created and the
 * clusters the fake {@code sky} launched. It answers the query shapes of wandb's public SDK
 * (github.com/wandb/wandb at b6e29505: {@code wandb/apis/_generated/operations.py} GET_SWEEPS_GQL
 * with {@code pageInfo}/{@code after}, GET_SWEEP_GQL, GET_SWEEP_AGENTS_GQL; {@code
 * wandb/apis/public/runs.py} _create_runs_query with {@code filters}/{@code after}/{@code first},
 * a sweep's runs filtered by the sweep's {@code id} as {@code wandb/apis/public/sweeps.py} does) and
 * the legacy {@code sweep { runs(first: N) }} shape, returning at most N. {@code summaryMetrics}
 * and {@code config} are JSON strings, config values {@code {"value": v}}, the sweep's config a
 * YAML string, {@code displayName} null (what {@code wandb sweep} registers).
 *
 * <p>Each sweep query advances that sweep one step: one more run appears, the previous ones finish
 * with the scripted metric; after {@code runs} steps the sweep is FINISHED. A sweep config without
 * {@code program} and {@code command} crashes every run, as {@code wandb agent} does
 * ({@code KeyError: 'program'}, wandb_agent.py _command_run). Rate limiting answers 429 with the
 * {@code RateLimit-Remaining}/{@code RateLimit-Reset} headers wandb-core reads
 * (core/internal/api/ratelimitheaders.go); the body of a real 429 is not public and is left empty.
 */
final class FakeWandbServer implements AutoCloseable {
  /** How a sweep behaves. */
  enum Mode {
    /** Runs finish one per poll. */
    NORMAL,
    /** The first run stays running with a two-hour-old heartbeat (its host died). */
    HUNG_HEARTBEAT,
    /** The first run stays running, heartbeat fresh, last logged two hours ago (stuck trainer). */
    HUNG_PROGRESS,
    /** After the first run, every agent stops heart-beating while W&B still says RUNNING. */
    AGENTS_DIE,
    /** W&B says FINISHED while the last run is still running; it finishes one poll later. */
    FINISHED_WITH_ACTIVE_RUN,
    /** As HUNG_HEARTBEAT until the run is read on its own: it has just finished. */
    HUNG_UNTIL_READ_AGAIN,
    /** As HUNG_HEARTBEAT until its agent's cluster is taken down: it finished just then. */
    HUNG_UNTIL_TAKEN_DOWN
  }

  /** The simulation: metric base per sweep (iteration), runs per sweep, behaviour. */
  record Config(List<Double> metrics, int runs, Mode mode) {
    Config(List<Double> metrics, int runs, boolean hung) {
      this(metrics, runs, hung ? Mode.HUNG_HEARTBEAT : Mode.NORMAL);
    }
  }

  private static final Pattern FIRST = Pattern.compile("runs\\(first:\\s*(\\d+)");

  private final HttpServer server;
  private final Path state;
  private final Config config;
  private final Map<String, Integer> steps = new ConcurrentHashMap<>();
  private final Set<String> readAgain = ConcurrentHashMap.newKeySet();
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger serverErrors = new AtomicInteger();
  private volatile int resetSeconds = 7;
  private volatile int extraRuns;
  private volatile int otherSweeps;
  final List<String> authorizations = new CopyOnWriteArrayList<>();
  final List<String> operations = new CopyOnWriteArrayList<>();

  FakeWandbServer(Path state, Config config) throws IOException {
    this.state = state;
    this.config = config;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/graphql", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The next {@code count} requests are answered 429, reset in {@code seconds}. */
  void rateLimitNext(int count, int seconds) {
    resetSeconds = seconds;
    rateLimited.set(count);
  }

  /** The next {@code count} requests are answered 503. */
  void failNext(int count) {
    serverErrors.set(count);
  }

  /** Every sweep also has {@code count} finished runs from before. */
  void withFinishedRuns(int count) {
    extraRuns = count;
  }

  /** The project holds {@code count} other sweeps, created after ours. */
  void withOtherSweeps(int count) {
    otherSweeps = count;
  }

  private void handle(HttpExchange exchange) throws IOException {
    authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    JsonNode request = Json.parse(new String(exchange.getRequestBody().readAllBytes(),
        StandardCharsets.UTF_8));
    if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.getResponseHeaders().add("RateLimit-Remaining", "0");
      exchange.getResponseHeaders().add("RateLimit-Reset", Integer.toString(resetSeconds));
      exchange.sendResponseHeaders(429, -1);
      exchange.close();
      return;
    }
    if (serverErrors.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
      return;
    }
    String query = request.path("query").asText();
    JsonNode variables = request.path("variables");
    ObjectNode data = Json.object();
    ObjectNode project = data.putObject("project");
    if (query.contains("sweeps(")) {
      operations.add("sweeps");
      project.set("sweeps", sweepsPage(variables, query));
    } else if (query.contains("runs(filters")) {
      operations.add("runs");
      project.set("runs", runsPage(variables));
    } else if (query.contains("agents")) {
      operations.add("agents");
      JsonNode sweep = load(variables.path("sweep").asText());
      project.set("sweep", sweep == null ? Json.nodes().nullNode() : agents(sweep));
    } else if (query.contains("run(name:")) {
      operations.add("run");
      project.set("run", runAgain(variables.path("name").asText()));
    } else {
      operations.add("sweep");
      JsonNode sweep = load(variables.path("name").asText());
      if (sweep == null) {
        project.putNull("sweep");
      } else {
        int step = steps.merge(sweep.path("id").asText(), 1, Integer::sum);
        ObjectNode node = sweepNode(sweep, step);
        Matcher first = FIRST.matcher(query);
        if (first.find()) {
          List<ObjectNode> runs = runs(sweep, step);
          ArrayNode edges = node.putObject("runs").putArray("edges");
          runs.stream().limit(Integer.parseInt(first.group(1)))
              .forEach(r -> edges.addObject().set("node", r));
        }
        project.set("sweep", node);
      }
    }
    ObjectNode reply = Json.object();
    reply.set("data", data);
    byte[] bytes = Json.compact(reply).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private ObjectNode sweepsPage(JsonNode variables, String query) throws IOException {
    List<ObjectNode> all = new ArrayList<>();
    for (JsonNode sweep : sweeps()) {
      all.add(sweepNode(sweep, steps.getOrDefault(sweep.path("id").asText(), 0)));
    }
    for (int i = 0; i < otherSweeps; i++) {
      all.add(Json.object().put("id", internalId("Sweep:other" + i)).put("name", "other" + i)
          .putNull("displayName").put("state", "FINISHED")
          .put("config", "method: random\nname: someone-else-" + i + "\n"));
    }
    java.util.Collections.reverse(all); // newest first
    Matcher legacy = Pattern.compile("sweeps\\(first:\\s*(\\d+)").matcher(query);
    int first = legacy.find() ? Integer.parseInt(legacy.group(1))
        : variables.path("perPage").asInt(50);
    return page(all, variables.path("cursor").asText(null), first);
  }

  private ObjectNode runsPage(JsonNode variables) throws IOException {
    JsonNode filters = Json.parse(variables.path("filters").asText("{}"));
    String sweepId = filters.path("$and").path(0).path("sweep").asText(null);
    List<ObjectNode> runs = new ArrayList<>();
    for (JsonNode sweep : sweeps()) {
      if (internalId("Sweep:" + sweep.path("id").asText()).equals(sweepId)) {
        runs = runs(sweep, steps.getOrDefault(sweep.path("id").asText(), 0));
      }
    }
    return page(runs, variables.path("cursor").asText(null), variables.path("perPage").asInt(50));
  }

  /** One page of a connection, with opaque cursors as the real API has. */
  private static ObjectNode page(List<ObjectNode> items, String cursor, int first) {
    int start = cursor == null ? 0 : Integer.parseInt(new String(
        Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8));
    int end = Math.min(items.size(), start + first);
    ObjectNode connection = Json.object();
    ArrayNode edges = connection.putArray("edges");
    for (int i = start; i < end; i++) {
      edges.addObject().put("cursor", cursorOf(i + 1)).set("node", items.get(i));
    }
    connection.putObject("pageInfo").put("endCursor", cursorOf(end))
        .put("hasNextPage", end < items.size());
    return connection;
  }

  private static String cursorOf(int index) {
    return Base64.getEncoder().encodeToString(Integer.toString(index)
        .getBytes(StandardCharsets.UTF_8));
  }

  private ObjectNode sweepNode(JsonNode sweep, int step) {
    ObjectNode node = Json.object();
    node.put("id", internalId("Sweep:" + sweep.path("id").asText()));
    node.put("name", sweep.path("id").asText());
    node.set("displayName", sweep.path("displayName"));
    node.put("config", sweep.path("config").asText());
    String stored = sweep.path("state").asText();
    String state = "RUNNING";
    if (!stored.equals("RUNNING")) {
      state = stored;
    } else if (config.mode() == Mode.FINISHED_WITH_ACTIVE_RUN && step >= config.runs()) {
      state = "FINISHED";
    } else if (config.mode() != Mode.AGENTS_DIE && step > config.runs()) {
      state = "FINISHED";
    }
    node.put("state", state);
    return node;
  }

  private ObjectNode agents(JsonNode sweep) throws IOException {
    int step = steps.getOrDefault(sweep.path("id").asText(), 0);
    ObjectNode node = Json.object();
    ArrayNode edges = node.putObject("agents").putArray("edges");
    for (String cluster : clustersOf(sweep.path("id").asText())) {
      boolean up = isUp(cluster) && !(config.mode() == Mode.AGENTS_DIE && step > 1);
      edges.addObject().putObject("node").put("id", internalId("Agent:" + cluster))
          .put("name", cluster)
          .put("heartbeatAt", naive(up ? Instant.now() : Instant.now().minus(Duration.ofHours(2))));
    }
    return node;
  }

  private List<ObjectNode> runs(JsonNode sweep, int step) throws IOException {
    String id = sweep.path("id").asText();
    String configYaml = sweep.path("config").asText();
    String metric = metricOf(configYaml);
    boolean runnable = configYaml.contains("\ncommand:") || configYaml.startsWith("command:")
        || configYaml.contains("\nprogram:") || configYaml.startsWith("program:");
    int iteration = Integer.parseInt(id.substring(2));
    double base = config.metrics().get(Math.min(iteration, config.metrics().size()) - 1);
    List<String> clusters = clustersOf(id);
    int visible = config.mode() == Mode.AGENTS_DIE ? Math.min(step, 1)
        : Math.min(step, config.runs());
    List<ObjectNode> runs = new ArrayList<>();
    for (int i = 0; i < extraRuns; i++) {
      runs.add(run(id + "-old" + i, "finished", "", metric, base - 0.5, 3600, 10, 0.0001));
    }
    Instant now = Instant.now();
    for (int i = 0; i < visible; i++) {
      boolean last = i == visible - 1;
      boolean running = switch (config.mode()) {
        case AGENTS_DIE -> false;
        case FINISHED_WITH_ACTIVE_RUN -> last && step <= config.runs();
        case HUNG_HEARTBEAT, HUNG_PROGRESS -> i == 0 || last && step <= config.runs();
        case HUNG_UNTIL_READ_AGAIN, HUNG_UNTIL_TAKEN_DOWN ->
            i == 0 ? deadHost(id + "-run0", i, clusters) : last && step <= config.runs();
        case NORMAL -> last && step <= config.runs();
      };
      String group = clusters.isEmpty() ? "" : clusters.get(i % clusters.size());
      if (!runnable) {
        runs.add(run(id + "-run" + i, "crashed", group, null, 0, 0, 0, 0.001 * (i + 1)));
        continue;
      }
      boolean stuck = i == 0 && config.mode() == Mode.HUNG_PROGRESS;
      ObjectNode run = run(id + "-run" + i, running ? "running" : "finished", group, metric,
          base + 0.01 * i, stuck ? 7200 : 0, stuck ? 3 : 40, 0.001 * (i + 1));
      boolean deadHost = deadHost(id + "-run" + i, i, clusters);
      run.put("heartbeatAt", naive(deadHost ? now.minus(Duration.ofHours(2)) : now));
      runs.add(run);
    }
    return runs;
  }

  /** Whether run {@code i} (the first) looks as if its host died: running, no heartbeat. */
  private boolean deadHost(String runId, int i, List<String> clusters) throws IOException {
    if (i != 0) {
      return false;
    }
    return switch (config.mode()) {
      case HUNG_HEARTBEAT -> true;
      case HUNG_UNTIL_READ_AGAIN -> !readAgain.contains(runId);
      case HUNG_UNTIL_TAKEN_DOWN -> !clusters.isEmpty() && isUp(clusters.get(0));
      default -> false;
    };
  }

  /** One run read on its own (Run.load), as the sweep's current step has it. */
  private JsonNode runAgain(String runId) throws IOException {
    readAgain.add(runId);
    int cut = runId.lastIndexOf("-run");
    JsonNode sweep = cut < 0 ? null : load(runId.substring(0, cut));
    if (sweep != null) {
      for (ObjectNode run : runs(sweep, steps.getOrDefault(sweep.path("id").asText(), 0))) {
        if (run.path("name").asText().equals(runId)) {
          return run;
        }
      }
    }
    return Json.nodes().nullNode();
  }

  private static ObjectNode run(String name, String state, String group, String metric,
      double value, long loggedSecondsAgo, int step, double lr) {
    Instant now = Instant.now();
    ObjectNode run = Json.object();
    run.put("id", internalId("Run:" + name));
    run.put("name", name);
    run.put("state", state);
    run.put("group", group);
    run.put("createdAt", naive(now.minus(Duration.ofHours(3))));
    run.put("heartbeatAt", naive(now.minus(Duration.ofSeconds(loggedSecondsAgo))));
    ObjectNode summary = Json.object();
    if (metric != null) {
      summary.put(metric, value);
      summary.put("_step", step);
      summary.put("_timestamp", now.minus(Duration.ofSeconds(loggedSecondsAgo)).getEpochSecond()
          + 0.25);
    }
    run.put("summaryMetrics", Json.compact(summary));
    ObjectNode runConfig = Json.object();
    runConfig.putObject("lr").put("value", lr).putNull("desc");
    runConfig.putObject("wandb_version").put("value", "0.28.3.dev1");
    run.put("config", Json.compact(runConfig));
    return run;
  }

  /** wandb's fixtures show naive UTC times: {@code 2021-02-16T23:44:10.058524}. */
  private static String naive(Instant instant) {
    return instant.toString().replace("Z", "");
  }

  /** An opaque GraphQL node id, as the real API returns (base64 of type and name). */
  private static String internalId(String typeAndName) {
    return Base64.getEncoder().encodeToString(typeAndName.getBytes(StandardCharsets.UTF_8));
  }

  private static String metricOf(String configYaml) {
    Matcher metric = Pattern.compile("metric:\\s*\\n(?:\\s+\\w+:.*\\n)*?\\s+name:\\s*(\\S+)")
        .matcher(configYaml);
    return metric.find() ? metric.group(1).replaceAll("^['\"]|['\"]$", "") : "metric";
  }

  private JsonNode load(String sweepId) throws IOException {
    Path file = state.resolve("sweeps").resolve(sweepId + ".json");
    return Files.exists(file) ? Json.parse(Files.readString(file)) : null;
  }

  private List<JsonNode> sweeps() throws IOException {
    Path dir = state.resolve("sweeps");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<JsonNode> sweeps = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.sorted().toList()) {
        sweeps.add(Json.parse(Files.readString(file)));
      }
    }
    return sweeps;
  }

  /** The clusters (or managed jobs) whose agent runs this sweep, in launch order. */
  private List<String> clustersOf(String sweepId) throws IOException {
    List<String> names = new ArrayList<>();
    for (String dir : List.of("clusters", "jobs")) {
      Path folder = state.resolve(dir);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (var files = Files.list(folder)) {
        for (Path file : files.sorted().toList()) {
          JsonNode record = Json.parse(Files.readString(file));
          if (record.path("spec").path("run").asText().endsWith("/" + sweepId)) {
            names.add(record.path("name").asText());
          }
        }
      }
    }
    return names;
  }

  private boolean isUp(String cluster) throws IOException {
    for (String dir : List.of("clusters", "jobs")) {
      Path file = state.resolve(dir).resolve(cluster + ".json");
      if (Files.exists(file)) {
        String status = Json.parse(Files.readString(file)).path("status").asText();
        return status.equals("UP") || status.equals("RUNNING");
      }
    }
    return false;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
