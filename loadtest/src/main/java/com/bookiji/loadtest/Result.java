package com.bookiji.loadtest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything one run measured. Latencies cover reservations started inside the measured window. */
public record Result(
    Options options,
    Instant startedAt,
    String machine,
    String javaVersion,
    String loadBefore,
    String loadAfter,
    int reservationsStarted,
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
    long pollRequests) {}
