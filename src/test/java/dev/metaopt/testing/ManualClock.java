package dev.metaopt.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when a test advances it, so time-based rules (idle trials, sweep time
 * caps, spend) are judged at an instant the test chose instead of after a real wait. It starts at
 * the real current instant, so it agrees with the start times the OS reports for processes.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());

  /** Moves the clock forward by {@code step}. */
  public void advance(Duration step) {
    now.updateAndGet(instant -> instant.plus(step));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a manual clock is always UTC");
  }
}
