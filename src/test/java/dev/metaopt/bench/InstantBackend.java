package dev.metaopt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.local.BenchmarkAccess;
import dev.metaopt.json.Json;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An execution backend for the campaign benchmark that answers at once and evaluates a test
 * function instead of training: {@code launch_sweep} runs the whole sweep in-process through the
 * local backend's own suggester — with the same campaign memory the local backend gives a new
 * sweep (every earlier trial inside its space) — and {@code poll_sweep} reports it completed,
 * trial table included. Each trial costs {@code budget / trials} dollars, so the campaign stops
 * on its budget after exactly {@code trials} trials, the last sweep cut short if need be.
 */
final class InstantBackend {
  /**
   * With {@code -Dtrace=true}, each sweep's space, size and best value (with its regret) go to
   * stderr.
   */
  private static final boolean TRACE = Boolean.getBoolean("trace");
  private final SearchBenchmark.Problem problem;
  private final int trials;
  private final double costPerTrial;
  private final List<Map.Entry<Map<String, JsonNode>, Double>> measured = new ArrayList<>();
  private final Map<String, ObjectNode> polls = new HashMap<>();

  InstantBackend(SearchBenchmark.Problem problem, int trials, double budget) {
    this.problem = problem;
    this.trials = trials;
    this.costPerTrial = budget / trials;
  }

  /** Every value measured, in order. */
  double[] values() {
    return measured.stream().mapToDouble(Map.Entry::getValue).toArray();
  }

  ObjectNode handle(ObjectNode task) {
    String operation = task.path("operation").asText();
    ObjectNode result = Json.object();
    result.put("operation", operation);
    result.put("exit_code", 0);
    switch (operation) {
      case "run_smoke_test" -> result.put("timed_out", false).put("passed", true)
          .put("stdout_tail", "").put("stderr_tail", "");
      case "launch_sweep" -> {
        String id = "s-" + task.path("iteration").asInt();
        polls.computeIfAbsent(id, k -> run(k, task));
        result.put("sweep_id", id);
        result.put("sweep_url", "file:///dev/null");
        result.putArray("sky_job_ids");
        result.put("launched_at", "2026-01-01T00:00:00Z");
      }
      case "poll_sweep" -> {
        return polls.get(task.path("sweep_id").asText()).deepCopy();
      }
      default -> result.put("sweep_id", task.path("sweep_id").asText())
          .set("stopped_runs", Json.mapper().createArrayNode());
    }
    return result;
  }

  private ObjectNode run(String id, ObjectNode task) {
    JsonNode config = task.path("sweep_config");
    int cap = config.path("run_cap").asInt(12);
    int n = Math.max(0, Math.min(cap, trials - measured.size()));
    long seed = task.path("seed").asLong(0) * 31 + task.path("iteration").asLong(1);
    BenchmarkAccess.Sweep sweep = n == 0 ? new BenchmarkAccess.Sweep(List.of(), new double[0],
        new double[0]) : BenchmarkAccess.run(config, BenchmarkAccess.Method.GP, seed, n, 1,
        problem.f(), List.copyOf(measured));
    ObjectNode poll = Json.object();
    poll.put("operation", "poll_sweep");
    poll.put("exit_code", 0);
    poll.put("sweep_id", id);
    poll.putArray("killed_runs");
    ArrayNode rows = poll.putArray("trials");
    int best = -1;
    for (int i = 0; i < sweep.configs().size(); i++) {
      Map<String, JsonNode> values = sweep.configs().get(i);
      double value = sweep.values()[i];
      measured.add(new AbstractMap.SimpleEntry<>(values, value));
      ObjectNode row = rows.addObject();
      row.put("run_id", id + "-t" + i);
      row.put("state", "finished");
      ObjectNode flat = row.putObject("config");
      values.forEach(flat::set);
      row.put("metric", value);
      row.putNull("reason");
      if (best < 0 || value < sweep.values()[best]) {
        best = i;
      }
    }
    if (TRACE) {
      double before = measured.size() == sweep.configs().size() ? Double.NaN
          : measured.subList(0, measured.size() - sweep.configs().size()).stream()
              .mapToDouble(Map.Entry::getValue).min().orElse(Double.NaN);
      double sweepBest = best < 0 ? Double.NaN : sweep.values()[best];
      System.err.printf(java.util.Locale.ROOT, "iteration %d: %s %d trials, sweep best %.4g"
          + " (regret %.3g), campaign best before %.4g (regret %.3g)%n    %s%n",
          task.path("iteration").asInt(), config.path("method").asText(),
          sweep.configs().size(), sweepBest, sweepBest - problem.minimum(), before,
          before - problem.minimum(), config.path("parameters"));
    }
    poll.put("sweep_status", best < 0 ? "failed" : "completed");
    if (best < 0) {
      poll.putNull("best_metric_value");
      poll.putNull("best_run_id");
      poll.putNull("best_run_config");
    } else {
      poll.put("best_metric_value", sweep.values()[best]);
      poll.put("best_run_id", id + "-t" + best);
      poll.set("best_run_config", rows.get(best).path("config").deepCopy());
    }
    poll.putNull("best_run_url");
    poll.put("cumulative_spend_usd", sweep.configs().size() * costPerTrial);
    return poll;
  }
}
