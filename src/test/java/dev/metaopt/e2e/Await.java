package dev.metaopt.e2e;

import dev.metaopt.testing.ChildJvm;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Waits for an event another process causes (a file appears, a line is printed). Never a timing
 * margin: the bound only stops a broken build from hanging, and a process that exits first
 * fails the wait at once.
 */
final class Await {
  private Await() {}

  static void until(String what, ChildJvm process, Callable<Boolean> event) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (event.call()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("process exited with " + process.exitValue() + " before: "
            + what);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never happened: " + what);
  }
}
