package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFsTest {

  // A real /proc/<pid>/stat line of a JVM (fields 14 and 15: utime 1843, stime 217).
  private static final String STAT = "8186 (java) S 1 8185 8185 0 -1 4194560 93233 0 112 0 1843 217 0 0 20 0 61 0 "
      + "236148 3893604352 84187 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

  @Test
  @DisplayName("CPU ticks are utime + stime, fields 14 and 15 of /proc/<pid>/stat")
  void cpuTicks() {
    assertThat(ProcFs.parseCpuTicks(STAT)).hasValue(2060);
  }

  @Test
  @DisplayName("a command name with spaces and parentheses does not shift the fields")
  void awkwardCommandName() {
    String stat = STAT.replace("(java)", "(my (odd) proc name)");
    assertThat(ProcFs.parseCpuTicks(stat)).hasValue(2060);
  }

  @Test
  @DisplayName("a truncated or garbled stat line gives no figure rather than a wrong one")
  void garbled() {
    assertThat(ProcFs.parseCpuTicks("8186 (java) S 1 2 3")).isEmpty();
    assertThat(ProcFs.parseCpuTicks("no parenthesis")).isEmpty();
    assertThat(ProcFs.parseCpuTicks(STAT.replace(" 1843 ", " x "))).isEmpty();
  }

  @Test
  @DisplayName("VmRSS, Pss and MemTotal are read in KiB from their 'Name:  value kB' lines")
  void kib() {
    String status = "Name:\tjava\nVmPeak:\t 3802348 kB\nVmRSS:\t  336756 kB\nRssAnon:\t  300000 kB\n";
    assertThat(ProcFs.parseKiB(status, "VmRSS:")).hasValue(336756);
    assertThat(ProcFs.parseKiB("Rss:  1000 kB\nPss:   412 kB\nPss_Anon: 300 kB\n", "Pss:")).hasValue(412);
    assertThat(ProcFs.parseKiB("MemTotal:       24610180 kB\n", "MemTotal:")).hasValue(24610180);
    assertThat(ProcFs.parseKiB("Name:\tkthreadd\n", "VmRSS:")).isEqualTo(OptionalLong.empty());
  }

  @Test
  @DisplayName("the machine's busy share leaves out idle and iowait; guest time is not counted twice")
  void machineCpu() {
    String stat = "cpu  100 10 50 800 40 0 5 0 7 0\ncpu0 50 5 25 400 20 0 2 0 0 0\n";
    assertThat(ProcFs.parseMachineCpu(stat)).containsExactly(165, 1005);
  }

  @Test
  @DisplayName("the load average is the first three fields of /proc/loadavg")
  void loadAverage() {
    assertThat(ProcFs.parseLoadAverage("21.32 22.56 16.08 9/1034 18690\n")).isEqualTo("21.32 22.56 16.08");
  }

  @Test
  @DisplayName("a process tree's CPU is the per-pid delta; a pid born in the window counts whole, one that died counts nothing")
  void cpuDelta() {
    Map<Long, Long> start = Map.of(1L, 100L, 2L, 50L, 3L, 10L);
    Map<Long, Long> end = Map.of(1L, 160L, 2L, 55L, 4L, 7L);
    assertThat(ProcessSampler.cpuDelta(start, end)).isEqualTo(60 + 5 + 7);
  }

  @Test
  @DisplayName("figures are read from a /proc-shaped directory")
  void readsFiles(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("42"));
    Files.writeString(root.resolve("42/stat"), STAT);
    Files.writeString(root.resolve("42/status"), "VmRSS:\t 2048 kB\n");
    Files.writeString(root.resolve("loadavg"), "1.00 2.00 3.00 1/2 3\n");
    ProcFs proc = new ProcFs(root);
    assertThat(proc.cpuTicks(42)).hasValue(2060);
    assertThat(proc.rssKiB(42)).hasValue(2048);
    assertThat(proc.pssKiB(42)).isEmpty();
    assertThat(proc.cpuTicks(43)).isEmpty();
    assertThat(proc.loadAverage()).isEqualTo("1.00 2.00 3.00");
  }

  @Test
  @DisplayName("pid files of the local stack are read by process name; dead pids and garbage are skipped")
  void pidFiles(@TempDir Path state) throws IOException {
    Files.createDirectories(state.resolve("run"));
    Files.writeString(state.resolve("run/kafka.pid"), ProcessHandle.current().pid() + "\n");
    Files.writeString(state.resolve("run/broken.pid"), "not a pid");
    Files.writeString(state.resolve("run/gone.pid"), Long.toString(Integer.MAX_VALUE - 1L));
    assertThat(StackProcesses.fromPidFiles(state)).containsExactly(Map.entry("kafka", ProcessHandle.current().pid()));
    assertThat(StackProcesses.fromPidFiles(state.resolve("missing"))).isEmpty();
  }
}
