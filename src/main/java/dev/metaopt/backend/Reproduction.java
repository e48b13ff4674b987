package dev.metaopt.backend;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to run one trial again by hand: its argv exactly as the backend built it, the environment
 * variables that shaped it (beyond the user's own), and the directory it ran in.
 *
 * @param argv the command, one element per argument, never a shell string
 * @param environment variables to set, in a stable order
 * @param workingDir where the trial ran
 */
public record Reproduction(List<String> argv, Map<String, String> environment, Path workingDir) {
  public Reproduction {
    argv = List.copyOf(argv);
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    Objects.requireNonNull(workingDir, "workingDir");
  }
}
