package dev.metaopt;

import java.util.Objects;

/**
 * A failure the user can act on: it carries the exit code to return and a message that names the
 * file, the problem and what to do next. Anything else that escapes to the CLI is a bug.
 */
public class MetaoptException extends RuntimeException {
  private final ExitCode exitCode;

  public MetaoptException(ExitCode exitCode, String message) {
    super(message);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  public MetaoptException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = Objects.requireNonNull(exitCode, "exitCode");
  }

  /** The exit code the CLI returns for this failure. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
