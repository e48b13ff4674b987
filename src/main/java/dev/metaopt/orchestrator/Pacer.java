package dev.metaopt.orchestrator;

import java.time.Duration;

/** Waits between polls of a running sweep; injectable so tests never sleep. */
@FunctionalInterface
public interface Pacer {
  /** Waits {@code duration} (or returns early when interrupted, keeping the interrupt flag). */
  void pause(Duration duration);

  /** The real pacer: {@link Thread#sleep}. */
  static Pacer sleeping() {
    return duration -> {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  /** A pacer that never waits. */
  static Pacer none() {
    return duration -> {};
  }
}
