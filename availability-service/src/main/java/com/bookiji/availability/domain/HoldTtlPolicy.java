package com.bookiji.availability.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a hold lives. The orchestrator chooses per reservation ({@code holdTtlSeconds}); 0 means
 * "the service default"; anything above the maximum is capped so no caller can block a slot for
 * long; a negative TTL is an invalid request.
 */
public record HoldTtlPolicy(Duration defaultTtl, Duration maxTtl) {

  public HoldTtlPolicy {
    if (defaultTtl.isNegative() || defaultTtl.isZero() || maxTtl.compareTo(defaultTtl) < 0) {
      throw new IllegalArgumentException("need 0 < default TTL <= max TTL");
    }
  }

  public Optional<Duration> resolve(int requestedSeconds) {
    if (requestedSeconds < 0) {
      return Optional.empty();
    }
    if (requestedSeconds == 0) {
      return Optional.of(defaultTtl);
    }
    Duration requested = Duration.ofSeconds(requestedSeconds);
    return Optional.of(requested.compareTo(maxTtl) > 0 ? maxTtl : requested);
  }
}
