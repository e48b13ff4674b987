package dev.metaopt.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for the crash-torture harness (docs/RELIABILITY.md). Code that writes state,
 * dispatches work or spawns trials names its crash points here. With the system property
 * {@code metaopt.crashAfter=N} the JVM halts — no shutdown hooks, no finally blocks, like
 * {@code kill -9} — when the N-th point is reached; with {@code metaopt.crashAt=TEXT@K} it halts
 * at the K-th point whose description contains TEXT; {@code metaopt.crashCount=FILE} records how
 * many points a complete run passed. Without these properties a crash point does nothing.
 */
public final class CrashPoints {
  private static final long CRASH_AFTER = Long.getLong("metaopt.crashAfter", 0);
  private static final AtomicLong REACHED = new AtomicLong();
  private static final String CRASH_AT = System.getProperty("metaopt.crashAt", "");
  private static final AtomicLong MATCHED = new AtomicLong();

  static {
    String countFile = System.getProperty("metaopt.crashCount");
    if (countFile != null) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          Files.writeString(Path.of(countFile), REACHED.get() + "\n", StandardCharsets.UTF_8);
        } catch (IOException ignored) {
          // the harness reports a missing count itself
        }
      }));
    }
  }

  private CrashPoints() {}

  /** Marks a point where a crash must be survivable. */
  public static void reach(String where) {
    long count = REACHED.incrementAndGet();
    if (CRASH_AFTER > 0 && count == CRASH_AFTER) {
      halt("metaopt.crashAfter=" + CRASH_AFTER, where);
    }
    int at = CRASH_AT.lastIndexOf('@');
    if (at > 0 && where.contains(CRASH_AT.substring(0, at))
        && MATCHED.incrementAndGet() == Long.parseLong(CRASH_AT.substring(at + 1))) {
      halt("metaopt.crashAt=" + CRASH_AT, where);
    }
  }

  private static void halt(String setting, String where) {
    System.err.println(setting + ": halting at " + where);
    System.err.flush();
    Runtime.getRuntime().halt(137);
  }
}
