package com.bookiji.loadtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one run measured. Latencies cover reservations started inside the measured window.
 *
 * @param reservationsStarted reservations the benchmark started (a slot taken, the POST about to go)
 * @param reservationsReported of those, how many ended in a recorded outcome (terminal or not)
 * @param idleProcesses CPU of each process over the quiet phase before any traffic (empty if skipped)
 * @param baseline the same-run INSERT baseline, or {@code null} if skipped or impossible
 * @param baselineProblem why there is no baseline, or {@code null}
 * @param openLoop the open model's arrival counts, or {@code null} for the closed loop
 * @param terminalOutcomes the outcomes (state names) the API flagged {@code terminal}; any other outcome
 *     is a reservation the benchmark did not see end
 */
public record Result(
    Options options,
    Instant startedAt,
    String machine,
    String javaVersion,
    String loadBefore,
    String loadAfter,
    int reservationsStarted,
    int reservationsReported,
    int reservationsInWindow,
    Map<String, Long> outcomes,
    Map<String, Long> allOutcomes,
    Map<String, Long> errors,
    Throughput throughput,
    LatencySummary post,
    LatencySummary postToConfirmed,
    LatencySummary postToConfirmedServer,
    LatencySummary postToClientSecret,
    Map<String, LatencySummary> sagaSteps,
    List<ProcessSampler.ProcessFigures> processes,
    long stackPeakRssKiB,
    long stackPeakPssKiB,
    double machineBusyPercent,
    boolean slotsExhausted,
    long pollRequests,
    List<ProcessSampler.ProcessFigures> idleProcesses,
    String idleLoadAverage,
    InsertBaseline.Figures baseline,
    String baselineProblem,
    OpenLoop.Counts openLoop,
    Set<String> terminalOutcomes) {

  /** Sum of the stack's processes (the load generator left out), in % of one core; NaN if none measured. */
  public static double stackCpuPercent(List<ProcessSampler.ProcessFigures> processes) {
    double sum = 0;
    boolean any = false;
    for (ProcessSampler.ProcessFigures p : processes) {
      if (!p.name().equals(LoadBenchmark.LOAD_GENERATOR) && !Double.isNaN(p.cpuPercentOfOneCore())) {
        sum += p.cpuPercentOfOneCore();
        any = true;
      }
    }
    return any ? sum : Double.NaN;
  }

  public double stackCpuPercent() {
    return stackCpuPercent(processes);
  }

  public double idleStackCpuPercent() {
    return stackCpuPercent(idleProcesses);
  }

  /** Stack CPU per confirmed reservation of the window, in ms; NaN without confirmations or CPU figures. */
  public double stackCpuMillisPerConfirmed() {
    double cpu = stackCpuPercent();
    return throughput.completed() == 0 || Double.isNaN(cpu) ? Double.NaN
        : BenchmarkReport.cpuMillisPerConfirmed(cpu, throughput.windowSeconds(), throughput.completed());
  }

  /** Confirmed reservations/s (window average) ÷ baseline INSERT transactions/s; NaN without a baseline. */
  public double ratioToBaseline() {
    return baseline == null ? Double.NaN : InsertBaseline.ratio(throughput.perSecond(), baseline.insertsPerSecond());
  }

  /**
   * What the benchmark cannot account for: reservations started without a reported outcome,
   * outcomes that are not a terminal state of the reservation (timeouts, failed or refused POSTs,
   * client errors) and errors. Empty means nothing was lost.
   */
  public List<String> unaccounted() {
    List<String> problems = new ArrayList<>();
    if (reservationsReported != reservationsStarted) {
      problems.add((reservationsStarted - reservationsReported) + " of " + reservationsStarted
          + " started reservations have no reported outcome");
    }
    allOutcomes.forEach((outcome, count) -> {
      if (!terminalOutcomes.contains(outcome)) {
        problems.add(count + " ended as " + outcome + " (not a terminal state)");
      }
    });
    errors.forEach((kind, count) -> problems.add(count + " × error " + kind));
    return problems;
  }
}
