package com.bookiji.reconciler.repairs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the repair rate limit")
class RepairRateLimitTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  @DisplayName("allows at most the limit within a sliding window, then again as the window moves on")
  void slidingWindow() {
    RepairRateLimit limit = new RepairRateLimit(2, Duration.ofMinutes(1));
    assertThat(limit.tryAcquire(T0)).isTrue();
    assertThat(limit.tryAcquire(T0.plusSeconds(10))).isTrue();
    assertThat(limit.tryAcquire(T0.plusSeconds(20))).isFalse();
    assertThat(limit.tryAcquire(T0.plusSeconds(60))).as("the first left the window").isTrue();
    assertThat(limit.tryAcquire(T0.plusSeconds(61))).isFalse();
    assertThat(limit.tryAcquire(T0.plusSeconds(70))).as("the second left the window").isTrue();
  }

  @Test
  @DisplayName("a limit below one is a configuration error")
  void refusesZero() {
    assertThatThrownBy(() -> new RepairRateLimit(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
