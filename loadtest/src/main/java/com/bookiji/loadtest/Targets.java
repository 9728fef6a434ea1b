package com.bookiji.loadtest;

import java.util.List;
import java.util.Locale;

/**
 * The targets of issue #15, judged from one run: each is met, not met, or not measured (a phase
 * skipped, no sample). Only the benchmark judges them; tests never assert them.
 */
public final class Targets {

  public static final double IDLE_CPU_PERCENT_BELOW = 5;
  public static final double CPU_MS_PER_CONFIRMED_AT_MOST = 15;
  public static final double SUSTAINED_PER_SECOND_AT_LEAST = 100;
  public static final double POST_P99_MS_BELOW = 50;
  public static final double CONFIRMED_P99_MS_BELOW = 1000;
  public static final long STACK_PSS_KIB_BELOW = 2L * 1024 * 1024;

  public enum Verdict {
    MET("met"), NOT_MET("**not met**"), NOT_MEASURED("not measured");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }

    static Verdict of(boolean measured, boolean met) {
      return !measured ? NOT_MEASURED : met ? MET : NOT_MET;
    }
  }

  public record Target(String figure, String measured, String target, Verdict verdict) {}

  private Targets() {}

  public static List<Target> judge(Result r) {
    double idle = r.idleStackCpuPercent();
    double cpuPerConfirmed = r.stackCpuMillisPerConfirmed();
    Throughput t = r.throughput();
    LatencySummary post = r.post();
    LatencySummary server = r.postToConfirmedServer();
    long pss = r.stackPeakPssKiB();
    return List.of(
        new Target(String.format(Locale.ROOT, "idle stack CPU (all stack processes, %s s quiet, no traffic)", Options.trim(idleSeconds(r))),
            Double.isNaN(idle) ? "n/a" : String.format(Locale.ROOT, "%.1f %% of a core", idle), "< 5 % of a core",
            Verdict.of(!Double.isNaN(idle), idle < IDLE_CPU_PERCENT_BELOW)),
        new Target("stack CPU per confirmed reservation",
            Double.isNaN(cpuPerConfirmed) ? "n/a" : String.format(Locale.ROOT, "%.1f ms", cpuPerConfirmed), "≤ 15 ms",
            Verdict.of(!Double.isNaN(cpuPerConfirmed), cpuPerConfirmed <= CPU_MS_PER_CONFIRMED_AT_MOST)),
        new Target(String.format(Locale.ROOT, "confirmed reservations/s sustained (slowest %.0f-s bucket; window average, fastest bucket)",
                t.bucketSeconds()),
            String.format(Locale.ROOT, "%.1f (%.1f, %.1f)", t.minBucketRate(), t.perSecond(), t.maxBucketRate()), "≥ 100",
            Verdict.of(true, t.minBucketRate() >= SUSTAINED_PER_SECOND_AT_LEAST)),
        new Target("`POST /reservations` p99 (p50 / p95 / p99)", post.format(), "p99 < 50 ms",
            Verdict.of(post.count() > 0, post.p99Ms() < POST_P99_MS_BELOW)),
        new Target("`POST` → `CONFIRMED` p99, service timeline (p50 / p95 / p99)", server.format(), "p99 < 1 s",
            Verdict.of(server.count() > 0, server.p99Ms() < CONFIRMED_P99_MS_BELOW)),
        new Target("whole stack PSS (peak of the summed PSS during the load)",
            pss > 0 ? BenchmarkReport.gib(pss) : "n/a", "< 2 GiB", Verdict.of(pss > 0, pss < STACK_PSS_KIB_BELOW)));
  }

  private static double idleSeconds(Result r) {
    return r.options().idleSeconds();
  }
}
