package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * What the backend has done for one launch key, persisted (atomically) after every step, so a
 * launch retried after a crash continues instead of creating a second sweep or cluster.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class LaunchRecord {
  public String key;
  public String sweepId;
  public String sweepPath;
  public List<String> clusters = new ArrayList<>();
  public List<String> killedRuns = new ArrayList<>();
  public String launchedAt;
  public boolean stopped;
  public String stopReason;
  public String error;
}
