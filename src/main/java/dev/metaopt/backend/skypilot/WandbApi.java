package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The slice of the W&B public GraphQL API the backend reads, with the query shapes of wandb's own
 * SDK (github.com/wandb/wandb: wandb/apis/_generated/operations.py GET_SWEEPS_GQL, GET_SWEEP_GQL,
 * GET_SWEEP_AGENTS_GQL; wandb/apis/public/runs.py _create_runs_query): a project's sweeps and a
 * sweep's runs are read page by page with {@code first}/{@code after} until {@code hasNextPage} is
 * false, so nothing is silently truncated; a sweep's runs are the project's runs filtered by the
 * sweep's id, as wandb/apis/public/sweeps.py lists them. Requests go through {@link WandbHttp}
 * (retries, rate limits).
 */
final class WandbApi {
  /** One run of a sweep; {@code summary} and {@code config} as parsed JSON. */
  record Run(String id, String state, String group, JsonNode summary, JsonNode config,
      Instant heartbeat, Instant created) {
    /** When the run last logged ({@code _timestamp}, set by every {@code wandb.log}). */
    Optional<Instant> lastLogged() {
      JsonNode stamp = summary.path("_timestamp");
      return stamp.isNumber() ? Optional.of(Instant.ofEpochMilli(
          Math.round(stamp.asDouble() * 1000))) : Optional.empty();
    }

    /**
     * The parameters the run was given: W&B stores each config entry as {@code {"value": v,
     * "desc": …}}; its own entries ({@code _wandb}, {@code wandb_version}, any key starting with
     * an underscore) are not the user's and are dropped.
     */
    ObjectNode parameters() {
      ObjectNode values = Json.object();
      config.fields().forEachRemaining(entry -> {
        if (!entry.getKey().startsWith("_") && !entry.getKey().equals("wandb_version")) {
          JsonNode v = entry.getValue();
          values.set(entry.getKey(), v.isObject() && v.has("value") ? v.get("value") : v);
        }
      });
      return values;
    }
  }

  /** One agent of a sweep and its last heartbeat ({@code wandb agent} beats every few seconds). */
  record Agent(String name, Instant heartbeat) {}

  /** A sweep's state, runs and agents. */
  record Sweep(String id, String state, List<Run> runs, List<Agent> agents) {
    /** This sweep with {@code fresher} in place of the run of the same id. */
    Sweep with(Run fresher) {
      return new Sweep(id, state, runs.stream()
          .map(r -> r.id().equals(fresher.id()) ? fresher : r).toList(), agents);
    }
  }

  static final int PAGE_SIZE = 50;
  private static final int MAX_PAGES = 2_000;
  private static final Pattern CONFIG_NAME =
      Pattern.compile("(?m)^name:\\s*['\"]?([^'\"\\n]+?)['\"]?\\s*$");

  private static final String GET_SWEEPS = """
      query GetSweeps($project: String!, $entity: String!, $filters: JSONString!, \
      $cursor: String, $perPage: Int = 50) {
        project(name: $project, entityName: $entity) {
          sweeps(after: $cursor, first: $perPage, filters: $filters) {
            pageInfo { endCursor hasNextPage }
            edges { node { id name displayName state config } }
          }
        }
      }""";

  private static final String GET_SWEEP = """
      query GetSweep($name: String!, $project: String, $entity: String) {
        project(name: $project, entityName: $entity) {
          sweep(sweepName: $name) { id name state config }
        }
      }""";

  /** One run read afresh: the shape of wandb/apis/public/runs.py Run._load_with_fragment. */
  private static final String RUN = """
      query Run($project: String!, $entity: String!, $name: String!) {
        project(name: $project, entityName: $entity) {
          run(name: $name) { name state group createdAt heartbeatAt config summaryMetrics }
        }
      }""";

  private static final String RUNS = """
      query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, \
      $filters: JSONString) {
        project(name: $project, entityName: $entity) {
          runs(filters: $filters, after: $cursor, first: $perPage) {
            edges { node { name state group createdAt heartbeatAt config summaryMetrics } cursor }
            pageInfo { endCursor hasNextPage }
          }
        }
      }""";

  private static final String GET_SWEEP_AGENTS = """
      query GetSweepAgents($sweep: String!, $entity: String, $project: String) {
        project(name: $project, entityName: $entity) {
          sweep(sweepName: $sweep) { agents { edges { node { id name heartbeatAt } } } }
        }
      }""";

  private final WandbHttp http;

  WandbApi(WandbHttp http) {
    this.http = http;
  }

  /**
   * The id of the sweep registered as {@code name}: {@code wandb sweep} sends no display name,
   * the name lives in the sweep's config (a YAML string); {@code displayName} is checked too.
   */
  Optional<String> findSweep(String entity, String project, String name) throws IOException {
    ObjectNode variables = variables(entity, project);
    variables.put("filters", "{}");
    List<String> found = new ArrayList<>();
    pages(GET_SWEEPS, variables, "sweeps", node -> {
      if (name.equals(node.path("displayName").asText())
          || name.equals(configName(node.path("config").asText()))) {
        found.add(node.path("name").asText());
      }
    });
    return found.stream().findFirst();
  }

  /** The sweep's state with all its runs and agents. */
  Sweep sweep(String entity, String project, String sweepId) throws IOException {
    ObjectNode variables = variables(entity, project);
    variables.put("name", sweepId);
    JsonNode sweep = http.query(GET_SWEEP, variables).path("project").path("sweep");
    if (!sweep.isObject()) {
      throw new IOException("W&B has no sweep " + entity + "/" + project + "/" + sweepId);
    }
    return new Sweep(sweep.path("name").asText(), sweep.path("state").asText(),
        runs(entity, project, sweep.path("id").asText()), agents(entity, project, sweepId));
  }

  private List<Run> runs(String entity, String project, String internalId) throws IOException {
    ObjectNode variables = variables(entity, project);
    ObjectNode sweep = Json.object();
    sweep.putArray("$and").addObject().put("sweep", internalId);
    variables.put("filters", Json.compact(sweep));
    List<Run> runs = new ArrayList<>();
    pages(RUNS, variables, "runs", node -> runs.add(run(node)));
    return runs;
  }

  /** Run {@code runId} as W&B knows it now. */
  Run run(String entity, String project, String runId) throws IOException {
    ObjectNode variables = variables(entity, project);
    variables.put("name", runId);
    JsonNode run = http.query(RUN, variables).path("project").path("run");
    if (!run.isObject()) {
      throw new IOException("W&B has no run " + entity + "/" + project + "/" + runId);
    }
    return run(run);
  }

  private static Run run(JsonNode node) {
    return new Run(node.path("name").asText(), node.path("state").asText(),
        node.path("group").asText(""), jsonField(node.path("summaryMetrics")),
        jsonField(node.path("config")), instant(node.path("heartbeatAt").asText(null)),
        instant(node.path("createdAt").asText(null)));
  }

  private List<Agent> agents(String entity, String project, String sweepId) throws IOException {
    ObjectNode variables = variables(entity, project);
    variables.put("sweep", sweepId);
    List<Agent> agents = new ArrayList<>();
    JsonNode edges = http.query(GET_SWEEP_AGENTS, variables).path("project").path("sweep")
        .path("agents").path("edges");
    for (JsonNode edge : edges) {
      agents.add(new Agent(edge.path("node").path("name").asText(),
          instant(edge.path("node").path("heartbeatAt").asText(null))));
    }
    return agents;
  }

  /** Every node of a paginated connection, following {@code endCursor}. */
  private void pages(String query, ObjectNode variables, String connection,
      Consumer<JsonNode> each) throws IOException {
    variables.put("perPage", PAGE_SIZE);
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      if (cursor == null) {
        variables.putNull("cursor");
      } else {
        variables.put("cursor", cursor);
      }
      JsonNode list = http.query(query, variables).path("project").path(connection);
      for (JsonNode edge : list.path("edges")) {
        each.accept(edge.path("node"));
      }
      JsonNode info = list.path("pageInfo");
      String next = info.path("endCursor").asText(null);
      if (!info.path("hasNextPage").asBoolean(false) || next == null || next.equals(cursor)) {
        return;
      }
      cursor = next;
    }
    throw new IOException("W&B kept returning pages of " + connection + " after " + MAX_PAGES);
  }

  /** The top-level {@code name:} of a sweep config as W&B stores it ({@code yaml.dump}). */
  static String configName(String configYaml) {
    Matcher matcher = CONFIG_NAME.matcher(configYaml);
    return matcher.find() ? matcher.group(1) : null;
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

  /** ISO times as W&B writes them: naive UTC ({@code 2021-02-16T23:44:10.058524}) or zoned. */
  static Instant instant(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(text).toInstant();
    } catch (java.time.format.DateTimeParseException zoneless) {
      try {
        return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
      } catch (java.time.format.DateTimeParseException e) {
        return null;
      }
    }
  }
}
