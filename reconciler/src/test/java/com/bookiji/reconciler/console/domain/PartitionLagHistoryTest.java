package com.bookiji.reconciler.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a group's lag status on a partition follows Burrow's rules over sampled histories")
class PartitionLagHistoryTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final int WINDOW = 5;

  /** Samples every 2 s: {committed, end} pairs; {@code members} for all of them. */
  private static PartitionLagHistory history(boolean members, long[]... committedAndEnd) {
    PartitionLagHistory h = new PartitionLagHistory(WINDOW, Duration.ofMinutes(30));
    for (int i = 0; i < committedAndEnd.length; i++) {
      h.add(new LagSample(T0.plusSeconds(2L * i), committedAndEnd[i][0], committedAndEnd[i][1], members));
    }
    return h;
  }

  private static long[] at(long committed, long end) {
    return new long[] {committed, end};
  }

  @Test
  @DisplayName("a quiet partition with nothing to read is OK, even when nobody commits for a long time")
  void quietPartitionIsNeverStopped() {
    assertThat(history(true, at(40, 40), at(40, 40), at(40, 40), at(40, 40), at(40, 40)).status())
        .isEqualTo(LagStatus.OK);
    assertThat(history(false, at(40, 40), at(40, 40), at(40, 40), at(40, 40), at(40, 40), at(40, 40)).status())
        .as("no member, but no lag either").isEqualTo(LagStatus.OK);
  }

  @Test
  @DisplayName("lag growing at every step while the consumer still commits is WARN")
  void growingLagWarns() {
    assertThat(history(true, at(10, 12), at(11, 15), at(12, 18), at(13, 21), at(14, 24)).status())
        .isEqualTo(LagStatus.WARN);
  }

  @Test
  @DisplayName("a committed offset that does not move over the window while there is lag is STALL")
  void stalledConsumer() {
    assertThat(history(true, at(10, 12), at(10, 13), at(10, 15), at(10, 15), at(10, 19)).status())
        .isEqualTo(LagStatus.STALL);
  }

  @Test
  @DisplayName("lag with no live member to commit is STOP, at once")
  void stoppedConsumer() {
    assertThat(history(false, at(10, 12), at(10, 14)).status()).isEqualTo(LagStatus.STOP);
  }

  @Test
  @DisplayName("a consumer catching up, or keeping a steady lag while it moves, is OK")
  void catchingUpIsOk() {
    assertThat(history(true, at(10, 30), at(15, 31), at(20, 32), at(25, 33), at(30, 34)).status())
        .as("catching up").isEqualTo(LagStatus.OK);
    assertThat(history(true, at(10, 13), at(13, 16), at(16, 19), at(19, 22), at(22, 25)).status())
        .as("steady lag of 3 while moving").isEqualTo(LagStatus.OK);
    assertThat(history(true, at(10, 12), at(11, 15), at(12, 14), at(13, 21), at(14, 24)).status())
        .as("the lag fell once in the window").isEqualTo(LagStatus.OK);
  }

  @Test
  @DisplayName("any zero lag in the window is OK, as is a window too short to show a trend")
  void zeroInWindowOrShortWindow() {
    assertThat(history(true, at(10, 10), at(10, 13), at(10, 15), at(10, 17), at(10, 19)).status())
        .isEqualTo(LagStatus.OK);
    assertThat(history(true, at(10, 13), at(10, 15)).status()).isEqualTo(LagStatus.OK);
    assertThat(history(true, at(10, 10), at(10, 13), at(10, 15), at(10, 17), at(10, 19), at(10, 21)).status())
        .as("the zero slid out of the window").isEqualTo(LagStatus.STALL);
  }

  @Test
  @DisplayName("time lag: the next record waits since the first sample whose end offset passed the committed offset")
  void timeLagFromEndOffsets() {
    PartitionLagHistory h = history(true, at(10, 10), at(10, 10), at(10, 11), at(10, 12), at(10, 15));
    // End offset first passed 10 at the third sample (T0 + 4 s).
    assertThat(h.timeLag(T0.plusSeconds(20))).isEqualTo(Duration.ofSeconds(16));
    assertThat(h.offsetLag()).isEqualTo(5);
    PartitionLagHistory caughtUp = history(true, at(10, 12), at(15, 15));
    assertThat(caughtUp.timeLag(T0.plusSeconds(100))).isZero();
  }

  @Test
  @DisplayName("time lag is a lower bound once the record is older than the kept history")
  void timeLagBeyondHistory() {
    PartitionLagHistory h = new PartitionLagHistory(WINDOW, Duration.ofSeconds(10));
    h.add(new LagSample(T0, 0, 5, true));
    h.add(new LagSample(T0.plusSeconds(30), 0, 6, true));
    h.add(new LagSample(T0.plusSeconds(60), 0, 7, true));
    // The change at T0 was dropped; the one at T0+30 s had passed offset 0 and is the oldest kept.
    assertThat(h.timeLag(T0.plusSeconds(60))).isEqualTo(Duration.ofSeconds(30));
  }
}
