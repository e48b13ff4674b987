package dev.metaopt.backend.local;

import dev.metaopt.protocol.TrialState;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stops a sweep whose first {@link #FIRST_TRIALS} trials all failed the same way (same reason,
 * same error line up to numbers): a failure every sampled configuration hits (a crash on start,
 * a misspelt metric, a missing module) lies in the program or the setup, and the remaining trials
 * would only repeat it, for hours on a real training run. Three, because one or two failures can
 * be bad luck of a configuration (out of memory at the largest batch size), while three
 * independently sampled configurations failing identically rarely are.
 */
final class FailFast {
  /** How many first trials must fail identically before the sweep is stopped. */
  static final int FIRST_TRIALS = 3;
  /** The sweep's stop reason (and the kill reason of trials still running). */
  static final String STOP_REASON = "same_failure";

  private FailFast() {}

  /** Why the sweep should stop now, or empty to let it go on. */
  static Optional<String> reason(SweepRecord sweep) {
    if (sweep.stopped || sweep.trials.stream().anyMatch(t -> t.state == TrialState.FINISHED)) {
      return Optional.empty();
    }
    List<SweepRecord.Trial> ended = sweep.trials.stream().filter(FailFast::failed)
        .sorted(Comparator.comparingLong((SweepRecord.Trial t) -> t.endedMillis)
            .thenComparingInt(t -> t.index))
        .limit(FIRST_TRIALS).toList();
    if (ended.size() < FIRST_TRIALS
        || ended.stream().map(FailFast::signature).distinct().count() > 1) {
      return Optional.empty();
    }
    SweepRecord.Trial first = ended.get(0);
    return Optional.of("its first " + FIRST_TRIALS + " trials all failed the same way ("
        + first.reason + (first.error == null ? "" : ": " + first.error) + "), so it was"
        + " stopped early: a failure every configuration hits lies in the program or the"
        + " setup, not in the configuration");
  }

  /** Failures that say something about the program; not hyperband, budget or a crash. */
  private static boolean failed(SweepRecord.Trial trial) {
    return trial.state == TrialState.FAILED
        || (trial.state == TrialState.KILLED && "idle".equals(trial.reason));
  }

  /** Reason and error line, numbers blanked: "tried to allocate 2.00 GiB" matches 4.00 GiB. */
  static String signature(SweepRecord.Trial trial) {
    String error = trial.error == null ? "" : trial.error.replaceAll("\\d+(\\.\\d+)?", "#");
    return trial.reason + "\n" + error;
  }
}
