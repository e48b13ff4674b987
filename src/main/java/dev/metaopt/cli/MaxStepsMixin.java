package dev.metaopt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --max-steps N}, shared by {@code run} and {@code resume}: one rule, one message. */
public final class MaxStepsMixin {
  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description = "Stop after N agent steps (exit 5 if not terminal); for hosts that re-invoke.")
  Integer maxSteps;

  /** The step budget ({@code Integer.MAX_VALUE} when not given); N must be at least 1. */
  int steps(CommandLine commandLine) {
    if (maxSteps != null && maxSteps < 1) {
      throw new CommandLine.ParameterException(commandLine,
          "--max-steps must be at least 1, got " + maxSteps);
    }
    return maxSteps == null ? Integer.MAX_VALUE : maxSteps;
  }
}
