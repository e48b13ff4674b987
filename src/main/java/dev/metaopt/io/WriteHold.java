package dev.metaopt.io;

import java.util.concurrent.locks.LockSupport;

/**
 * Stops this process from writing campaign files, for good: what a second Ctrl-C does just
 * before metaopt halts. It is set before the workers in flight are killed, so nothing that
 * learns of those kills (a smoke test "failing" because it was killed) can be written down as
 * a result; a write that began earlier carries only what was known before, and completes.
 */
public final class WriteHold {
  private static volatile boolean held;

  private WriteHold() {}

  /** Holds every later write until the process ends. */
  public static void holdForever() {
    held = true;
  }

  /** Called before each write: once writes are held, parks the caller until the process ends. */
  public static void awaitWritable() {
    while (held) {
      LockSupport.park(WriteHold.class);
    }
  }
}
