package dev.metaopt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The answers of {@code fake_worker.py}, function by function, for {@link ScriptedWorkers}. */
final class ScriptedAnswers {
  private ScriptedAnswers() {}

  /** {@code ideation(task, scenario)}: text, since some modes answer with garbage. */
  static String ideation(ObjectNode task, JsonNode scenario) {
    String mode = scenario.path("ideation").path("mode").asText("valid");
    String slot = task.path("name").asText("bg-0");
    String digits = slot.replaceAll("\\D", "");
    int number = digits.isEmpty() ? 0 : Integer.parseInt(digits);
    if (mode.equals("garbage") || mode.equals("flaky") && number % 2 == 1) {
      return "this is not json";
    }
    ObjectNode result = Json.object();
    result.set("slot_id", task.path("name").deepCopy());
    result.put("mode", "ideation").put("status", "completed");
    if (mode.equals("invalid_schema")) {
      return Json.compact(result);
    }
    double low = Math.round(0.001 * number * 1e6) / 1e6;
    ObjectNode config = Json.object();
    config.put("method", "random");
    config.putObject("metric").put("name", task.path("objective").path("metric").asText())
        .put("goal", task.path("objective").path("direction").asText());
    ObjectNode parameters = config.putObject("parameters");
    parameters.putObject("lr").putArray("values").add(low).add(low * 2);
    parameters.putObject("layers").putArray("values").add(number % 3 + 1);
    config.put("run_cap", 4);
    if (mode.equals("wrong_metric")) {
      ((ObjectNode) config.get("metric")).put("name", "some/other_metric");
    }
    ArrayNode candidates = Json.nodes().arrayNode();
    candidates.addObject().put("rationale", "scripted lr around " + low).set("sweep_config",
        config);
    if (mode.equals("double")) {
      ObjectNode twin = config.deepCopy().put("method", "bayes");
      candidates.addObject().put("rationale", "scripted bayes twin").set("sweep_config", twin);
    }
    result.put("slot_id", slot).put("summary", "scripted proposal for " + slot);
    result.set("proposal_candidates", candidates);
    return Json.compact(result);
  }

  /** {@code selection(task, scenario)}: the first proposal of the pool wins. */
  static ObjectNode selection(ObjectNode task, JsonNode scenario) {
    String mode = scenario.path("selection").path("mode").asText("first");
    JsonNode winner = Json.object().put("proposal_id", "none").set("sweep_config",
        Json.object());
    for (String key : new String[] {"current_proposals", "pool", "proposals", "frozen_pool"}) {
      if (task.path(key).isArray() && !task.path(key).isEmpty()) {
        winner = task.path(key).get(0);
        break;
      }
    }
    ObjectNode result = Json.object();
    result.putObject("winning_proposal").put("proposal_id", mode.equals("unknown_winner")
        ? "not-in-pool-p999" : winner.path("proposal_id").asText());
    result.set("sweep_config", winner.has("sweep_config") ? winner.get("sweep_config").deepCopy()
        : Json.object());
    result.put("ranking_rationale", "scripted: the first proposal wins");
    return result;
  }

  /** {@code analysis(task, scenario)}: always improved, with the sweep's best run. */
  static ObjectNode analysis(ObjectNode task) {
    JsonNode sweep = task.path("sweep").isObject() && !task.path("sweep").isEmpty()
        ? task.path("sweep") : task.path("current_sweep").isObject()
            ? task.path("current_sweep") : Json.object();
    ObjectNode result = Json.object();
    result.put("improved", true);
    for (String field : new String[] {"best_metric_value", "best_run_id", "best_run_url"}) {
      result.set(field, sweep.hasNonNull(field) ? sweep.get(field).deepCopy()
          : Json.nodes().nullNode());
    }
    result.putArray("learnings").add("scripted learning for iteration "
        + (task.has("iteration") ? task.get("iteration").asText() : "None"));
    return result;
  }

  /** {@code poll_sweep}: one more poll of the scripted sweep, written into {@code result}. */
  static void poll(ObjectNode task, JsonNode script, Path backend, ObjectNode result)
      throws IOException {
    String sweepId = task.path("sweep_id").asText();
    Path progressFile = backend.resolve(sweepId + ".json");
    ObjectNode progress = Files.exists(progressFile)
        ? (ObjectNode) Json.parse(Files.readString(progressFile))
        : Json.object().put("polls", 0);
    int polls = progress.path("polls").asInt() + 1;
    Files.writeString(progressFile, Json.compact(progress.put("polls", polls)));
    ScriptedWorkers.append(backend.resolve("polls.jsonl"), Json.object().put("sweep_id", sweepId)
        .set("poll", task.has("poll_number") ? task.get("poll_number").deepCopy()
            : Json.nodes().nullNode()));
    int iteration = task.path("iteration").asInt(1);
    JsonNode metrics = script.has("metrics") ? script.get("metrics")
        : Json.nodes().arrayNode().add(0.5);
    double value = metrics.get(Math.min(iteration, metrics.size()) - 1).asDouble();
    double spend = polls * script.path("spend_per_poll").asDouble(0.0);
    boolean done = polls > script.path("polls_before_complete").asInt(1);
    String status = done ? script.path("final_status").asText("completed") : "running";
    double budget = task.path("compute").path("max_budget_usd").asDouble(1e9);
    if (task.path("spend_before_sweep_usd").asDouble(0.0) + spend >= budget) {
      status = "budget_exceeded";
    }
    ObjectNode config = Json.object().put("lr", 0.01 * iteration);
    result.put("exit_code", 0).put("sweep_id", sweepId).put("sweep_status", status)
        .put("best_metric_value", value).put("best_run_id", sweepId + "-run-1")
        .put("best_run_url", "file://" + progressFile);
    result.set("best_run_config", config);
    result.putArray("killed_runs");
    result.put("cumulative_spend_usd", spend);
    result.putArray("trials").addObject().put("run_id", sweepId + "-run-1")
        .put("state", "finished").put("metric", value).set("config", config.deepCopy());
  }
}
