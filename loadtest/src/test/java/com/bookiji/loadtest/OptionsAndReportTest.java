package com.bookiji.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OptionsAndReportTest {

  private static final Path REPO = Path.of("/repo");

  @Test
  @DisplayName("defaults: closed loop of 32 requesters, 20 s quiet, 10 s warm-up, 60 s measured, 5 s baseline, the repository's state directory and report")
  void defaults() {
    Options o = Options.parse(new String[0], REPO);
    assertThat(o.requesters()).isEqualTo(32);
    assertThat(o.durationSeconds()).isEqualTo(60);
    assertThat(o.warmupSeconds()).isEqualTo(10);
    assertThat(o.confirmTimeoutSeconds()).isEqualTo(30);
    assertThat(o.idleSeconds()).isEqualTo(20);
    assertThat(o.baselineSeconds()).isEqualTo(5);
    assertThat(o.reservations()).isEqualTo(150 * 70);
    assertThat(o.stateDir()).isEqualTo(REPO.resolve(".bookiji"));
    assertThat(o.report()).isEqualTo(REPO.resolve("docs/benchmarks.md"));
    assertThat(o.writeReport()).isTrue();
    assertThat(o.portOffset()).isNull();
    assertThat(o.openModel()).isFalse();
    assertThat(o.quick()).isFalse();
    assertThat(o.loadModel()).isEqualTo("closed loop, 32 requesters");
  }

  @Test
  @DisplayName("the short variant's options are taken as given")
  void shortVariant() {
    Options o = Options.parse(new String[] {"--requesters", "4", "--duration-seconds", "10", "--reservations", "50",
        "--port-offset", "2000", "--idle-seconds", "0", "--no-report"}, REPO);
    assertThat(o.requesters()).isEqualTo(4);
    assertThat(o.durationSeconds()).isEqualTo(10);
    assertThat(o.reservations()).isEqualTo(50);
    assertThat(o.vendors()).isEqualTo(50);
    assertThat(o.portOffset()).isEqualTo(2000);
    assertThat(o.idleSeconds()).isZero();
    assertThat(o.writeReport()).isFalse();
    assertThat(o.command()).startsWith("LoadBenchmark --requesters 4");
  }

  @Test
  @DisplayName("--quick: a few seconds, 4 requesters, no report; an option given explicitly still wins")
  void quick() {
    Options o = Options.parse(new String[] {"--quick"}, REPO);
    assertThat(o.quick()).isTrue();
    assertThat(o.requesters()).isEqualTo(4);
    assertThat(o.durationSeconds()).isEqualTo(5);
    assertThat(o.warmupSeconds()).isZero();
    assertThat(o.idleSeconds()).isEqualTo(2);
    assertThat(o.baselineSeconds()).isEqualTo(1);
    assertThat(o.reservations()).isEqualTo(40);
    assertThat(o.confirmTimeoutSeconds()).as("longer than the stack's own deadlines: still open then means lost").isEqualTo(180);
    assertThat(o.writeReport()).as("a quick run never rewrites the report").isFalse();
    assertThat(Options.parse(new String[] {"--quick", "--requesters", "2"}, REPO).requesters()).isEqualTo(2);
  }

  @Test
  @DisplayName("--rate 100/s selects the open model; 6000/min is the same rate; the reservation budget follows the rate")
  void rate() {
    Options o = Options.parse(new String[] {"--rate", "100/s", "--duration-seconds", "20", "--warmup-seconds", "5"}, REPO);
    assertThat(o.openModel()).isTrue();
    assertThat(o.rate()).isEqualTo(100.0);
    assertThat(o.maxInFlight()).isEqualTo(512);
    assertThat(o.reservations()).isEqualTo(100 * 25 + 10);
    assertThat(o.loadModel()).isEqualTo("open model, 100/s arrivals, at most 512 in flight");
    assertThat(Options.parse(new String[] {"--rate", "6000/min"}, REPO).rate()).isEqualTo(100.0);
    assertThat(Options.parse(new String[] {"--rate", "2.5", "--max-in-flight", "8"}, REPO).maxInFlight()).isEqualTo(8);
  }

  @Test
  @DisplayName("an unknown option, a missing value, a bad number or rate, and a non-loopback host are clear errors with the usage")
  void refused() {
    assertUsageError(new String[] {"--frobnicate"}, "Unknown option: '--frobnicate'");
    assertUsageError(new String[] {"--requesters"}, "--requesters needs a value (Missing required parameter for option '--requesters'");
    assertUsageError(new String[] {"--requesters", "--duration-seconds", "5"}, "--requesters");
    assertUsageError(new String[] {"--requesters", "many"}, "Invalid value for option '--requesters'");
    assertUsageError(new String[] {"--requesters", "0"}, "--requesters must be positive");
    assertUsageError(new String[] {"--warmup-seconds", "-1"}, "--warmup-seconds must not be negative");
    assertUsageError(new String[] {"--rate", "fast"}, "not a rate such as 100/s");
    assertUsageError(new String[] {"--rate", "0/s"}, "the rate must be positive");
    assertUsageError(new String[] {"--base-host", "example.com"}, "loopback");
    assertUsageError(new String[] {"stray"}, "Unmatched argument");
  }

  @Test
  @DisplayName("--help is not an error: the usage, every option listed")
  void help() {
    assertThatThrownBy(() -> Options.parse(new String[] {"--help"}, REPO)).isInstanceOfSatisfying(CommandLines.UsageException.class, e -> {
      assertThat(e.helpRequested()).isTrue();
      assertThat(e.getMessage()).contains("--rate", "--quick", "--idle-seconds", "--baseline-seconds", "--max-in-flight");
    });
  }

  private static void assertUsageError(String[] args, String reason) {
    assertThatThrownBy(() -> Options.parse(args, REPO)).isInstanceOfSatisfying(CommandLines.UsageException.class, e -> {
      assertThat(e.helpRequested()).isFalse();
      assertThat(e.getMessage()).contains(reason).contains("Usage: loadtest/run-load.sh");
    });
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
