package dev.metaopt.protocol;

/** Why an execution backend ended a sweep early: the {@code stop_reason} of a poll result. */
public final class SweepStop {
  /**
   * The local backend had no configuration of the sweep's space left to run: earlier iterations
   * (campaign memory) had measured every one as often as {@code compute.max_runs_per_config}
   * allows. The sweep is {@code completed} with no trial: nothing failed.
   */
  public static final String SPACE_EXHAUSTED = "space_exhausted";

  private SweepStop() {}
}
