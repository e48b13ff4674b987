package dev.metaopt.backend.local;

import java.util.Optional;

/**
 * How a poll observes and stops the processes of its trials. The product uses the real processes
 * ({@link #REAL}, through {@link TrialProcess}); a test may interpose to decide exactly when a
 * trial ends relative to what the poll has already seen.
 */
interface TrialProcesses {
  /** The real trial processes. */
  TrialProcesses REAL = new TrialProcesses() {
    @Override
    public Optional<Integer> recordedExit(TrialProcess.TrialFiles files) {
      return TrialProcess.recordedExit(files);
    }

    @Override
    public boolean alive(long pid, long startedMillis) {
      return TrialProcess.find(pid, startedMillis).isPresent();
    }

    @Override
    public void stop(long pid, long startedMillis) {
      TrialProcess.stop(pid, startedMillis);
    }
  };

  /** The exit code the trial's wrapper recorded when the trial ended, if it has ended. */
  Optional<Integer> recordedExit(TrialProcess.TrialFiles files);

  /** True while the wrapper process started for a trial is running. */
  boolean alive(long pid, long startedMillis);

  /**
   * Kills a trial and everything under it, and waits for its wrapper to record how it ended
   * (see {@link TrialProcess#stop}).
   */
  void stop(long pid, long startedMillis);
}
