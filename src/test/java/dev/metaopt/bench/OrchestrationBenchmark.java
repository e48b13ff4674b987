package dev.metaopt.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.agent.Agents;
import dev.metaopt.dispatch.DefaultLaneWorkers;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Lane;
import dev.metaopt.preflight.BackendChecks;
import dev.metaopt.state.Ledger;
import dev.metaopt.testing.LocalCampaignFixture;
import dev.metaopt.worker.InProcessWorker;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Orchestration overhead per state transition (agents, checks, dispatch to in-process workers,
 * atomic persistence, ledger) with an instant execution backend, and CLI cold start
 * ({@code bin/metaopt --version}). Run it with the command in {@code docs/BENCHMARKS.md}.
 */
public final class OrchestrationBenchmark {
  public static void main(String[] args) throws Exception {
    LocalCampaignFixture project = LocalCampaignFixture.create(
        Files.createTempDirectory("metaopt-bench"), """
        campaign: {name: bench, description: "overhead benchmark", seed: 1}
        project: {repo: ., smoke_test_command: "true", train_command: "true"}
        wandb: {entity: local, project: bench}
        compute: {provider: local, accelerator: cpu, num_sweep_agents: 2, max_budget_usd: 1,
                  poll_interval_seconds: 0}
        objective: {metric: m, direction: maximize, improvement_threshold: 0.001}
        proposal_policy: {current_target: 2}
        stop_conditions: {max_iterations: 20, max_no_improve_iterations: 20}
        search_space: {x: {distribution: uniform, min: 0.0, max: 1.0}}
        """);
    project.preflight(BackendChecks.local());
    DefaultLaneWorkers builtins = new DefaultLaneWorkers(System.getenv(), Clock.systemUTC());
    long start = System.nanoTime();
    project.run(Agents.registry(), (lane, handoff) -> lane == Lane.EXECUTION
        ? Optional.of(new InProcessWorker("instant backend", OrchestrationBenchmark::instant))
        : builtins.forLane(lane, handoff));
    double elapsedMs = (System.nanoTime() - start) / 1e6;
    long transitions = Ledger.read(project.layout.ledgerFile()).stream()
        .filter(e -> e.path("event").asText().equals("transition")).count();
    System.out.printf(Locale.ROOT, "| per transition (20 iterations, %d transitions) | %.1f ms |%n",
        transitions, elapsedMs / transitions);
    long cold = 0;
    int runs = 5;
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      new ProcessBuilder("bin/metaopt", "--version").redirectOutput(
          ProcessBuilder.Redirect.DISCARD).start().waitFor();
      cold += System.nanoTime() - t;
    }
    System.out.printf(Locale.ROOT, "| CLI cold start (`bin/metaopt --version`) | %.0f ms |%n",
        cold / 1e6 / runs);
  }

  /** Answers every execution operation at once: pass, launched, completed with a best run. */
  private static ObjectNode instant(ObjectNode task) {
    ObjectNode result = Json.object();
    String operation = task.path("operation").asText();
    result.put("operation", operation);
    result.put("exit_code", 0);
    switch (operation) {
      case "run_smoke_test" -> result.put("timed_out", false).put("passed", true)
          .put("stdout_tail", "").put("stderr_tail", "");
      case "launch_sweep" -> {
        result.put("sweep_id", "s-" + task.path("iteration").asInt());
        result.put("sweep_url", "file:///dev/null");
        result.putArray("sky_job_ids");
        result.put("launched_at", "2026-01-01T00:00:00Z");
      }
      case "poll_sweep" -> {
        result.put("sweep_id", task.path("sweep_id").asText());
        result.put("sweep_status", "completed");
        result.put("best_metric_value", 0.5 + 0.01 * task.path("iteration").asInt());
        result.put("best_run_id", "r");
        result.set("best_run_config", Json.object().put("x", 0.5));
        result.putArray("killed_runs");
        result.put("cumulative_spend_usd", 0.0);
      }
      default -> result.put("sweep_id", task.path("sweep_id").asText())
          .set("stopped_runs", Json.mapper().createArrayNode());
    }
    return result;
  }

  private OrchestrationBenchmark() {}
}
