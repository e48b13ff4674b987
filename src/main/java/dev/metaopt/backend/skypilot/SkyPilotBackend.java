package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.backend.ExecutionBackend;
import dev.metaopt.backend.SmokeTest;
import dev.metaopt.json.Json;
import dev.metaopt.protocol.Operation;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The SkyPilot + W&B execution backend for every non-local {@code compute.provider}: a W&B sweep
 * registered with {@code wandb sweep}, one SkyPilot agent per {@code num_sweep_agents} running
 * {@code wandb agent} ({@link SweepLauncher}), progress, agents and the best run read through the
 * W&B public API and spend from {@code sky cost-report --all} ({@link SkyPilotPoll}). Launches are
 * atomic (a failure cancels the sweep and tears down every agent started, the failed one too) and
 * idempotent (deterministic names, a persisted record, and a lookup of the sweep by name), so a
 * launch retried after a crash never creates a second sweep or cluster. Never uses raw SSH,
 * provider APIs, {@code sky exec} or Ray.
 */
public final class SkyPilotBackend implements ExecutionBackend {
  /** How long a tool call may take: a launch (or teardown), and anything else. */
  record Limits(Duration launch, Duration quick) {
    static Limits standard() {
      return new Limits(Duration.ofMinutes(20), Duration.ofMinutes(2));
    }
  }

  private final Map<String, String> environment;
  private final Clock clock;
  private final Limits limits;
  private final WandbHttp.Sleeper sleeper;

  public SkyPilotBackend(Map<String, String> environment, Clock clock) {
    this(environment, clock, Limits.standard(), duration -> Thread.sleep(duration.toMillis()));
  }

  SkyPilotBackend(Map<String, String> environment, Clock clock, Limits limits,
      WandbHttp.Sleeper sleeper) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.limits = limits;
    this.sleeper = sleeper;
  }

  @Override
  public ObjectNode handle(ObjectNode task) {
    String operation = task.path("operation").asText();
    Operation op = Operation.parse(operation).orElseThrow(
        () -> new IllegalArgumentException("unknown operation '" + operation + "'"));
    if (op == Operation.RUN_SMOKE_TEST) {
      return SmokeTest.forTask(task, environment, SmokeTest.LIMIT);
    }
    BackendContext ctx = new BackendContext(task, environment, limits, clock, sleeper);
    try {
      return switch (op) {
        case LAUNCH_SWEEP -> new SweepLauncher(ctx).launch();
        case POLL_SWEEP -> new SkyPilotPoll(ctx).poll();
        case STOP_SWEEP -> stop(ctx, task.path("sweep_id").asText(),
            task.path("reason").asText("stopped"));
        case RUN_SMOKE_TEST -> throw new IllegalStateException("handled above");
      };
    } catch (IOException e) {
      throw new IllegalStateException("SkyPilot backend: " + e.getMessage(), e);
    }
  }

  private static ObjectNode stop(BackendContext ctx, String sweepId, String reason)
      throws IOException {
    ObjectNode result = Json.object();
    result.put("operation", Operation.STOP_SWEEP.wireName());
    result.put("exit_code", 0);
    result.put("sweep_id", sweepId);
    var stopped = result.putArray("stopped_runs");
    Optional<LaunchRecord> record = ctx.bySweep(sweepId);
    if (record.isPresent()) {
      boolean wasRunning = !record.get().stopped;
      ctx.stopAll(record.get(), reason);
      if (wasRunning) {
        record.get().clusters.forEach(stopped::add);
      }
      ctx.save(record.get());
    }
    return result;
  }
}
