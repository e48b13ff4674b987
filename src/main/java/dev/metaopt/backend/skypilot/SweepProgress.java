package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a remote sweep from what W&B reports, without side effects.
 *
 * <p>A run is hung when it has not logged for {@code idle_timeout_minutes} (summary
 * {@code _timestamp}, set on every {@code wandb.log}; before its first log, its creation time), or
 * when its heartbeat is that old: wandb-core heartbeats every 30 s while the process lives, so a
 * fresh heartbeat alone proves nothing about a stuck trainer
 * (core/internal/filestream/filestream.go).
 *
 * <p>A sweep is over when W&B says it was cancelled, failed or crashed; when it says FINISHED and
 * no run is still running ({@code wandb sweep --stop} lets active runs finish); when no run is
 * running or pending and no agent has sent a heartbeat within the idle window once agents had
 * that long to start (agents that all died, e.g. on a node without the trainer's packages, leave
 * W&B saying RUNNING forever); or when {@code compute.max_sweep_minutes} have passed.
 */
final class SweepProgress {
  /** Whether the sweep is over, and why. */
  record Verdict(boolean over, String reason) {
    static Verdict running() {
      return new Verdict(false, "running");
    }
  }

  private static final Set<String> ENDED = Set.of("CANCELED", "FAILED", "CRASHED");
  private static final Set<String> ACTIVE = Set.of("running", "pending");

  private SweepProgress() {}

  static boolean hung(WandbApi.Run run, Instant now, Duration idle) {
    if (!"running".equals(run.state())) {
      return false;
    }
    Instant limit = now.minus(idle);
    Optional<Instant> progress = run.lastLogged().or(() -> Optional.ofNullable(run.created()));
    return progress.map(p -> p.isBefore(limit)).orElse(false)
        || run.heartbeat() != null && run.heartbeat().isBefore(limit);
  }

  static Verdict judge(WandbApi.Sweep sweep, List<String> killedRuns, Instant launchedAt,
      Instant now, Duration idle, Duration maxSweep) {
    String state = sweep.state().toUpperCase(Locale.ROOT);
    boolean active = sweep.runs().stream().anyMatch(r -> ACTIVE.contains(r.state())
        && !killedRuns.contains(r.id()));
    if (ENDED.contains(state)) {
      return new Verdict(true, "W&B reports the sweep " + state);
    }
    if (state.equals("FINISHED") && !active) {
      return new Verdict(true, "W&B reports the sweep FINISHED and no run is active");
    }
    if (launchedAt != null && now.isAfter(launchedAt.plus(maxSweep))) {
      return new Verdict(true, "compute.max_sweep_minutes (" + maxSweep.toMinutes()
          + ") reached");
    }
    boolean agentAlive = sweep.agents().stream().anyMatch(a -> a.heartbeat() != null
        && a.heartbeat().isAfter(now.minus(idle)));
    boolean graceOver = launchedAt == null || now.isAfter(launchedAt.plus(idle));
    if (!active && !agentAlive && graceOver) {
      return new Verdict(true, "no run is active and no agent has sent a heartbeat for "
          + idle.toMinutes() + " min");
    }
    return Verdict.running();
  }

  /** A finished run with a finite value of {@code metric}. */
  static boolean measured(WandbApi.Run run, String metric) {
    return "finished".equals(run.state()) && finite(run.summary().path(metric));
  }

  static boolean finite(JsonNode value) {
    return value.isNumber() && Double.isFinite(value.asDouble());
  }
}
