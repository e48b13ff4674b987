package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The slice of the W&B public GraphQL API the backend reads: a project's sweeps (to find one by
 * name after a crash) and a sweep's state and runs. {@code WANDB_BASE_URL} selects the server
 * (default {@code https://api.wandb.ai}); {@code WANDB_API_KEY} authenticates, in the header only.
 */
final class WandbApi {
  /** One run of a sweep. */
  record Run(String id, String state, String group, JsonNode summary, JsonNode config,
      Instant heartbeat) {}

  /** A sweep's state and runs. */
  record Sweep(String id, String state, List<Run> runs) {}

  private static final String SWEEPS = """
      query Sweeps($entity: String, $project: String) {
        project(name: $project, entityName: $entity) {
          sweeps(first: 200) { edges { node { name displayName state } } }
        }
      }""";

  private static final String SWEEP = """
      query Sweep($entity: String, $project: String, $name: String!) {
        project(name: $project, entityName: $entity) {
          sweep(sweepName: $name) {
            name state
            runs(first: 1000) { edges { node {
              name state group summaryMetrics config heartbeatAt
            } } }
          }
        }
      }""";

  private final URI endpoint;
  private final String apiKey;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

  WandbApi(String baseUrl, String apiKey) {
    String base = baseUrl == null || baseUrl.isBlank() ? "https://api.wandb.ai" : baseUrl;
    this.endpoint = URI.create(base.replaceAll("/+$", "") + "/graphql");
    this.apiKey = apiKey;
  }

  /** The id of the sweep named {@code displayName}, if the project has one. */
  Optional<String> findSweep(String entity, String project, String displayName)
      throws IOException {
    JsonNode data = query(SWEEPS, variables(entity, project));
    for (JsonNode edge : data.path("project").path("sweeps").path("edges")) {
      if (displayName.equals(edge.path("node").path("displayName").asText())) {
        return Optional.of(edge.path("node").path("name").asText());
      }
    }
    return Optional.empty();
  }

  Sweep sweep(String entity, String project, String sweepId) throws IOException {
    ObjectNode variables = variables(entity, project);
    variables.put("name", sweepId);
    JsonNode sweep = query(SWEEP, variables).path("project").path("sweep");
    if (!sweep.isObject()) {
      throw new IOException("W&B has no sweep " + entity + "/" + project + "/" + sweepId);
    }
    List<Run> runs = new ArrayList<>();
    for (JsonNode edge : sweep.path("runs").path("edges")) {
      JsonNode node = edge.path("node");
      runs.add(new Run(node.path("name").asText(), node.path("state").asText(),
          node.path("group").asText(""), jsonField(node.path("summaryMetrics")),
          jsonField(node.path("config")), instant(node.path("heartbeatAt").asText(null))));
    }
    return new Sweep(sweep.path("name").asText(), sweep.path("state").asText(), runs);
  }

  private JsonNode query(String query, ObjectNode variables) throws IOException {
    ObjectNode body = Json.object();
    body.put("query", query);
    body.set("variables", variables);
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.compact(body)));
    if (apiKey != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString(("api:" + apiKey).getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IOException("W&B API answered HTTP " + response.statusCode() + " at " + endpoint);
    }
    JsonNode reply = Json.parse(response.body());
    if (reply.path("errors").isArray() && !reply.path("errors").isEmpty()) {
      throw new IOException("W&B API error: " + reply.path("errors").get(0).path("message")
          .asText());
    }
    return reply.path("data");
  }

  private static ObjectNode variables(String entity, String project) {
    ObjectNode variables = Json.object();
    variables.put("entity", entity);
    variables.put("project", project);
    return variables;
  }

  /** W&B returns summaryMetrics and config as JSON strings. */
  private static JsonNode jsonField(JsonNode value) {
    if (value.isTextual()) {
      try {
        return Json.parse(value.asText());
      } catch (IOException e) {
        return Json.object();
      }
    }
    return value.isObject() ? value : Json.object();
  }

  private static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.endsWith("Z") || text.contains("+") ? text : text + "Z");
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
