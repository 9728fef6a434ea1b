package com.bookiji.platform.outbox.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Engine restart backoff: exponential, jittered, capped, reset by a success")
class RestartBackoffTest {

  @Test
  @DisplayName("each pause lies in the upper half of a step that doubles up to the cap")
  void doublesWithJitterUpToTheCap() {
    RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8),
        new SplittableRandom(42));
    long[] steps = {1000, 2000, 4000, 8000, 8000, 8000};
    for (long step : steps) {
      assertThat(backoff.next().toMillis()).isBetween(step / 2, step);
    }
    assertThat(backoff.consecutiveFailures()).isEqualTo(steps.length);
  }

  @Test
  @DisplayName("pauses of several relays after one stall are spread, not in lockstep")
  void jitterSpreadsRestarts() {
    long distinct = new SplittableRandom(7).longs(20).map(seed -> {
      RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
          new SplittableRandom(seed));
      backoff.next();
      backoff.next();
      return backoff.next().toMillis();
    }).distinct().count();
    assertThat(distinct).isGreaterThan(10);
  }

  @Test
  @DisplayName("a success starts the doubling again from the first step")
  void resetStartsOver() {
    RestartBackoff backoff = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
        new SplittableRandom(1));
    backoff.next();
    backoff.next();
    backoff.next();
    backoff.reset();
    assertThat(backoff.consecutiveFailures()).isZero();
    assertThat(backoff.next().toMillis()).isBetween(500L, 1000L);
  }
}
