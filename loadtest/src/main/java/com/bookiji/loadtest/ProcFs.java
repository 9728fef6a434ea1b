package com.bookiji.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads the Linux {@code /proc} figures the benchmark reports. Parsing is static and unit-tested. */
public final class ProcFs {

  private final Path root;

  public ProcFs(Path root) {
    this.root = root;
  }

  public static ProcFs system() {
    return new ProcFs(Path.of("/proc"));
  }

  /** utime + stime of a process in clock ticks, if it (still) exists. */
  public OptionalLong cpuTicks(long pid) {
    return read(root.resolve(Long.toString(pid)).resolve("stat")).map(ProcFs::parseCpuTicks).orElse(OptionalLong.empty());
  }

  /** VmRSS in KiB. */
  public OptionalLong rssKiB(long pid) {
    return read(root.resolve(Long.toString(pid)).resolve("status")).map(s -> parseKiB(s, "VmRSS:")).orElse(OptionalLong.empty());
  }

  /** Proportional set size in KiB (shared pages divided among their users), if the kernel offers it. */
  public OptionalLong pssKiB(long pid) {
    return read(root.resolve(Long.toString(pid)).resolve("smaps_rollup")).map(s -> parseKiB(s, "Pss:")).orElse(OptionalLong.empty());
  }

  public String loadAverage() {
    return read(root.resolve("loadavg")).map(ProcFs::parseLoadAverage).orElse("n/a");
  }

  /** Busy and total jiffies of the whole machine (first line of /proc/stat). */
  public long[] machineCpu() {
    return read(root.resolve("stat")).map(ProcFs::parseMachineCpu).orElse(new long[] {0, 0});
  }

  public OptionalLong memTotalKiB() {
    return read(root.resolve("meminfo")).map(s -> parseKiB(s, "MemTotal:")).orElse(OptionalLong.empty());
  }

  private static java.util.Optional<String> read(Path p) {
    try {
      return java.util.Optional.of(Files.readString(p));
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Fields 14 and 15 of {@code /proc/<pid>/stat}. The second field, the command name in
   * parentheses, may itself contain spaces and parentheses, so fields are counted from the last ')'.
   */
  public static OptionalLong parseCpuTicks(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return OptionalLong.empty();
    }
    String[] f = stat.substring(close + 1).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3].
    if (f.length < 13) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(f[11]) + Long.parseLong(f[12]));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** The value of a {@code Name:   1234 kB} line (status, meminfo, smaps_rollup). */
  public static OptionalLong parseKiB(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name)) {
        String[] parts = line.substring(name.length()).trim().split("\\s+");
        try {
          return OptionalLong.of(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }

  /** "1-min 5-min 15-min" from /proc/loadavg. */
  public static String parseLoadAverage(String loadavg) {
    String[] f = loadavg.trim().split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "n/a";
  }

  /** {busy, total} jiffies from the aggregate "cpu" line; idle and iowait count as not busy. */
  public static long[] parseMachineCpu(String procStat) {
    for (String line : procStat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.substring(4).trim().split("\\s+");
        long total = 0;
        // user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
        int n = Math.min(f.length, 8);
        for (int i = 0; i < n; i++) {
          total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[3]) + (f.length > 4 ? Long.parseLong(f[4]) : 0);
        return new long[] {total - idle, total};
      }
    }
    return new long[] {0, 0};
  }
}
