package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OptionsAndReportTest {

  private static final Path REPO = Path.of("/repo");

  @Test
  @DisplayName("defaults: 32 requesters, 60 s measured after 10 s warm-up, the repository's state directory and report")
  void defaults() {
    Options o = Options.parse(new String[0], REPO);
    assertThat(o.requesters()).isEqualTo(32);
    assertThat(o.durationSeconds()).isEqualTo(60);
    assertThat(o.warmupSeconds()).isEqualTo(10);
    assertThat(o.reservations()).isEqualTo(150 * 70);
    assertThat(o.stateDir()).isEqualTo(REPO.resolve(".bookiji"));
    assertThat(o.report()).isEqualTo(REPO.resolve("docs/benchmarks.md"));
    assertThat(o.portOffset()).isNull();
  }

  @Test
  @DisplayName("the short variant's options are taken as given")
  void shortVariant() {
    Options o = Options.parse(new String[] {"--requesters", "4", "--duration-seconds", "10", "--reservations", "50",
        "--port-offset", "2000", "--no-report"}, REPO);
    assertThat(o.requesters()).isEqualTo(4);
    assertThat(o.durationSeconds()).isEqualTo(10);
    assertThat(o.reservations()).isEqualTo(50);
    assertThat(o.vendors()).isEqualTo(50);
    assertThat(o.portOffset()).isEqualTo(2000);
    assertThat(o.writeReport()).isFalse();
    assertThat(o.command()).startsWith("LoadBenchmark --requesters 4");
  }

  @Test
  @DisplayName("unknown options, bad numbers and non-loopback hosts are refused")
  void refused() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--frobnicate"}, REPO)).hasMessageContaining("unknown option");
    assertThatThrownBy(() -> Options.parse(new String[] {"--requesters", "0"}, REPO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> Options.parse(new String[] {"--requesters"}, REPO)).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> Options.parse(new String[] {"--base-host", "example.com"}, REPO)).hasMessageContaining("loopback");
  }

  @Test
  @DisplayName("a run replaces only the generated section and keeps the hand-written text around it")
  void replacesSection() {
    String doc = "# Benchmarks\n\nintro\n\n" + BenchmarkReport.START + "\nold figures\n" + BenchmarkReport.END + "\n\n## Analysis\nkept\n";
    String updated = BenchmarkReport.replaceSection(doc, "new figures\n");
    assertThat(updated).contains("intro", "new figures", "## Analysis\nkept").doesNotContain("old figures");
    assertThat(BenchmarkReport.replaceSection(updated, "newer")).contains("newer").doesNotContain("new figures");
  }

  @Test
  @DisplayName("a document without the section gets it appended")
  void appendsSection() {
    String updated = BenchmarkReport.replaceSection("# Benchmarks\n", "figures");
    assertThat(updated).startsWith("# Benchmarks\n").contains(BenchmarkReport.START + "\nfigures\n" + BenchmarkReport.END);
  }

  @Test
  @DisplayName("CPU per confirmed reservation: 141 % of a core for 60 s over 573 confirmations is about 148 ms")
  void cpuPerReservation() {
    assertThat(BenchmarkReport.cpuMillisPerConfirmed(141, 60, 573)).isCloseTo(147.6, org.assertj.core.data.Offset.offset(0.1));
  }
}
