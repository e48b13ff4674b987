package dev.metaopt.orchestrator;

import dev.metaopt.ExitCode;
import dev.metaopt.state.MachineState;

/**
 * How one {@code run}/{@code resume} invocation ended.
 *
 * @param machineState the machine state at the end (null when no state exists, e.g. the campaign
 *     was rejected before hydration)
 * @param exitCode what the CLI returns
 * @param message one human sentence: what happened and what to do next
 * @param steps agent steps executed after hydration
 */
public record SessionOutcome(MachineState machineState, ExitCode exitCode, String message, int steps) {
  /** The exit code a campaign in {@code state} yields: terminal outcomes, or PAUSED. */
  public static ExitCode exitCodeFor(MachineState state) {
    return switch (state) {
      case COMPLETE -> ExitCode.OK;
      case FAILED -> ExitCode.FAILED;
      case BLOCKED_PROTOCOL -> ExitCode.PROTOCOL;
      case BLOCKED_CONFIG -> ExitCode.BLOCKED_CONFIG;
      default -> ExitCode.PAUSED;
    };
  }
}
