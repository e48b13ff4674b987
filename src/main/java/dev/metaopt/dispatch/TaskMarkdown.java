package dev.metaopt.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;

/** Renders a worker task as Markdown a person or an LLM can act on without anything else. */
final class TaskMarkdown {
  private TaskMarkdown() {}

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
    md.append("\n## Task (the same JSON is on stdin)\n\n```json\n").append(Json.pretty(task))
        .append("```\n");
    return md.toString();
  }
}
