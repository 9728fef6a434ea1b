package com.bookiji.platform.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.platform.messaging.autoconfigure.MessagingProperties;
import com.bookiji.platform.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.util.backoff.BackOffExecution;

class TransientBackOffTest {

  static final Instant T0 = Instant.parse("2026-12-02T23:00:00Z");

  @Test
  @DisplayName("pauses grow exponentially up to the cap, and stop once the deadline (first failure + bound) has passed")
  void growsThenStopsAtDeadline() {
    TestClock clock = TestClock.at(T0);
    TransientBackOff backOff = new TransientBackOff(Duration.ofMillis(200), 2.0,
        Duration.ofSeconds(30), T0.plus(Duration.ofMinutes(15)), clock);
    BackOffExecution execution = backOff.start();

    List<Long> pauses = new ArrayList<>();
    long pause;
    while ((pause = execution.nextBackOff()) != BackOffExecution.STOP) {
      pauses.add(pause);
      clock.advance(Duration.ofMillis(pause).plusSeconds(2)); // the failing attempt takes 2 s
    }

    assertThat(pauses.subList(0, 8)).containsExactly(200L, 400L, 800L, 1600L, 3200L, 6400L, 12800L, 25600L);
    assertThat(pauses.subList(8, pauses.size() - 1)).allMatch(p -> p == 30_000L);
    assertThat(clock.instant()).isBetween(T0.plus(Duration.ofMinutes(15)),
        T0.plus(Duration.ofMinutes(15)).plusSeconds(3));
  }

  @Test
  @DisplayName("the last pause ends at the deadline, so the final attempt happens there")
  void lastPauseEndsAtDeadline() {
    TestClock clock = TestClock.at(T0);
    TransientBackOff backOff = new TransientBackOff(Duration.ofSeconds(10), 2.0,
        Duration.ofSeconds(30), T0.plusSeconds(5), clock);
    BackOffExecution execution = backOff.start();
    assertThat(execution.nextBackOff()).isEqualTo(5_000L);
    clock.advance(Duration.ofSeconds(5));
    assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
  }

  @Test
  @DisplayName("a transient pause is capped at half of max.poll.interval.ms, so a retrying consumer keeps its partitions")
  void pauseBelowPollInterval() {
    MessagingProperties.Inbox settings = new MessagingProperties.Inbox();
    assertThat(InboxConsumers.transientPauseCap(Map.of(), settings)).isEqualTo(Duration.ofSeconds(30));
    assertThat(InboxConsumers.transientPauseCap(
        Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "8000"), settings))
        .isEqualTo(Duration.ofSeconds(4));
    settings.setTransientMaxBackoff(Duration.ofMinutes(3));
    assertThat(InboxConsumers.transientPauseCap(Map.of(), settings)).isEqualTo(Duration.ofSeconds(150));
  }
}
