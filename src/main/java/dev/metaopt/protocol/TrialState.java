package dev.metaopt.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where one trial of a sweep stands. {@code STARTING} is recorded before the process is spawned,
 * so a crash in between never runs a trial twice; the last four are final.
 */
public enum TrialState {
  /** Recorded, not yet known to be running (a crash here is resolved by the trial's marker). */
  STARTING,
  RUNNING,
  /** Exited 0 with the objective metric. */
  FINISHED,
  /** Exited non-zero, or without the objective metric. */
  FAILED,
  /** Stopped by metaopt: watchdog (idle, NaN, divergence), hyperband, budget or a stop. */
  KILLED,
  /** Vanished without an exit code (e.g. the machine rebooted). */
  CRASHED;

  /** The name in sweep files and results, e.g. {@code finished}. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True once the trial can change no more. */
  public boolean isFinal() {
    return this != STARTING && this != RUNNING;
  }

  @JsonCreator
  public static TrialState parse(String wireName) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown trial state '" + wireName
            + "'"));
  }
}
