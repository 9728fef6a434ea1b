package com.bookiji.reconciler.observation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("time lag from sampled end offsets")
class EndOffsetHistoryTest {

  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  @DisplayName("a group's next record has waited since the first sample whose end offset passed it")
  void behindSinceFirstSamplePastTheOffset() {
    EndOffsetHistory h = new EndOffsetHistory(Duration.ofMinutes(30));
    h.sample(T0, 10);
    h.sample(T0.plusSeconds(5), 12);
    h.sample(T0.plusSeconds(10), 15);
    Instant now = T0.plusSeconds(20);
    assertThat(h.behind(15, now)).as("caught up").isZero();
    assertThat(h.behind(12, now)).as("offset 12 appeared at +10 s").isEqualTo(Duration.ofSeconds(10));
    assertThat(h.behind(10, now)).as("offset 10 appeared at +5 s").isEqualTo(Duration.ofSeconds(15));
    assertThat(h.behind(3, now)).as("older than every sample: at least the oldest sample's age").isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("a quiet partition with nothing to consume is never behind, however long it stays quiet")
  void quietPartitionIsNotBehind() {
    EndOffsetHistory h = new EndOffsetHistory(Duration.ofMinutes(1));
    h.sample(T0, 7);
    h.sample(T0.plus(Duration.ofHours(2)), 7);
    assertThat(h.behind(7, T0.plus(Duration.ofHours(2)))).isZero();
  }

  @Test
  @DisplayName("old samples are dropped, but the newest one older than the window still bounds the age")
  void keepsABoundBeyondTheWindow() {
    EndOffsetHistory h = new EndOffsetHistory(Duration.ofMinutes(1));
    h.sample(T0, 1);
    h.sample(T0.plusSeconds(30), 2);
    h.sample(T0.plusSeconds(200), 3);
    assertThat(h.behind(1, T0.plusSeconds(200))).as("record 1 appeared at +30 s, still known")
        .isEqualTo(Duration.ofSeconds(170));
  }
}
