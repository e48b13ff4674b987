package dev.metaopt.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One attempt at an iteration: the first, or a retry after {@code metaopt resume --retry} (or a
 * reopening after a raised budget). Result files are named by attempt, so a retry never reads the
 * failed attempt's results and a retried sweep is a new sweep, while the first attempt keeps the
 * names it always had.
 *
 * @param iteration the iteration N (≥ 1)
 * @param retry how many times it was retried before this attempt (0 for the first)
 */
public record Attempt(int iteration, int retry) {
  /** Where a state counts the retries of its current iteration ({@code proposal_cycle}). */
  public static final String RETRIES = "retries";

  /** Where a launch directive and a live sweep name the retry that launched the sweep. */
  public static final String RETRY = "retry";

  public Attempt {
    if (iteration < 1 || retry < 0) {
      throw new IllegalArgumentException("no attempt " + retry + " of iteration " + iteration);
    }
  }

  /** The attempt a state is on: its iteration and {@code proposal_cycle.retries}. */
  public static Attempt of(JsonNode state) {
    return new Attempt(Math.max(1, state.path(StateKeys.CURRENT_ITERATION).asInt(1)),
        Math.max(0, state.path(StateKeys.PROPOSAL_CYCLE).path(RETRIES).asInt(0)));
  }

  /**
   * The attempt that launched the state's live sweep ({@code current_sweep.retry}, 0 when
   * absent): its poll files keep that attempt's name even after a retry re-entered ANALYZE.
   */
  public static Attempt ofSweep(JsonNode state) {
    return new Attempt(Math.max(1, state.path(StateKeys.CURRENT_ITERATION).asInt(1)),
        Math.max(0, state.path(StateKeys.CURRENT_SWEEP).path(RETRY).asInt(0)));
  }

  /** The first attempt at {@code iteration}. */
  public static Attempt first(int iteration) {
    return new Attempt(iteration, 0);
  }

  /** {@code iter-3}, or {@code iter-3-retry-1} for a retry: the part of a file name. */
  public String tag() {
    return "iter-" + iteration + (retry == 0 ? "" : "-retry-" + retry);
  }

  /** The next attempt at the same iteration. */
  public Attempt next() {
    return new Attempt(iteration, retry + 1);
  }

  /** This attempt and the earlier ones of its iteration, latest first. */
  public List<Attempt> andEarlier() {
    List<Attempt> attempts = new ArrayList<>();
    for (int r = retry; r >= 0; r--) {
      attempts.add(new Attempt(iteration, r));
    }
    return attempts;
  }
}
