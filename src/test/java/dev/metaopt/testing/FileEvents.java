package dev.metaopt.testing;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Waits for something another process does to files, woken by file-system events (inotify on
 * Linux) instead of sleeping between looks. The bound only turns a hang into a failure.
 */
public final class FileEvents {
  /**
   * How long a wait goes without an event before it looks again anyway. Under load an inotify
   * event can fail to arrive: ConcurrencyTest once waited out its 2 minutes for the ledger to
   * grow while the thread dump showed the run it watched polling all along. The look is a
   * fallback, not a timing assumption: the condition decides, whenever it is checked.
   */
  private static final Duration RECHECK = Duration.ofSeconds(1);

  private FileEvents() {}

  /**
   * Returns once {@code condition} holds, checking it again whenever anything under
   * {@code root} (which must exist) is created, changed or removed, and at least every
   * {@link #RECHECK}.
   *
   * @throws AssertionError when {@code max} passes first
   */
  public static void await(Path root, BooleanSupplier condition, Duration max)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    try (WatchService events = FileSystems.getDefault().newWatchService()) {
      watchTree(root, events);
      while (!condition.getAsBoolean()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("not reached within " + max + " under " + root);
        }
        WatchKey key = events.poll(Math.min(left, RECHECK.toNanos()), TimeUnit.NANOSECONDS);
        if (key == null) {
          continue; // no event: look again
        }
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.context() instanceof Path name && Files.isDirectory(dir.resolve(name))) {
            watchTree(dir.resolve(name), events); // a new directory: watch inside it too
          }
        }
        key.reset();
      }
    }
  }

  private static void watchTree(Path dir, WatchService events) throws IOException {
    try (Stream<Path> dirs = Files.walk(dir)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        d.register(events, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
      }
    } catch (java.io.UncheckedIOException e) {
      // a directory vanished while it was walked: its parent's events still wake the wait
    }
  }
}
