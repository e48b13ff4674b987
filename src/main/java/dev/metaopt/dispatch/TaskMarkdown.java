package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;

/**
 * Renders a worker task as Markdown a person or an LLM can act on without anything else, and
 * reads the task's JSON back out of it (the one place that knows where it sits).
 */
public final class TaskMarkdown {
  private TaskMarkdown() {}

  private static final String JSON_START = "\n```json\n";

  /** The task JSON embedded in a rendered task, or null when there is none. */
  public static String taskJson(String markdown) {
    int start = markdown.indexOf(JSON_START);
    int end = start < 0 ? -1 : markdown.lastIndexOf("```");
    return start < 0 || end <= start ? null
        : markdown.substring(start + JSON_START.length(), end);
  }

  static String render(ObjectNode task, String resultFile) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(task.path("lane").asText("worker")).append(" task: ")
        .append(task.path("name").asText()).append("\n\n");
    md.append("- Campaign: `").append(task.path("campaign_id").asText()).append("`\n");
    md.append("- Iteration: `").append(task.path("iteration").asText()).append("`\n");
    JsonNode objective = task.path("objective");
    if (objective.isObject()) {
      md.append("- Objective: ").append(objective.path("direction").asText()).append(" `")
          .append(objective.path("metric").asText()).append("` (improvement threshold ")
          .append(objective.path("improvement_threshold").asText()).append(")\n");
    }
    md.append("- Result file: `").append(resultFile).append("`");
    if (task.has("result_schema")) {
      md.append(" (schema `").append(task.path("result_schema").asText()).append("`)");
    }
    md.append("\n\nExecute only this task. Print exactly one JSON object on stdout; metaopt"
        + " validates it and writes the result file.\n");
    if (task.path("instructions").isArray() && !task.path("instructions").isEmpty()) {
      md.append("\n## Rules\n\n");
      task.path("instructions").forEach(rule -> md.append("- ").append(rule.asText())
          .append('\n'));
    }
    md.append("\n## Task (the same JSON is on stdin)\n").append(JSON_START).append(Json.pretty(task))
        .append("```\n");
    return md.toString();
  }
}
