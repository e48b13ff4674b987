package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.dispatch.TaskMarkdown;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one iteration did and why, gathered from the files its steps left: the search space it
 * ran, the ideation rationale of the chosen proposal (from the selection task's pool), the
 * selection's ranking rationale, the analysis' learnings, and its iteration record.
 *
 * @param iteration the iteration number
 * @param record its {@code completed_iterations} entry (an empty object while it runs)
 * @param sweepConfig the sweep configuration it ran (an empty object when unknown)
 * @param ideationRationale why ideation proposed that space, or null
 * @param selectionRationale why selection picked it, or null
 * @param learnings the analysis' learnings about its sweep
 */
public record IterationStory(int iteration, JsonNode record, JsonNode sweepConfig,
    String ideationRationale, String selectionRationale, List<String> learnings) {

  /** Every iteration that has a record or a launched sweep, in order. */
  public static List<IterationStory> all(ProjectLayout layout, ObjectNode state) {
    List<IterationStory> stories = new ArrayList<>();
    int last = state.path("current_iteration").asInt(0);
    for (int n = 1; n <= last; n++) {
      JsonNode record = recordOf(state, n);
      boolean launched = Files.isRegularFile(layout.workerResultsDir().resolve(
          "launch-sweep-iter-" + n + ".json"));
      if (record.isObject() && !record.isEmpty() || launched) {
        stories.add(of(layout, state, n));
      }
    }
    return stories;
  }

  /** The story of iteration {@code n}. */
  public static IterationStory of(ProjectLayout layout, ObjectNode state, int n) {
    JsonNode record = recordOf(state, n);
    JsonNode selection = read(layout.workerResultsDir().resolve(
        "select-design-iter-" + n + ".json"));
    JsonNode sweepConfig = record.path("sweep_config").isObject() ? record.path("sweep_config")
        : selection.path("sweep_config").isObject() ? selection.path("sweep_config")
        : Json.object();
    String proposal = record.path("proposal_id").asText(
        selection.path("winning_proposal").path("proposal_id").asText(null));
    List<String> learnings = new ArrayList<>();
    read(layout.workerResultsDir().resolve("sweep-analysis-iter-" + n + ".json"))
        .path("learnings").forEach(l -> learnings.add(l.asText()));
    return new IterationStory(n, record, sweepConfig, ideationRationale(layout, n, proposal),
        selection.path("ranking_rationale").asText(null), List.copyOf(learnings));
  }

  /** The proposal id, or null. */
  public String proposalId() {
    return record.path("proposal_id").asText(null);
  }

  /** The sweep's search method ({@code bayes}, {@code random}, {@code grid}), or null. */
  public String method() {
    return sweepConfig.path("method").asText(null);
  }

  /** The parameters of the space it ran. */
  public JsonNode parameters() {
    return sweepConfig.path("parameters");
  }

  /** The rationale of {@code proposalId} in the pool the selection task listed. */
  private static String ideationRationale(ProjectLayout layout, int n, String proposalId) {
    if (proposalId == null) {
      return null;
    }
    Path task = layout.tasksDir().resolve("select-design-iter-" + n + ".md");
    try {
      String json = Files.isRegularFile(task) ? TaskMarkdown.taskJson(Files.readString(task))
          : null;
      if (json == null) {
        return null;
      }
      for (JsonNode proposal : Json.parse(json).path("pool")) {
        if (proposalId.equals(proposal.path("proposal_id").asText())) {
          return proposal.path("rationale").asText(null);
        }
      }
    } catch (IOException e) {
      return null; // the rationale is a courtesy; a damaged task file does not stop a report
    }
    return null;
  }

  private static JsonNode recordOf(ObjectNode state, int n) {
    for (JsonNode record : state.path("completed_iterations")) {
      if (record.path("iteration").asInt() == n) {
        return record;
      }
    }
    return Json.object();
  }

  private static JsonNode read(Path file) {
    try {
      return Files.isRegularFile(file) ? Json.parse(Files.readString(file)) : Json.object();
    } catch (IOException e) {
      return Json.object();
    }
  }
}
