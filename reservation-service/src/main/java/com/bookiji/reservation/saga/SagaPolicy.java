package com.bookiji.reservation.saga;

import java.time.Duration;
import java.util.Objects;

/** The saga's time limits. Retried steps back off exponentially from their timeout up to maxBackoff. */
public record SagaPolicy(
    Duration holdTtl,
    Duration holdResponseTimeout,
    Duration vendorDecisionTimeout,
    Duration paymentAuthorizationTimeout,
    Duration commitResponseTimeout,
    Duration captureResponseTimeout,
    Duration compensationResponseTimeout,
    Duration maxBackoff) {

  public SagaPolicy {
    Objects.requireNonNull(holdTtl);
    Objects.requireNonNull(holdResponseTimeout);
    Objects.requireNonNull(vendorDecisionTimeout);
    Objects.requireNonNull(paymentAuthorizationTimeout);
    Objects.requireNonNull(commitResponseTimeout);
    Objects.requireNonNull(captureResponseTimeout);
    Objects.requireNonNull(compensationResponseTimeout);
    Objects.requireNonNull(maxBackoff);
  }

  public static SagaPolicy defaults() {
    return new SagaPolicy(Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(10),
        Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(30), Duration.ofMinutes(10));
  }

  /** timeout × 2^attempt, capped. attempt 0 is the first try. */
  Duration backoff(Duration timeout, int attempt) {
    Duration d = timeout.multipliedBy(1L << Math.min(attempt, 10));
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
