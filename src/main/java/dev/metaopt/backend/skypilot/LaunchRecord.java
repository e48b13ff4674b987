package dev.metaopt.backend.skypilot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the backend has done for one launch key, persisted (atomically) after every step, so a
 * launch retried after a crash continues instead of creating a second sweep or cluster, and a
 * teardown that did not take is retried on the next poll.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class LaunchRecord {
  public String key;
  public String sweepId;
  public String sweepPath;
  /** Agents that came up (returned as {@code sky_job_ids}). */
  public List<String> clusters = new ArrayList<>();
  /** Every agent a launch was started for, up or not: all of them are torn down and charged. */
  public List<String> attempted = new ArrayList<>();
  /** Agents whose teardown is not yet confirmed; retried on every poll and stop. */
  public List<String> pendingDown = new ArrayList<>();
  /** Agents are SkyPilot managed jobs ({@code compute.use_spot}) rather than clusters. */
  public boolean managed;
  public List<String> killedRuns = new ArrayList<>();
  public String launchedAt;
  /** When every agent was confirmed down (ends the own-clock spend floor). */
  public String downAt;
  public boolean stopped;
  public String stopReason;
  public boolean sweepCancelled;
  public String error;
  /** The largest spend ever reported: spend never goes down between polls. */
  public double spendUsd;
  /** The last poll answer read from W&B, reused while the API is unavailable. */
  public ObjectNode lastReport;
  public int apiFailures;
}
