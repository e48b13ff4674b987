package dev.metaopt.worker;

import java.time.Duration;

/**
 * What a finished (or killed) process left behind.
 *
 * @param exitCode the exit status, or -1 when it was killed (timed out or stopped)
 * @param stdout everything it printed on stdout (bounded, see {@link ProcessRunner})
 * @param stdoutTruncated true when stdout exceeded the capture limit
 * @param duration wall-clock time from start to exit or kill
 * @param timedOut true when the timeout expired and the process tree was killed
 * @param stopped true when the caller's condition said the process had done its job before it
 *     exited, and its process tree was killed
 */
public record ProcessResult(int exitCode, String stdout, boolean stdoutTruncated,
    Duration duration, boolean timedOut, boolean stopped) {}
