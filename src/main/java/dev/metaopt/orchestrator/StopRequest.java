package dev.metaopt.orchestrator;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request to stop a session at the next safe point: after the current step is persisted, never
 * in the middle of one. Whoever asks (a signal handler, a test) calls {@link #request}; the
 * orchestrator checks {@link #requested} between steps, and the pause between polls ends at once
 * instead of sleeping out its interval.
 */
public final class StopRequest implements Pacer {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition asked = lock.newCondition();
  private volatile String reason;

  /** Asks the session to stop; returns false when a stop was already asked for. */
  public boolean request(String why) {
    lock.lock();
    try {
      if (reason != null) {
        return false;
      }
      reason = why;
      asked.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** True once a stop was asked for. */
  public boolean requested() {
    return reason != null;
  }

  /** Why the session was asked to stop (e.g. {@code SIGINT}), or null. */
  public String reason() {
    return reason;
  }

  /** Waits {@code duration}, or less when a stop is (or was already) asked for. */
  @Override
  public void pause(Duration duration) {
    long left = duration.toNanos();
    lock.lock();
    try {
      while (reason == null && left > 0) {
        left = asked.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
