package com.bookiji.platform.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key token buckets (e.g. one per caller): {@code permits} calls at once, refilled evenly over
 * {@code period}. In memory, per instance: with n instances behind a balancer a caller gets at most
 * n times the rate, which is enough to stop a client hammering the API; limits that must hold
 * exactly (money, slots) belong in the database instead.
 */
public final class RateLimiter {

  /** Callers whose bucket is full again are forgotten; this bounds how often that sweep runs. */
  private static final int SWEEP_ABOVE = 10_000;

  private final long emissionNanos;
  private final long burstToleranceNanos;
  private final Clock clock;
  /** Per key, the "theoretical arrival time" of GCRA: when its bucket is full again (epoch nanos). */
  private final Map<String, Long> fullAt = new ConcurrentHashMap<>();

  public RateLimiter(int permits, Duration period, Clock clock) {
    if (permits < 1 || period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("a rate limit needs permits >= 1 and a positive period");
    }
    this.emissionNanos = period.toNanos() / permits;
    this.burstToleranceNanos = emissionNanos * (permits - 1);
    this.clock = clock;
  }

  /** Takes one permit for {@code key}: empty when granted, else how long until one is free. */
  public Optional<Duration> tryAcquire(String key) {
    long now = nanos();
    if (fullAt.size() > SWEEP_ABOVE) {
      fullAt.values().removeIf(t -> t <= now);
    }
    long[] wait = {0};
    // GCRA in integer nanoseconds (no drift): a permit is free while the bucket's "full again"
    // time lies at most the burst tolerance ahead of now.
    fullAt.compute(key, (k, previous) -> {
      long tat = previous == null ? now : Math.max(previous, now);
      long ahead = tat - now;
      if (ahead > burstToleranceNanos) {
        wait[0] = ahead - burstToleranceNanos;
        return previous;
      }
      return tat + emissionNanos;
    });
    return wait[0] == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(wait[0]));
  }

  private long nanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
