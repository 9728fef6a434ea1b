package com.bookiji.loadtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU and memory of named processes, each counted with its descendants (PostgreSQL's holder JVM
 * has the postmaster and one backend per pooled connection below it). CPU is the utime+stime delta
 * between {@link #markStart()} and {@link #markEnd()}; memory is sampled every second and the peak
 * kept. RSS sums count shared pages (PostgreSQL's shared buffers) once per process; PSS does not.
 */
public final class ProcessSampler implements AutoCloseable {

  /** What one process (tree) did during the window. */
  public record ProcessFigures(String name, long pid, double cpuPercentOfOneCore, long peakRssKiB, long peakPssKiB) {}

  private final ProcFs proc;
  private final Map<String, Long> roots;
  private final long ticksPerSecond;
  private final Map<String, Map<Long, Long>> startTicks = new HashMap<>();
  private final Map<String, Map<Long, Long>> endTicks = new HashMap<>();
  private final Map<String, Long> peakRss = new HashMap<>();
  private final Map<String, Long> peakPss = new HashMap<>();
  private long peakTotalRss;
  private long peakTotalPss;
  private long startNanos;
  private long endNanos;
  private long[] machineStart;
  private long[] machineEnd;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "process-sampler");
    t.setDaemon(true);
    return t;
  });

  private final java.util.Set<String> notInTotal;

  /** @param notInTotal names measured but left out of the totals (the load generator itself) */
  public ProcessSampler(ProcFs proc, Map<String, Long> roots, long ticksPerSecond, java.util.Set<String> notInTotal) {
    this.proc = proc;
    this.roots = new LinkedHashMap<>(roots);
    this.ticksPerSecond = ticksPerSecond;
    this.notInTotal = java.util.Set.copyOf(notInTotal);
  }

  public void startSampling() {
    timer.scheduleAtFixedRate(this::sampleMemory, 0, 1, TimeUnit.SECONDS);
  }

  public synchronized void markStart() {
    startNanos = System.nanoTime();
    machineStart = proc.machineCpu();
    roots.forEach((name, pid) -> startTicks.put(name, ticksByPid(pid)));
  }

  public synchronized void markEnd() {
    endNanos = System.nanoTime();
    machineEnd = proc.machineCpu();
    roots.forEach((name, pid) -> endTicks.put(name, ticksByPid(pid)));
  }

  private Map<Long, Long> ticksByPid(long root) {
    Map<Long, Long> ticks = new HashMap<>();
    for (long pid : tree(root)) {
      proc.cpuTicks(pid).ifPresent(t -> ticks.put(pid, t));
    }
    return ticks;
  }

  private static List<Long> tree(long root) {
    List<Long> pids = new ArrayList<>();
    pids.add(root);
    ProcessHandle.of(root).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
    return pids;
  }

  private synchronized void sampleMemory() {
    long totalRss = 0;
    long totalPss = 0;
    for (Map.Entry<String, Long> e : roots.entrySet()) {
      long rss = 0;
      long pss = 0;
      for (long pid : tree(e.getValue())) {
        rss += proc.rssKiB(pid).orElse(0);
        pss += proc.pssKiB(pid).orElse(0);
      }
      peakRss.merge(e.getKey(), rss, Math::max);
      peakPss.merge(e.getKey(), pss, Math::max);
      if (!notInTotal.contains(e.getKey())) {
        totalRss += rss;
        totalPss += pss;
      }
    }
    peakTotalRss = Math.max(peakTotalRss, totalRss);
    peakTotalPss = Math.max(peakTotalPss, totalPss);
  }

  public synchronized List<ProcessFigures> figures() {
    double seconds = (endNanos - startNanos) / 1e9;
    List<ProcessFigures> out = new ArrayList<>();
    roots.forEach((name, pid) -> {
      long delta = cpuDelta(startTicks.getOrDefault(name, Map.of()), endTicks.getOrDefault(name, Map.of()));
      double percent = seconds > 0 ? delta * 100.0 / ticksPerSecond / seconds : Double.NaN;
      out.add(new ProcessFigures(name, pid, percent, peakRss.getOrDefault(name, 0L), peakPss.getOrDefault(name, 0L)));
    });
    return out;
  }

  /** Per pid: end − start; a pid that appeared during the window counts all its time. */
  static long cpuDelta(Map<Long, Long> start, Map<Long, Long> end) {
    long delta = 0;
    for (Map.Entry<Long, Long> e : end.entrySet()) {
      delta += Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), 0L));
    }
    return delta;
  }

  /** Peak of the summed RSS of every process tree (one sample's sum, not a sum of peaks). */
  public synchronized long peakTotalRssKiB() {
    return peakTotalRss;
  }

  public synchronized long peakTotalPssKiB() {
    return peakTotalPss;
  }

  /** Share of the whole machine's CPU time that was busy during the window, in percent. */
  public synchronized double machineBusyPercent() {
    if (machineStart == null || machineEnd == null || machineEnd[1] <= machineStart[1]) {
      return Double.NaN;
    }
    return (machineEnd[0] - machineStart[0]) * 100.0 / (machineEnd[1] - machineStart[1]);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
