package dev.metaopt.backend.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the trials' logs have yielded so far in this process, each log read on from where the
 * last poll stopped. Kept here, not in a backend object: the orchestrator makes a new backend for
 * every task, and a poll comes every 2 s. A new process (a resume) reads each log once from its
 * start. The trials asked about least recently are forgotten past {@link #MAX_TRIALS}.
 */
final class MetricLogs {
  private static final int MAX_TRIALS = 512;

  private record Reading(String metric, LoggedLines stdout, LoggedLines metricsFile) {}

  private static final Map<Path, Reading> READINGS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Path, Reading> eldest) {
      return size() > MAX_TRIALS;
    }
  };

  private MetricLogs() {}

  /**
   * What trial {@code files} has logged for {@code metric} so far; with {@code ended} (the trial
   * has exited), its logs' unterminated last lines too.
   */
  static synchronized MetricLog of(TrialProcess.TrialFiles files, String metric, boolean ended) {
    Reading reading = READINGS.get(files.dir());
    if (reading == null || !reading.metric().equals(metric)) {
      reading = new Reading(metric, new LoggedLines(metric), new LoggedLines(metric));
      READINGS.put(files.dir(), reading);
    }
    reading.stdout().update(files.stdout(), ended);
    reading.metricsFile().update(files.metrics(), ended);
    return MetricLog.of(reading.stdout(), reading.metricsFile(), files, metric);
  }
}
