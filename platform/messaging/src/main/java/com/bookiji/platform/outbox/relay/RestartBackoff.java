package com.bookiji.platform.outbox.relay;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Pauses between engine restarts: doubling from {@code initial} up to {@code max}, each drawn
 * uniformly from the upper half of that step so several relays restarting after one database
 * stall do not retry in lockstep. A success resets it.
 */
final class RestartBackoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int consecutiveFailures;

  RestartBackoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max.compareTo(initial) < 0 ? initial : max;
    this.random = random;
  }

  /** Records one more failure and returns the pause before the next attempt. */
  synchronized Duration next() {
    consecutiveFailures++;
    Duration step = initial;
    for (int i = 1; i < consecutiveFailures && step.compareTo(max) < 0; i++) {
      step = step.multipliedBy(2);
    }
    if (step.compareTo(max) > 0) {
      step = max;
    }
    long half = step.toMillis() / 2;
    return Duration.ofMillis(step.toMillis() - half + random.nextLong(half + 1));
  }

  synchronized void reset() {
    consecutiveFailures = 0;
  }

  synchronized int consecutiveFailures() {
    return consecutiveFailures;
  }
}
