package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.io.AtomicFiles;
import dev.metaopt.io.ProjectLayout;
import dev.metaopt.json.Json;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the human reports: {@code reports/iteration-N.md} after every rollover and
 * {@code final_report.md} when a campaign ends COMPLETE or BLOCKED_CONFIG. Both are pure
 * functions of the state (plus the iteration handoff text), so regenerating them is safe.
 */
public final class Reports {
  private Reports() {}

  /** Writes {@code reports/iteration-<n>.md} and returns its path. */
  public static Path writeIterationReport(ProjectLayout layout, ObjectNode state, int iteration,
      String handoffText) {
    StringBuilder md = new StringBuilder();
    md.append("# Iteration ").append(iteration).append(" — ")
        .append(state.path("campaign_id").asText()).append("\n\n");
    JsonNode record = iterationRecord(state, iteration);
    if (record != null) {
      md.append("| field | value |\n|---|---|\n");
      row(md, "proposal", record.path("proposal_id"));
      row(md, "sweep", record.path("sweep_id"));
      row(md, "best " + metric(state), record.path("best_metric_value"));
      row(md, "best run", record.path("best_run_id"));
      row(md, "improved baseline", record.path("improved_baseline"));
      row(md, "spend (USD)", record.path("spend_usd"));
      md.append("\nBest configuration: `").append(Json.compact(record.path("best_run_config")))
          .append("`\n\n");
    }
    if (handoffText != null && !handoffText.isBlank()) {
      md.append("```\n").append(handoffText.strip()).append("\n```\n");
    }
    Path file = layout.reportsDir().resolve("iteration-" + iteration + ".md");
    AtomicFiles.writeString(file, md.toString());
    return file;
  }

  /** Writes {@code final_report.md} and returns its path. */
  public static Path writeFinalReport(ProjectLayout layout, ObjectNode state) {
    StringBuilder md = new StringBuilder();
    md.append("# Final report — ").append(state.path("campaign_id").asText()).append("\n\n");
    md.append("- Status: **").append(state.path("status").asText()).append("**\n");
    md.append("- Stop reason: ").append(stopReason(state)).append('\n');
    md.append("- Iterations completed: ").append(state.path("completed_iterations").size())
        .append('\n');
    md.append("- Total spend: ").append(usd(totalSpend(state))).append(" USD\n");
    md.append("- Objective: ").append(direction(state)).append(' ').append(metric(state))
        .append(" (improvement threshold ")
        .append(state.path("objective_snapshot").path("improvement_threshold").asText())
        .append(")\n\n");
    appendBest(md, state);
    appendIterations(md, state);
    md.append("## Key learnings\n\n");
    if (state.path("key_learnings").isEmpty()) {
      md.append("(none recorded)\n");
    }
    for (JsonNode learning : state.path("key_learnings")) {
      md.append("- ").append(learning.asText()).append('\n');
    }
    md.append("\n## Next action\n\n").append(state.path("next_action").asText("")).append('\n');
    Path file = layout.finalReport();
    AtomicFiles.writeString(file, md.toString());
    return file;
  }

  private static void appendBest(StringBuilder md, ObjectNode state) {
    md.append("## Best run\n\n");
    JsonNode baseline = state.path("baseline");
    if (!baseline.isObject()) {
      md.append("No iteration produced a usable metric, so there is no baseline.\n\n");
      return;
    }
    md.append("| field | value |\n|---|---|\n");
    row(md, metric(state), baseline.path("value"));
    row(md, "run", baseline.path("wandb_run_id"));
    row(md, "run url", baseline.path("wandb_run_url"));
    row(md, "iteration", baseline.path("iteration"));
    row(md, "established at", baseline.path("established_at"));
    md.append("\nBest configuration:\n\n```json\n")
        .append(Json.pretty(baseline.path("config").isMissingNode()
            ? Json.nodes().nullNode() : baseline.path("config")))
        .append("```\n\n");
  }

  private static void appendIterations(StringBuilder md, ObjectNode state) {
    md.append("## Iterations\n\n");
    md.append("| iteration | proposal | sweep | best ").append(metric(state))
        .append(" | improved | spend (USD) |\n|---|---|---|---|---|---|\n");
    for (JsonNode record : state.path("completed_iterations")) {
      md.append("| ").append(record.path("iteration").asText())
          .append(" | ").append(text(record.path("proposal_id")))
          .append(" | ").append(text(record.path("sweep_id")))
          .append(" | ").append(text(record.path("best_metric_value")))
          .append(" | ").append(text(record.path("improved_baseline")))
          .append(" | ").append(usd(record.path("spend_usd").asDouble(0.0)))
          .append(" |\n");
    }
    md.append('\n');
  }

  /** The recorded stop reason, or the next action when none was recorded. */
  static String stopReason(ObjectNode state) {
    JsonNode iterations = state.path("completed_iterations");
    if (iterations.size() > 0) {
      JsonNode last = iterations.get(iterations.size() - 1);
      if (last.hasNonNull("stop_reason")) {
        return last.path("stop_reason").asText();
      }
    }
    return state.path("next_action").asText("unknown");
  }

  static double totalSpend(ObjectNode state) {
    double total = 0.0;
    for (JsonNode record : state.path("completed_iterations")) {
      total += record.path("spend_usd").asDouble(0.0);
    }
    return total;
  }

  private static JsonNode iterationRecord(ObjectNode state, int iteration) {
    for (JsonNode record : state.path("completed_iterations")) {
      if (record.path("iteration").asInt() == iteration) {
        return record;
      }
    }
    return null;
  }

  private static void row(StringBuilder md, String field, JsonNode value) {
    md.append("| ").append(field).append(" | ").append(text(value)).append(" |\n");
  }

  private static String text(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "—";
    }
    return value.isValueNode() ? value.asText() : Json.compact(value);
  }

  private static String metric(ObjectNode state) {
    return state.path("objective_snapshot").path("metric").asText();
  }

  private static String direction(ObjectNode state) {
    return state.path("objective_snapshot").path("direction").asText();
  }

  private static String usd(double amount) {
    return String.format(Locale.ROOT, "%.2f", amount);
  }
}
