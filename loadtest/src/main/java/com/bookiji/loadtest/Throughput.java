package com.bookiji.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * Completions per second over a measured window, overall and per bucket: "sustained" means the
 * slowest bucket, not only the average (a queue that fills up shows as falling buckets).
 */
public record Throughput(int completed, double windowSeconds, double perSecond, List<Double> bucketRates,
    double bucketSeconds) {

  /**
   * @param completionOffsetsNanos completion times relative to the window start; those outside
   *     {@code [0, windowNanos)} are ignored
   */
  public static Throughput of(long[] completionOffsetsNanos, long windowNanos, long bucketNanos) {
    if (windowNanos <= 0 || bucketNanos <= 0) {
      throw new IllegalArgumentException("window and bucket must be positive");
    }
    int buckets = (int) Math.max(1, windowNanos / bucketNanos); // a trailing partial bucket is dropped
    long[] counts = new long[buckets];
    int completed = 0;
    for (long t : completionOffsetsNanos) {
      if (t < 0 || t >= windowNanos) {
        continue;
      }
      completed++;
      int b = (int) (t / bucketNanos);
      if (b < buckets) {
        counts[b]++;
      }
    }
    double bucketSeconds = bucketNanos / 1e9;
    List<Double> rates = new ArrayList<>();
    for (long c : counts) {
      rates.add(c / bucketSeconds);
    }
    double windowSeconds = windowNanos / 1e9;
    return new Throughput(completed, windowSeconds, completed / windowSeconds, List.copyOf(rates), bucketSeconds);
  }

  public double minBucketRate() {
    return bucketRates.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  public double maxBucketRate() {
    return bucketRates.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }
}
