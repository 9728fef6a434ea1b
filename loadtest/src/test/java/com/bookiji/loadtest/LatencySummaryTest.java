package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

  private static final long MS = 1_000_000L;
  /** The histogram's resolution: a figure is its sample rounded up to 3 significant digits. */
  private static final double PRECISION_PERCENT = 0.1;

  @Test
  @DisplayName("percentiles are nearest-rank: of 1..100 ms, p50 is 50, p95 is 95 and p99 is 99 ms")
  void nearestRankOfHundred() {
    long[] samples = LongStream.rangeClosed(1, 100).map(i -> (101 - i) * MS).toArray(); // unsorted on purpose
    LatencySummary s = LatencySummary.ofNanos(samples);
    assertThat(s.count()).isEqualTo(100);
    assertThat(s.p50Ms()).isCloseTo(50.0, withPercentage(PRECISION_PERCENT)).isGreaterThanOrEqualTo(50.0);
    assertThat(s.p95Ms()).isCloseTo(95.0, withPercentage(PRECISION_PERCENT)).isGreaterThanOrEqualTo(95.0);
    assertThat(s.p99Ms()).isCloseTo(99.0, withPercentage(PRECISION_PERCENT)).isGreaterThanOrEqualTo(99.0);
    assertThat(s.maxMs()).isCloseTo(100.0, withPercentage(PRECISION_PERCENT));
    assertThat(s.meanMs()).isCloseTo(50.5, withPercentage(PRECISION_PERCENT));
    assertThat(samples[0]).as("input left unsorted").isEqualTo(100 * MS);
  }

  @Test
  @DisplayName("with few samples the high percentiles are the largest sample, never an interpolated value")
  void fewSamples() {
    LatencySummary three = LatencySummary.ofNanos(new long[] {10 * MS, 20 * MS, 30 * MS});
    assertThat(three.p50Ms()).isCloseTo(20.0, withPercentage(PRECISION_PERCENT));
    assertThat(three.p95Ms()).isCloseTo(30.0, withPercentage(PRECISION_PERCENT));
    assertThat(three.p99Ms()).isCloseTo(30.0, withPercentage(PRECISION_PERCENT));
    LatencySummary one = LatencySummary.ofNanos(new long[] {7 * MS});
    assertThat(one.p50Ms()).isEqualTo(one.p99Ms()).isCloseTo(7.0, withPercentage(PRECISION_PERCENT));
  }

  @Test
  @DisplayName("a single slow request out of a hundred shows at p100 but not at p99")
  void oneOutlier() {
    long[] samples = LongStream.range(0, 100).map(i -> i == 42 ? 5_000 * MS : 10 * MS).toArray();
    LatencySummary s = LatencySummary.ofNanos(samples);
    assertThat(s.p99Ms()).isCloseTo(10.0, withPercentage(PRECISION_PERCENT));
    assertThat(s.maxMs()).isCloseTo(5_000.0, withPercentage(PRECISION_PERCENT));
  }

  @Test
  @DisplayName("latencies from a microsecond to an hour are recorded within 0.1 %")
  void wideRange() {
    for (long nanos : new long[] {1_000, 1_234_567, 3_600_000_000_000L}) {
      assertThat(LatencySummary.ofNanos(new long[] {nanos}).p99Ms()).isCloseTo(nanos / 1e6, withPercentage(PRECISION_PERCENT));
    }
  }

  @Test
  @DisplayName("no samples give an empty summary that prints n/a; a negative latency is refused")
  void emptyAndInvalid() {
    assertThat(LatencySummary.ofNanos(new long[0])).isEqualTo(LatencySummary.EMPTY);
    assertThat(LatencySummary.EMPTY.format()).isEqualTo("n/a");
    assertThatThrownBy(() -> LatencySummary.ofNanos(new long[] {-1})).isInstanceOf(RuntimeException.class);
  }

  @Test
  @DisplayName("figures print with one decimal below 100 ms and none above")
  void formatting() {
    LatencySummary s = new LatencySummary(3, 4.25, 57.0, 1234.4, 2000, 10);
    assertThat(s.format()).isEqualTo("4.3 / 57.0 / 1234 ms");
  }
}
