package com.bookiji.reconciler.invariants.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How long things may legitimately take before a check calls them broken.
 *
 * @param grace added to every bound: the time a message may take to reach the auditor
 * @param authorizationOpenBound how long an authorization may stay open after its reservation ended
 *     (the saga voids at once; this covers its retries)
 * @param authorizationValidity how long Stripe keeps a manual-capture authorization (7 days for cards)
 *     when no {@code capture_before} from Stripe is known
 * @param stateBounds how long a reservation may stay in each non-terminal state, per the saga's timeouts
 * @param maxLagStretch the most a consumer's lag may stretch a bound: beyond it a break is raised
 *     although a consumer is behind (a service that stopped consuming does not hide every break)
 */
public record CheckBounds(Duration grace, Duration authorizationOpenBound, Duration authorizationValidity,
    Map<String, Duration> stateBounds, Duration maxLagStretch) {

  public CheckBounds(Duration grace, Duration authorizationOpenBound, Duration authorizationValidity,
      Map<String, Duration> stateBounds) {
    this(grace, authorizationOpenBound, authorizationValidity, stateBounds, Duration.ofMinutes(10));
  }

  public CheckBounds {
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(authorizationOpenBound, "authorizationOpenBound");
    Objects.requireNonNull(authorizationValidity, "authorizationValidity");
    stateBounds = Map.copyOf(stateBounds);
    Objects.requireNonNull(maxLagStretch, "maxLagStretch");
  }

  /** The saga's defaults (reservation-service application.yml) with room for its retries. */
  public static CheckBounds defaults() {
    return new CheckBounds(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofDays(7), Map.of(
        "HOLD_PENDING", Duration.ofMinutes(2),
        "AWAITING_CONFIRMATIONS", Duration.ofMinutes(15),
        "COMMIT_PENDING", Duration.ofMinutes(2),
        "CAPTURE_PENDING", Duration.ofMinutes(15),
        "COMPENSATING", Duration.ofMinutes(30)));
  }

  /** The bound of a non-terminal state; an unknown state gets the longest one. */
  public Duration stateBound(String state) {
    return stateBounds.getOrDefault(state,
        stateBounds.values().stream().max(Duration::compareTo).orElse(Duration.ofMinutes(30)));
  }
}
