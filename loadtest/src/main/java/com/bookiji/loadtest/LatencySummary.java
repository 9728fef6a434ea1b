package com.bookiji.loadtest;

import java.util.Arrays;

/** Percentiles of one latency series, in milliseconds (nearest-rank: every figure is a real sample). */
public record LatencySummary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

  public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Summarises samples given in nanoseconds; the array is not modified. */
  public static LatencySummary ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double sum = 0;
    for (long n : sorted) {
      sum += n;
    }
    return new LatencySummary(sorted.length, ms(percentile(sorted, 50)), ms(percentile(sorted, 95)),
        ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]), sum / sorted.length / 1_000_000.0);
  }

  /**
   * Nearest-rank percentile of an ascending array: the smallest sample such that at least
   * {@code p}% of the samples are less than or equal to it.
   */
  public static long percentile(long[] ascending, double p) {
    if (ascending.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * ascending.length);
    return ascending[Math.max(0, rank - 1)];
  }

  /** "12.3 / 45.6 / 78.9 ms" (p50 / p95 / p99), or "n/a" without samples. */
  public String format() {
    if (count == 0) {
      return "n/a";
    }
    return String.format(java.util.Locale.ROOT, "%s / %s / %s ms", f(p50Ms), f(p95Ms), f(p99Ms));
  }

  static String f(double ms) {
    if (Double.isNaN(ms)) {
      return "n/a";
    }
    return ms >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", ms) : String.format(java.util.Locale.ROOT, "%.1f", ms);
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
