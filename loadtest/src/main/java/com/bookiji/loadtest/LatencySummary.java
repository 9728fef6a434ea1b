package com.bookiji.loadtest;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency series, in milliseconds, read from an HdrHistogram of nanoseconds.
 *
 * <p>Percentiles are nearest-rank: p is the smallest recorded sample such that at least p % of the
 * samples are less than or equal to it (HdrHistogram's {@code getValueAtPercentile} counts
 * {@code ceil(p / 100 × n)} samples). The histogram keeps {@value #SIGNIFICANT_DIGITS} significant
 * digits, so a figure is that sample rounded up to its bucket: at most 0.1 % above it, never below,
 * and never an interpolation between two samples.
 */
public record LatencySummary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

  public static final int SIGNIFICANT_DIGITS = 3;
  public static final LatencySummary EMPTY = new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** An empty recorder for nanosecond latencies (auto-resizing: any latency fits). */
  public static Histogram newHistogram() {
    return new Histogram(SIGNIFICANT_DIGITS);
  }

  /** Summarises samples given in nanoseconds (negative ones are not latencies and are refused). */
  public static LatencySummary ofNanos(long[] nanos) {
    Histogram h = newHistogram();
    for (long n : nanos) {
      h.recordValue(n);
    }
    return of(h);
  }

  public static LatencySummary of(Histogram h) {
    if (h.getTotalCount() == 0) {
      return EMPTY;
    }
    return new LatencySummary((int) h.getTotalCount(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
        ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()), h.getMean() / 1_000_000.0);
  }

  /** "12.3 / 45.6 / 78.9 ms" (p50 / p95 / p99), or "n/a" without samples. */
  public String format() {
    if (count == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%s / %s / %s ms", f(p50Ms), f(p95Ms), f(p99Ms));
  }

  static String f(double ms) {
    if (Double.isNaN(ms)) {
      return "n/a";
    }
    return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms) : String.format(Locale.ROOT, "%.1f", ms);
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
