package dev.metaopt.backend.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Whether a trial is showing signs of life: what it has written to stdout, to its metrics file
 * and under its W&B directory (a script that only calls {@code wandb.log} prints nothing, but its
 * offline run files grow). A trial silent past a short grace period is warned about long before
 * the idle watchdog kills it, since the usual cause is buffered output, not a hang.
 */
final class TrialActivity {
  /** How long a trial may stay silent before metaopt warns that it might be buffering. */
  static final Duration GRACE = Duration.ofSeconds(60);

  private TrialActivity() {}

  /** Bytes the trial has logged so far, wherever it logs. */
  static long bytesLogged(TrialProcess.TrialFiles files) {
    return size(files.stdout()) + size(files.metrics()) + treeSize(files.wandbDir());
  }

  /**
   * True once, for a running trial that has logged nothing for {@link #GRACE}; measured like the
   * idle limit, from when metaopt started (or adopted) the trial.
   */
  static boolean silentPastGrace(SweepRecord.Trial trial, long now) {
    return !trial.silenceWarned && trial.outputBytes == 0
        && now - trial.lastOutputMillis >= GRACE.toMillis();
  }

  /** Minutes for a message: {@code 5} or {@code 0.5}. */
  static String minutes(double minutes) {
    return minutes == Math.rint(minutes) ? String.valueOf((long) minutes)
        : String.format(Locale.ROOT, "%.2f", minutes);
  }

  private static long size(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0; // removed between the two calls: nothing to count
    }
  }

  private static long treeSize(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(TrialActivity::size).sum();
    } catch (IOException | java.io.UncheckedIOException e) {
      return 0; // a file vanished while walking (W&B rotates its files): count it next poll
    }
  }
}
