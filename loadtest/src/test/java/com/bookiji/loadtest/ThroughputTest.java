package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThroughputTest {

  private static final long S = 1_000_000_000L;

  @Test
  @DisplayName("completions inside the window are counted per second and per bucket; those outside are ignored")
  void buckets() {
    long[] done = {-1, 0, S / 2, 3 * S, 11 * S, 12 * S, 19 * S, 20 * S, 25 * S};
    Throughput t = Throughput.of(done, 20 * S, 10 * S);
    assertThat(t.completed()).isEqualTo(6);
    assertThat(t.perSecond()).isEqualTo(0.3);
    assertThat(t.bucketRates()).containsExactly(0.3, 0.3);
    assertThat(t.minBucketRate()).isEqualTo(0.3);
  }

  @Test
  @DisplayName("a falling rate shows in the slowest bucket even when the average looks fine")
  void sustained() {
    long[] done = new long[30];
    for (int i = 0; i < 25; i++) {
      done[i] = i * S / 5; // 25 in the first 5 s
    }
    for (int i = 25; i < 30; i++) {
      done[i] = 5 * S + (i - 25) * S; // 5 in the last 5 s
    }
    Throughput t = Throughput.of(done, 10 * S, 5 * S);
    assertThat(t.perSecond()).isEqualTo(3.0);
    assertThat(t.minBucketRate()).isEqualTo(1.0);
    assertThat(t.maxBucketRate()).isEqualTo(5.0);
  }

  @Test
  @DisplayName("a trailing partial bucket is dropped from the bucket rates but its completions still count")
  void partialBucket() {
    Throughput t = Throughput.of(new long[] {1, 12 * S}, 15 * S, 10 * S);
    assertThat(t.bucketRates()).hasSize(1);
    assertThat(t.completed()).isEqualTo(2);
  }
}
