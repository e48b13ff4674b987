package dev.metaopt.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attempt at an iteration: the first, or a retry after {@code metaopt resume --retry}. Result
 * files are named by attempt, so a retry never reads the failed attempt's results and a retried
 * sweep is a new sweep, while the first attempt keeps the names it always had.
 *
 * @param iteration the iteration N (≥ 1)
 * @param retry how many times it was retried before this attempt (0 for the first)
 */
public record Attempt(int iteration, int retry) {
  public Attempt {
    if (iteration < 1 || retry < 0) {
      throw new IllegalArgumentException("no attempt " + retry + " of iteration " + iteration);
    }
  }

  /** Where a state counts the retries of its current iteration. */
  public static final String RETRIES = "retries";

  /** The attempt a state is on: its iteration and {@code proposal_cycle.retries}. */
  public static Attempt of(JsonNode state) {
    return new Attempt(Math.max(1, state.path(StateKeys.CURRENT_ITERATION).asInt(1)),
        Math.max(0, state.path(StateKeys.PROPOSAL_CYCLE).path(RETRIES).asInt(0)));
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
}
