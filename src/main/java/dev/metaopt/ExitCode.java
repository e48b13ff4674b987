package dev.metaopt;

/**
 * Every exit code metaopt returns, in one place.
 *
 * <p>0, 1 and 2 keep picocli's meaning; domain outcomes start at 3. Shell-reserved codes (126,
 * 127, 128+N) are never used.
 */
public enum ExitCode {
  /** 0: the command succeeded; for {@code run}/{@code resume}, the campaign reached COMPLETE. */
  OK(0, "Success (run/resume: the campaign reached COMPLETE)."),
  /** 1: an internal error (a bug); re-run with --verbose and report it. */
  SOFTWARE(1, "Internal error; re-run with --verbose and report it."),
  /** 2: the command line was wrong. */
  USAGE(2, "Invalid command line usage."),
  /** 3: the campaign ended in FAILED (smoke test, launch or sweep failure recorded in state). */
  FAILED(3, "The campaign ended FAILED (see 'metaopt status')."),
  /** 4: the campaign ended in BLOCKED_PROTOCOL (a control agent or worker broke its contract). */
  PROTOCOL(4, "The campaign ended BLOCKED_PROTOCOL: a worker or agent broke its contract."),
  /** 5: the run stopped before a terminal state (--max-steps reached); 'metaopt resume' goes on. */
  PAUSED(5, "Stopped before a terminal state; run 'metaopt resume' to continue."),
  /** 6: an input file is invalid (campaign, state, handoff, worker result) or cannot be parsed. */
  INVALID_INPUT(6, "An input file is invalid or unreadable; nothing was changed."),
  /** 7: the campaign ended in BLOCKED_CONFIG (configuration, preflight, identity or budget). */
  BLOCKED_CONFIG(7, "The campaign ended BLOCKED_CONFIG: fix the configuration, preflight or budget."),
  /** 8: another metaopt process holds the project lock. */
  LOCKED(8, "Another metaopt process is running in this project directory."),
  /** 9: a file system error (permission denied, read-only, disk full). */
  IO_ERROR(9, "File system error (permission, read-only or disk full); state is intact.");

  private final int code;
  private final String description;

  ExitCode(int code, String description) {
    this.code = code;
    this.description = description;
  }

  /** The numeric process exit status. */
  public int code() {
    return code;
  }

  /** One line for help output and the README table. */
  public String description() {
    return description;
  }
}
