package com.bookiji.platform.inbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Exponential pauses (initial, doubling, capped at {@code maxInterval}) until a wall-clock
 * {@code deadline}: the bound counts from the record's first transient failure, so the time spent
 * inside failing attempts (a connection timeout) counts too, and a change of exception class, which
 * makes spring-kafka start a new back-off, does not restart the bound.
 */
final class TransientBackOff implements BackOff {

  private final Duration initialInterval;
  private final double multiplier;
  private final Duration maxInterval;
  private final Instant deadline;
  private final Clock clock;

  TransientBackOff(Duration initialInterval, double multiplier, Duration maxInterval,
      Instant deadline, Clock clock) {
    this.initialInterval = initialInterval;
    this.multiplier = Math.max(1.0, multiplier);
    this.maxInterval = maxInterval;
    this.deadline = deadline;
    this.clock = clock;
  }

  @Override
  public BackOffExecution start() {
    return new BackOffExecution() {
      private long next = Math.max(1, initialInterval.toMillis());

      @Override
      public long nextBackOff() {
        Instant now = clock.instant();
        if (!now.isBefore(deadline)) {
          return STOP;
        }
        long interval = Math.min(next, maxInterval.toMillis());
        next = (long) Math.min((double) maxInterval.toMillis(), next * multiplier);
        // The last pause ends at the deadline: one more attempt there, then the dead letter.
        return Math.max(0, Math.min(interval, Duration.between(now, deadline).toMillis()));
      }
    };
  }
}
