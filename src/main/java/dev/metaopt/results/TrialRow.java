package dev.metaopt.results;

import dev.metaopt.backend.TrialRecord;
import java.util.Objects;

/**
 * One trial of a campaign: the iteration whose sweep ran it (null for a sweep no iteration
 * record names, e.g. one left by an interrupted launch) and what the backend knows of it.
 */
public record TrialRow(Integer iteration, TrialRecord trial) {
  public TrialRow {
    Objects.requireNonNull(trial, "trial");
  }
}
