package dev.metaopt.state;

import java.util.Arrays;
import java.util.Optional;

/** Campaign status; always derived from the machine state, never set on its own. */
public enum Status {
  RUNNING,
  COMPLETE,
  BLOCKED_CONFIG,
  BLOCKED_PROTOCOL,
  FAILED;

  /** Looks a status up by its exact (case-sensitive) name. */
  public static Optional<Status> parse(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
