package dev.metaopt.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metaopt.protocol.StateKeys;
import dev.metaopt.state.MachineState;
import dev.metaopt.stats.HumanNumber;
import java.util.Optional;

/**
 * The one line a terminal shows, redrawn in place while a campaign runs: {@code iter 2/3 ·
 * sweep 4/8 done, 2 running, 1 failed · sweep best 0.93 · campaign best 0.95 · 1m12s · ~40s
 * left} during a sweep (time since the sweep's launch, and the estimate of what it has left), or
 * what the campaign is doing between sweeps. Built from the same {@link SweepProgress} as
 * {@code status}, so the two never disagree.
 */
public final class StatusLine {
  private StatusLine() {}

  /** The line for {@code state}; {@code maxIterations} is 0 when the campaign sets none. */
  public static String of(JsonNode state, Optional<SweepProgress> sweep, int maxIterations) {
    StringBuilder line = new StringBuilder("iter ")
        .append(state.path("current_iteration").asInt())
        .append(maxIterations > 0 ? "/" + maxIterations : "");
    MachineState at = MachineState.parse(state.path("machine_state").asText()).orElse(null);
    Double sweepBest = null;
    if (at == MachineState.WAIT_FOR_SWEEP && sweep.isPresent()) {
      SweepProgress p = sweep.get();
      sweepBest = p.best();
      line.append(" · sweep ").append(p.done()).append(p.total() == null ? "" : "/" + p.total())
          .append(" done, ").append(p.running()).append(" running");
      if (p.failed() > 0) {
        line.append(", ").append(p.failed()).append(" failed");
      }
      if (sweepBest != null) {
        line.append(" · sweep best ").append(HumanNumber.format(sweepBest));
      }
    } else {
      line.append(" · ").append(doing(at));
    }
    campaignBest(state, sweepBest).ifPresent(best ->
        line.append(" · campaign best ").append(HumanNumber.format(best)));
    if (at == MachineState.WAIT_FOR_SWEEP && sweep.isPresent()) {
      SweepProgress p = sweep.get();
      if (p.elapsed() != null) {
        line.append(" · ").append(Human.duration(p.elapsed()));
      }
      if (p.left() != null) {
        line.append(" · ~").append(Human.duration(p.left())).append(" left");
      }
    }
    return line.toString();
  }

  /** The better of the baseline and the live sweep's best so far, by the objective. */
  static Optional<Double> campaignBest(JsonNode state, Double sweepBest) {
    JsonNode baseline = state.path(StateKeys.BASELINE).path("value");
    Double base = baseline.isNumber() ? baseline.asDouble() : null;
    if (base == null || sweepBest == null) {
      return Optional.ofNullable(base != null ? base : sweepBest);
    }
    boolean maximize = "maximize".equals(state.path(StateKeys.OBJECTIVE_SNAPSHOT).path("direction")
        .asText());
    return Optional.of(maximize ? Math.max(base, sweepBest) : Math.min(base, sweepBest));
  }

  /** What the next step does, in words: the line is drawn before the step runs. */
  private static String doing(MachineState at) {
    if (at == null) {
      return "starting";
    }
    return switch (at) {
      case LOAD_CAMPAIGN, HYDRATE_STATE -> "starting";
      case IDEATE -> "proposing search spaces";
      case WAIT_FOR_PROPOSALS -> "waiting for proposals";
      case SELECT_AND_DESIGN_SWEEP -> "selecting a sweep";
      case LOCAL_SANITY -> "smoke test";
      case LAUNCH_SWEEP -> "launching the sweep";
      case WAIT_FOR_SWEEP -> "sweep";
      case ANALYZE -> "analysing the sweep";
      case ROLL_ITERATION -> "closing the iteration";
      default -> at.name();
    };
  }
}
