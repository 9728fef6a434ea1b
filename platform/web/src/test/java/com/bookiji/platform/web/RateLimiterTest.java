package com.bookiji.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  @DisplayName("a caller gets its burst, then waits for the refill; other callers are not affected")
  void burstThenRefill() {
    TestClock clock = TestClock.at(Instant.parse("2026-12-01T10:00:00Z"));
    RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("alice")).isEmpty();
    }
    assertThat(limiter.tryAcquire("alice")).contains(Duration.ofSeconds(20));
    assertThat(limiter.tryAcquire("bob")).isEmpty();
    clock.advance(Duration.ofSeconds(19));
    assertThat(limiter.tryAcquire("alice")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("alice")).isEmpty();
    assertThat(limiter.tryAcquire("alice")).isPresent();
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.tryAcquire("alice")).as("refilled to the burst, not beyond").isEmpty();
    }
    assertThat(limiter.tryAcquire("alice")).isPresent();
  }
}
