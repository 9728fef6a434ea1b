package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  static final class SettableClock extends Clock {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  @DisplayName("a caller gets its burst, then waits for the refill; other callers are not affected")
  void burstThenRefill() {
    SettableClock clock = new SettableClock();
    RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("alice")).isEmpty();
    }
    assertThat(limiter.tryAcquire("alice")).contains(Duration.ofSeconds(20));
    assertThat(limiter.tryAcquire("bob")).isEmpty();
    clock.now = clock.now.plusSeconds(19);
    assertThat(limiter.tryAcquire("alice")).contains(Duration.ofSeconds(1));
    clock.now = clock.now.plusSeconds(1);
    assertThat(limiter.tryAcquire("alice")).isEmpty();
    assertThat(limiter.tryAcquire("alice")).isPresent();
    clock.now = clock.now.plus(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("alice")).as("refilled to the burst, not beyond").isEmpty();
    }
    assertThat(limiter.tryAcquire("alice")).isPresent();
  }
}
