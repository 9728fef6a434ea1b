package com.bookiji.platform.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The test clock")
class TestClockTest {

  private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

  @Test
  @DisplayName("stands still at its start until the test moves it forward")
  void standsStillUntilMoved() {
    TestClock clock = TestClock.at(START);
    assertThat(clock.instant()).isEqualTo(START);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

    clock.advance(Duration.ofSeconds(90));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
    clock.advanceTo(START.plusSeconds(600));
    assertThat(clock.instant()).isEqualTo(START.plusSeconds(600));
  }

  @Test
  @DisplayName("never goes back: a negative step is refused and an earlier target changes nothing")
  void neverGoesBack() {
    TestClock clock = TestClock.at(START);
    clock.advance(Duration.ofMinutes(5));

    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only moves forward");
    clock.advanceTo(START);
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
  }

  @Test
  @DisplayName("running from now follows the system clock, ahead by however far the test moved it")
  void runningFromNowFollowsTheSystemClock() {
    TestClock clock = TestClock.runningFromNow();
    Instant before = Instant.now();
    Instant read = clock.instant();
    assertThat(read).isBetween(before, Instant.now());

    clock.advance(Duration.ofMinutes(11));
    before = Instant.now();
    read = clock.instant();
    assertThat(read).isBetween(before.plus(Duration.ofMinutes(11)), Instant.now().plus(Duration.ofMinutes(11)));

    Instant target = Instant.now().plus(Duration.ofHours(2));
    clock.advanceTo(target);
    assertThat(clock.instant()).isAfterOrEqualTo(target);
  }

  @Test
  @DisplayName("seen in another zone, it is the same time and moves with the original")
  void otherZoneMovesTogether() {
    TestClock clock = TestClock.at(START);
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(START.plus(Duration.ofHours(1)));
    assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
  }
}
