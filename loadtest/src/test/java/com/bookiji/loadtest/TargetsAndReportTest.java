package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.bookiji.loadtest.ProcessSampler.ProcessFigures;
import com.bookiji.loadtest.Targets.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TargetsAndReportTest {

  private static final long MS = 1_000_000L;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  /** 60 s window with {@code perSecond} confirmations each second, the given CPU and latencies. */
  static Result result(String[] args, int perSecond, double idleCpu, double loadCpu, long postNanos, long serverNanos, long pssKiB,
      InsertBaseline.Figures baseline, Map<String, Long> outcomes, Map<String, Long> errors, int started, int reported) {
    Options options = Options.parse(args, Path.of("/repo"));
    long[] completions = LongStream.range(0, 60L * perSecond).map(i -> i * SECOND / perSecond).toArray();
    Throughput throughput = Throughput.of(completions, 60 * SECOND, 10 * SECOND);
    long[] post = LongStream.range(0, 100).map(i -> postNanos).toArray();
    long[] server = LongStream.range(0, 100).map(i -> serverNanos).toArray();
    List<ProcessFigures> idle = options.idleSeconds() == 0 ? List.of()
        : List.of(new ProcessFigures("reservation-service", 1, idleCpu / 2, 0, 0), new ProcessFigures("kafka", 2, idleCpu / 2, 0, 0),
            new ProcessFigures(LoadBenchmark.LOAD_GENERATOR, 3, 50, 0, 0));
    List<ProcessFigures> load = List.of(new ProcessFigures("reservation-service", 1, loadCpu, 300_000, pssKiB),
        new ProcessFigures(LoadBenchmark.LOAD_GENERATOR, 3, 90, 200_000, 200_000));
    return new Result(options, Instant.parse("2026-12-03T10:00:00Z"), "2 CPUs", "17", "1 1 1", "2 2 2", started, reported,
        started, outcomes, outcomes, errors, throughput, LatencySummary.ofNanos(post), LatencySummary.ofNanos(server),
        LatencySummary.ofNanos(server), LatencySummary.ofNanos(post), Map.of(), load, 300_000, pssKiB, 95, false, 1000, idle,
        "0.5 0.5 0.5", baseline, baseline == null ? "skipped" : null, null, Set.of("CONFIRMED", "EXPIRED"));
  }

  private static Result good() {
    return result(new String[0], 120, 3, 180, 20 * MS, 400 * MS, 1_500_000, new InsertBaseline.Figures(32, 5, 50_000, "s"),
        Map.of("CONFIRMED", 7200L), Map.of(), 7200, 7200);
  }

  private static Result asToday() {
    return result(new String[0], 3, 90, 160, 1100 * MS, 15_000 * MS, 2_200_000, new InsertBaseline.Figures(32, 5, 50_000, "s"),
        Map.of("CONFIRMED", 180L), Map.of(), 180, 180);
  }

  @Test
  @DisplayName("a run that meets every target of the issue is judged met on all six")
  void everyTargetMet() {
    List<Targets.Target> targets = Targets.judge(good());
    assertThat(targets).hasSize(6).extracting(Targets.Target::verdict).containsOnly(Verdict.MET);
    assertThat(targets.get(1).measured()).as("180 %% of a core × 60 s ÷ 7200 confirmed").isEqualTo("15.0 ms");
  }

  @Test
  @DisplayName("today's figures miss all six targets, each one named with its measured value")
  void todaysFiguresMissEveryTarget() {
    List<Targets.Target> targets = Targets.judge(asToday());
    assertThat(targets).extracting(Targets.Target::verdict).containsOnly(Verdict.NOT_MET);
    assertThat(targets).extracting(Targets.Target::measured)
        .containsExactly("90.0 % of a core", "533.3 ms", "3.0 (3.0, 3.0)", "1101 / 1101 / 1101 ms", "15007 / 15007 / 15007 ms", "2.10 GiB");
  }

  @Test
  @DisplayName("the boundaries: 5 % idle and 50 ms p99 are not met, exactly 15 ms and exactly 100/s are")
  void boundaries() {
    Result r = result(new String[0], 100, 5, 150, 50 * MS, 999 * MS, 2L * 1024 * 1024 - 1, null, Map.of("CONFIRMED", 6000L), Map.of(),
        6000, 6000);
    assertThat(Targets.judge(r)).extracting(Targets.Target::verdict)
        .containsExactly(Verdict.NOT_MET, Verdict.MET, Verdict.MET, Verdict.NOT_MET, Verdict.MET, Verdict.MET);
  }

  @Test
  @DisplayName("a skipped quiet phase is 'not measured', never met; the load generator's own CPU is never the stack's")
  void skippedIdlePhase() {
    Result r = result(new String[] {"--idle-seconds", "0"}, 120, 0, 180, 20 * MS, 400 * MS, 1_500_000, null,
        Map.of("CONFIRMED", 7200L), Map.of(), 7200, 7200);
    assertThat(Targets.judge(r).get(0).verdict()).isEqualTo(Verdict.NOT_MEASURED);
    assertThat(good().idleStackCpuPercent()).isEqualTo(3.0);
    assertThat(good().stackCpuPercent()).isEqualTo(180.0);
  }

  @Test
  @DisplayName("the generated section prints every target with met / not met, the idle CPU per process, the baseline and the ratio")
  void section() {
    String md = BenchmarkReport.markdown(asToday());
    assertThat(md).contains("| idle stack CPU (all stack processes, 20 s quiet, no traffic) | 90.0 % of a core | < 5 % of a core | **not met** |")
        .contains("| stack CPU per confirmed reservation | 533.3 ms | ≤ 15 ms | **not met** |")
        .contains("| whole stack PSS (peak of the summed PSS during the load) | 2.10 GiB | < 2 GiB | **not met** |")
        .contains("`POST /reservations` p99", "`POST` → `CONFIRMED` p99, service timeline", "sustained (slowest 10-s bucket")
        .contains("| reservation-service | 1 | 45.0 % | 160 % |")
        .contains("Same-run baseline: 10000 single-row INSERT transactions/s on the stack's PostgreSQL (32 JDBC clients, 5 s, 50000 inserts")
        .contains("Confirmed reservations/s ÷ baseline inserts/s: **0.00030** (3.0 ÷ 10000: one confirmed reservation costs the machine "
            + "as much as 3333 such inserts)")
        .contains("Nothing lost: every one of the 180 started reservations reached a terminal state");
    assertThat(BenchmarkReport.markdown(good())).contains("| met |").doesNotContain("not met");
  }

  @Test
  @DisplayName("the ratio is confirmed/s over inserts/s, and there is none without a baseline")
  void ratio() {
    assertThat(InsertBaseline.ratio(100, 10_000)).isEqualTo(0.01);
    assertThat(InsertBaseline.ratio(100, 0)).isNaN();
    assertThat(new InsertBaseline.Figures(4, 2, 3000, "s").insertsPerSecond()).isEqualTo(1500);
    Result noBaseline = result(new String[0], 3, 90, 160, MS, MS, 1, null, Map.of("CONFIRMED", 180L), Map.of(), 180, 180);
    assertThat(noBaseline.ratioToBaseline()).isNaN();
    assertThat(BenchmarkReport.markdown(noBaseline)).contains("Same-run baseline: none (skipped).");
  }

  @Test
  @DisplayName("each scratch schema is new and a plain SQL identifier")
  void scratchSchema() {
    String a = InsertBaseline.scratchSchema();
    assertThat(a).matches("loadtest_baseline_[0-9a-f]{12}").isNotEqualTo(InsertBaseline.scratchSchema());
  }

  @Test
  @DisplayName("nothing lost only when every started reservation reached a terminal state and no error happened")
  void accounting() {
    assertThat(good().unaccounted()).isEmpty();
    Result lossy = result(new String[0], 3, 1, 1, MS, MS, 1, null,
        Map.of("CONFIRMED", 170L, "TIMEOUT in COMMIT_PENDING", 2L, "EXPIRED", 1L), Map.of("GET /reservations/{id} HTTP 503", 4L), 180, 173);
    assertThat(lossy.unaccounted()).containsExactlyInAnyOrder("7 of 180 started reservations have no reported outcome",
        "2 ended as TIMEOUT in COMMIT_PENDING (not a terminal state)", "4 × error GET /reservations/{id} HTTP 503");
    assertThat(BenchmarkReport.markdown(lossy)).contains("**Not accounted for**: 7 of 180");
  }
}
