package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  private static final long MS = 1_000_000L;

  @Test
  @DisplayName("percentiles are nearest-rank: of 1..100 ms, p50 is 50, p95 is 95 and p99 is 99 ms")
  void nearestRankOfHundred() {
    long[] samples = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray(); // unsorted on purpose
    LatencySummary s = LatencySummary.ofNanos(samples);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50Ms()).isEqualTo(50.0);
    assertThat(s.p95Ms()).isEqualTo(95.0);
    assertThat(s.p99Ms()).isEqualTo(99.0);
    assertThat(s.maxMs()).isEqualTo(100.0);
    assertThat(s.meanMs()).isEqualTo(50.5);
    assertThat(samples[0]).as("input left unsorted").isEqualTo(100 * MS);
  }

  @Test
  @DisplayName("with few samples the high percentiles are the largest sample, never an interpolated value")
  void fewSamples() {
    long[] sorted = {10, 20, 30};
    assertThat(LatencySummary.percentile(sorted, 50)).isEqualTo(20);
    assertThat(LatencySummary.percentile(sorted, 99)).isEqualTo(30);
    assertThat(LatencySummary.percentile(new long[] {7}, 1)).isEqualTo(7);
    assertThat(LatencySummary.percentile(new long[] {7}, 100)).isEqualTo(7);
  }

  @Test
  @DisplayName("a single slow request out of a hundred shows at p100 but not at p99")
  void oneOutlier() {
    long[] samples = LongStream.range(0, 100).map(i -> i == 42 ? 5_000 * MS : 10 * MS).toArray();
    LatencySummary s = LatencySummary.ofNanos(samples);
    assertThat(s.p99Ms()).isEqualTo(10.0);
    assertThat(s.maxMs()).isEqualTo(5_000.0);
  }

  @Test
  @DisplayName("no samples give an empty summary that prints n/a; a bad percentile is refused")
  void emptyAndInvalid() {
    assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.EMPTY);
    assertThat(LatencySummary.EMPTY.format()).isEqualTo("n/a");
    assertThatThrownBy(() -> LatencySummary.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LatencySummary.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("figures print with one decimal below 100 ms and none above")
  void formatting() {
    LatencySummary s = new LatencySummary(3, 4.25, 57.0, 1234.4, 2000, 10);
    assertThat(s.format()).isEqualTo("4.3 / 57.0 / 1234 ms");
  }
}
