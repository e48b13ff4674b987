package dev.metaopt.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One trial (a W&B run) as either backend reports it afterwards: its configuration, final
 * metrics (the last logged value of each, as W&B's run summary holds them), timing and why it
 * ended without a result. Values absent on a backend are null.
 *
 * @param sweepId the sweep the trial belongs to
 * @param runId the run id ({@code local-…-t003} locally, the W&B run id remotely)
 * @param state finished, failed, killed, crashed, running, queued or starting
 * @param config the parameter values the trial ran with, in the sweep's order
 * @param objective the objective metric's final value, null when none was logged
 * @param metrics every numeric metric's final value, the objective included
 * @param started when the trial started, if known
 * @param ended when the trial ended, if it did and that is known
 * @param runtimeSeconds how long it ran, if known
 * @param reason why it ended without a result (exit code, watchdog, crash), else null
 * @param errorLine why it ended without a result in a line: its last stderr line, or the
 *     backend's evidence (what it logged instead of the objective, the first NaN), if kept
 * @param url where to look at the run (W&B run page, or the local trial directory)
 */
public record TrialRecord(String sweepId, String runId, String state, Map<String, JsonNode> config,
    Double objective, Map<String, Double> metrics, Instant started, Instant ended,
    Double runtimeSeconds, String reason, String errorLine, String url) {

  public TrialRecord {
    Objects.requireNonNull(sweepId, "sweepId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(state, "state");
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /**
   * Whether a logged field is one of {@link #metrics}: a number, and not W&B's own bookkeeping
   * ({@code _step}, {@code _runtime}, {@code _timestamp}).
   */
  public static boolean isMetric(Map.Entry<String, JsonNode> field) {
    return field.getValue().isNumber() && !field.getKey().startsWith("_");
  }

  /** True when the trial finished with a finite objective value. */
  public boolean hasResult() {
    return "finished".equals(state) && objective != null && Double.isFinite(objective);
  }

  /** True when the trial ended without a result (failed, killed, crashed). */
  public boolean endedWithoutResult() {
    return !hasResult() && !state.matches("running|queued|starting");
  }

  /** The trial's run time: measured, or from its start and end. */
  public Duration duration() {
    if (runtimeSeconds != null) {
      return Duration.ofMillis(Math.round(runtimeSeconds * 1000));
    }
    return started != null && ended != null ? Duration.between(started, ended) : null;
  }
}
