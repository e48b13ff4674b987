package dev.metaopt.backend.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.metaopt.protocol.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the local backend knows about one sweep, persisted as {@code sweep.json} in the
 * sweep's directory after every change (atomically), so a new orchestrator process picks up
 * exactly where a killed one stopped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class SweepRecord {
  public String sweepId;
  public ObjectNode config;
  public long seed;
  public String projectDir;
  public String trainCommand;
  public int agents;
  public int cap;
  public double costPerHour;
  public double idleMinutes;
  public double maxSweepMinutes;
  public long createdMillis;
  public boolean stopped;
  public String stopReason;
  /** A stop explained in a sentence, when the reason alone says too little. */
  public String stopDetail;
  public int suggested;
  public List<Trial> trials = new ArrayList<>();

  /** One trial: a run of the training program with one configuration. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Trial {
    public String runId;
    public int index;
    public Map<String, JsonNode> values;
    public TrialState state;
    public long pid;
    public long startedMillis;
    public long endedMillis;
    public long lastOutputMillis;
    public long outputBytes;
    public Double metric;
    public String reason;
    /** The trial's own last error line (stderr), or what it logged instead of the metric. */
    public String error;
    public boolean requeued;
    public boolean silenceWarned;

    boolean running() {
      return state == TrialState.RUNNING;
    }

    double hours(long now) {
      long end = running() ? now : endedMillis;
      return Math.max(0, end - startedMillis) / 3_600_000.0;
    }
  }

  long started() {
    return trials.size();
  }

  /** Trials holding an agent: running, or recorded as starting. */
  long running() {
    return trials.stream().filter(t -> t.running() || t.state == TrialState.STARTING).count();
  }

  double spend(long now) {
    return costPerHour * trials.stream().mapToDouble(t -> t.hours(now)).sum();
  }
}
