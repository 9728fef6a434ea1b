package com.bookiji.reconciler.repairs.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code maxPerWindow} repairs carried out per sliding {@code window}: a check that goes wrong
 * (or a flood of real breaks) cannot turn the auditor into a source of mass refunds or voids. What
 * does not fit waits for the next run.
 */
public final class RepairRateLimit {

  private final int maxPerWindow;
  private final Duration window;
  private final Deque<Instant> carriedOut = new ArrayDeque<>();

  public RepairRateLimit(int maxPerWindow, Duration window) {
    if (maxPerWindow < 1) {
      throw new IllegalArgumentException("maxPerWindow must be at least 1, not " + maxPerWindow);
    }
    this.maxPerWindow = maxPerWindow;
    this.window = window;
  }

  public synchronized boolean tryAcquire(Instant now) {
    while (!carriedOut.isEmpty() && !carriedOut.peekFirst().isAfter(now.minus(window))) {
      carriedOut.removeFirst();
    }
    if (carriedOut.size() >= maxPerWindow) {
      return false;
    }
    carriedOut.addLast(now);
    return true;
  }
}
